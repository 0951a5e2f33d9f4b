"""Fill rates and waiting lists: a partner reads its organisations' published offers, the
direction its départements', by partner, by territory of action and by offer (paginated), with a
chart of the fill rates. Counts only: no person reaches this page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from pacte.offers import fill_rates
from pacte.offers.models import Offer
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.web.charts import bar_chart

PAGE_SIZE = 50
FILL_RATE_ROLES = (Role.DIRECTION, Role.PARTNER)


def scoped_offers(user):
    """The published offers of the organisations `user` is partner of, and of the départements it
    directs."""
    if not perms.holds(user, *FILL_RATE_ROLES):
        raise PermissionDenied
    own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
    directed = perms.departements_for(user, Role.DIRECTION)
    return (
        Offer.objects.visible_to(user)
        .published()
        .filter(Q(organization_id__in=own) | Q(departement_code__in=directed))
    )


def scope_label(user):
    parts = []
    if perms.organizations_for(user, Role.PARTNER):
        parts.append("de vos structures")
    if perms.sees_everything(user) or perms.departements_for(user, Role.DIRECTION):
        parts.append("des départements que vous dirigez")
    return " et ".join(parts)


def _chart(title, groups):
    return bar_chart(title, [(group.label, group.figures.fill_rate or 0) for group in groups])


@login_required
def offer_fill_rates(request):
    rows = fill_rates.by_offer(scoped_offers(request.user), today=timezone.localdate())
    flagged_only = request.GET.get("signalees") == "1"
    listed = [row for row in rows if row.is_flagged] if flagged_only else rows
    by_organization = fill_rates.by_organization(rows)
    by_territory = fill_rates.by_territory(rows)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": page.object_list,
        "page": page,
        "flagged_only": flagged_only,
        "by_organization": by_organization,
        "by_territory": by_territory,
        "total": fill_rates.total(rows),
        "organization_chart": _chart("Taux de remplissage par structure (%)", by_organization),
        "territory_chart": _chart("Taux de remplissage par territoire d'action (%)", by_territory),
        "months": fill_rates.RECENT_MONTHS,
        "scope_label": scope_label(request.user),
    }
    return render(request, "web/offers/coverage/fill_rates.html", context)
