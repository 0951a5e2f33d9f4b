"""The partner's own page: every offer of its organisations (the direction: of its département),
whatever their status, with what needs its attention (six months without an update)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from pacte.offers import services
from pacte.offers.enums import SEAT_STATUSES, OfferStatus
from pacte.offers.models import Offer, OfferSession, Prescription
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.portal import ratings
from pacte.web.offers.catalogue.access import can_author_offers, check

PAGE_SIZE = 50


def _count(queryset):
    """A correlated count, so that several counts do not multiply each other's joins."""
    counted = queryset.order_by().values("offer").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def partner_rows(user, today, status=""):
    upcoming = OfferSession.objects.filter(offer=OuterRef("pk")).upcoming(today)
    seats = Prescription.objects.filter(offer=OuterRef("pk"), status__in=SEAT_STATUSES)
    next_start = upcoming.order_by().values("offer").annotate(first=Min("start_date")).values("first")
    offers = Offer.objects.editable_by(user)
    if status:
        offers = offers.filter(status=status)
    return (
        offers.select_related("organization", "commune")
        .annotate(
            upcoming_sessions=_count(upcoming),
            next_session=Subquery(next_start),
            seats_taken=_count(seats),
        )
        .order_by("organization__name", "organization_id", "name", "id")
    )


@login_required
def partner_offers(request):
    check(can_author_offers(request.user))
    status = request.GET.get("status", "")
    if status not in OfferStatus.values:
        status = ""
    today, now = timezone.localdate(), timezone.now()
    rows = partner_rows(request.user, today, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    stale_before = now - datetime.timedelta(days=services.STALE_AFTER_DAYS)
    for offer in page:
        offer.is_stale = offer.status == OfferStatus.PUBLISHED and offer.updated_at < stale_before
    counts = dict(
        Offer.objects.editable_by(request.user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    stale_count = Offer.objects.editable_by(request.user).stale(stale_before).count()
    directs = perms.holds(request.user, Role.DIRECTION)
    context = {
        "title": "Offres des structures du département" if directs else "Offres de ma structure",
        "directs": directs,
        "page": page,
        "status": status,
        "statuses": OfferStatus.choices,
        "counts": [(value, label, counts.get(value, 0)) for value, label in OfferStatus.choices],
        "stale_count": stale_count,
        "stale_months": services.STALE_AFTER_DAYS // 30,
        "querystring": f"status={status}" if status else "",
        "ratings": ratings.for_offers(Offer.objects.editable_by(request.user)),
        "ratings_minimum": ratings.MIN_RATINGS,
    }
    return render(request, "web/offers/catalogue/partner_offers.html", context)
