"""Small helpers shared by the orientation views."""

from django.core.paginator import Paginator
from django.shortcuts import render

from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role

PAGE_SIZE = 50


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
    user = request.user
    context["can_manage_rules"] = user.is_superuser or org_perms.has_role(user, Role.DIRECTION)
    return render(request, template, context)
