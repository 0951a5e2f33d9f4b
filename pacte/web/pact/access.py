"""Who reaches the pact pages, and the pact of a page: read through `Pact.objects.visible_to(user)`
(every staff role of its département), changed by its direction (`editable_by`); a pact out of
sight answers 404, a pact read but not editable 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from pacte.organizations import perms
from pacte.pact.models import EDITOR_ROLES, READER_ROLES, Action, Pact, PactIndicator


def check(allowed):
    if not allowed:
        raise PermissionDenied


def can_read_pacts(user):
    return perms.holds(user, *READER_ROLES)


def can_edit(user, pact):
    return Pact.objects.editable_by(user).filter(pk=pact.pk).exists()


def readable_pact(request, slug):
    check(can_read_pacts(request.user))
    return get_object_or_404(Pact.objects.visible_to(request.user).select_related("departement"), slug=slug)


def editable_pact(request, slug):
    pact = readable_pact(request, slug)
    check(perms.holds(request.user, *EDITOR_ROLES) and can_edit(request.user, pact))
    return pact


def readable_action(request, uuid):
    check(can_read_pacts(request.user))
    actions = Action.objects.filter(objective__thematic__pact__in=Pact.objects.visible_to(request.user))
    return get_object_or_404(actions.select_related("objective__thematic__pact", "pilot"), uuid=uuid)


def editable_action(request, uuid):
    action = readable_action(request, uuid)
    check(can_edit(request.user, action.objective.thematic.pact))
    return action


def readable_indicator(request, uuid):
    check(can_read_pacts(request.user))
    indicators = PactIndicator.objects.filter(pact__in=Pact.objects.visible_to(request.user))
    return get_object_or_404(indicators.select_related("pact", "action", "objective"), uuid=uuid)
