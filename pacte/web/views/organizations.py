from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from pacte.organizations import perms
from pacte.organizations.enums import OrganizationKind
from pacte.organizations.models import Organization


def _organizations_for(user):
    if not perms.can_read_organizations(user):
        raise PermissionDenied
    return Organization.objects.visible_to(user).select_related("departement", "territory")


@login_required
def organization_list(request):
    organizations = _organizations_for(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    )
    kind = request.GET.get("kind", "")
    if kind in OrganizationKind.values:
        organizations = organizations.filter(kind=kind)
    page = Paginator(organizations.order_by("name", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/organizations/list.html",
        {"page": page, "kinds": OrganizationKind.choices, "kind": kind},
    )


@login_required
def organization_detail(request, uuid):
    organization = get_object_or_404(_organizations_for(request.user), uuid=uuid)
    memberships = (
        organization.memberships.active().select_related("user").order_by("user__last_name", "role", "id")
    )
    return render(
        request, "web/organizations/detail.html", {"organization": organization, "memberships": memberships}
    )
