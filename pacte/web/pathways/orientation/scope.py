"""Who reaches the orientation pages, and over what: the orienting roles (direction, orientation
agents) for the pages, `Person.objects.visible_to(user)` for every person (out of scope: 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pathways import perms
from pacte.territory.models import Departement, Territory


def require_orienting(user):
    if not perms.can_orient(user):
        raise PermissionDenied


def require_rule_manager(user):
    if not (user.is_superuser or org_perms.has_role(user, Role.DIRECTION)):
        raise PermissionDenied


def orienting_departements(user):
    """Codes of the départements where `user` orients; every one for a superuser."""
    if user.is_superuser:
        return list(Departement.objects.order_by("code").values_list("code", flat=True))
    return org_perms.departement_codes_for(user, *perms.ORIENTING_ROLES)


def rule_departements(user):
    if user.is_superuser:
        return list(Departement.objects.order_by("code").values_list("code", flat=True))
    return org_perms.departement_codes_for(user, Role.DIRECTION)


def territories_for(user):
    """The territories an orienting user may filter on: theirs for an agent tied to one, else their
    départements' ones."""
    queryset = Territory.objects.filter(departement_id__in=orienting_departements(user))
    agent_orgs = org_perms.organizations_for(user, Role.ORIENTATION_AGENT)
    only_agent = not user.is_superuser and not org_perms.has_role(user, Role.DIRECTION)
    if only_agent and agent_orgs and all(org.territory_id for org in agent_orgs):
        queryset = queryset.filter(pk__in=[org.territory_id for org in agent_orgs])
    return queryset.select_related("departement").order_by("departement_id", "name", "id")


def person_for(request, uuid, *, predicate=perms.can_orient, audit_action=None):
    """The person `uuid` if `request.user` may see it and `predicate` allows it, else 404."""
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("dossier", "dossier__territory"), uuid=uuid
    )
    if not predicate(request.user, person):
        raise Http404
    if audit_action:
        log_read(request, person, action=audit_action)
    return person


def bodies_for(departement_code, body_kind=None):
    """Active organisations of the département that can receive orientations, by kind."""
    queryset = Organization.objects.filter(departement_id=departement_code, is_active=True).order_by(
        "name", "id"
    )
    organizations = list(queryset)
    if body_kind:
        organizations = [org for org in organizations if org.orientation_body_kind == body_kind]
    return organizations
