"""Small helpers shared by the orientation views: who reaches the pages (the orienting roles),
and the person of a page, read through `Person.objects.visible_to(user)` (out of scope: 404)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.pathways import perms

PAGE_SIZE = 50


def require_orienting(user):
    if not perms.can_orient(user):
        raise PermissionDenied


def require_rule_manager(user):
    if not perms.can_manage_rules(user):
        raise PermissionDenied


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


def paginate(request, queryset, size=PAGE_SIZE):
    """The requested page, and the query string of the other parameters (filters) for its links."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def render_page(request, template, context):
    """`render` with what the orientation section's own navigation needs."""
    context["can_manage_rules"] = perms.can_manage_rules(request.user)
    return render(request, template, context)
