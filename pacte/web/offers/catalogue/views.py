"""The catalogue of offers: the search (near a commune, by need, public, mode), an offer's page
with its sessions, and the status moves of those who may change it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.offers import search, services
from pacte.offers.enums import SEAT_STATUSES, OfferStatus
from pacte.offers.models import CATALOGUE_ROLES, Offer
from pacte.organizations import perms
from pacte.portal import ratings
from pacte.web.offers.catalogue import display
from pacte.web.offers.catalogue.access import (
    can_author_offers,
    check,
    communes_for,
    editable_offer,
    readable_offer,
)
from pacte.web.offers.catalogue.forms import SearchForm

PAGE_SIZE = 50
# A datalist past this many communes helps no one (a superuser's every département): the field
# still takes a name or a code.
DATALIST_LIMIT = 1500
STATUS_MOVES = {
    OfferStatus.PUBLISHED: "Publier",
    OfferStatus.DRAFT: "Repasser en brouillon",
    OfferStatus.ARCHIVED: "Archiver",
}


def _filtered(offers, data):
    status = data.get("status", "")
    if status != "all":
        offers = offers.filter(status=status or OfferStatus.PUBLISHED)
    offers = search.matching(
        offers,
        thematiques=[data["thematique"]] if data.get("thematique") else (),
        themes=[data["theme"]] if data.get("theme") else (),
        publics=[data["public"]] if data.get("public") else (),
        reception_mode=data.get("mode", ""),
    )
    if data.get("q"):
        words = data["q"].strip()
        offers = offers.filter(
            Q(name__icontains=words)
            | Q(description__icontains=words)
            | Q(organization__name__icontains=words)
        )
    commune = data.get("commune")
    if commune is None:
        return offers.order_by("name", "id")
    return search.near_or_remote(offers, commune=commune, radius_km=data["radius_km"])


def _rows(page):
    for offer in page:
        offer.thematique_labels = display.labels("thematiques", offer.thematiques)
        offer.mode_labels = display.labels("reception_modes", offer.reception_modes)
        distance = getattr(offer, "distance_km", None)
        offer.distance_label = (
            "à distance"
            if offer.is_remote_only
            else display.distance(distance)
            if distance is not None
            else ""
        )
    return page


@login_required
def offer_list(request):
    check(perms.holds(request.user, *CATALOGUE_ROLES))
    offers = Offer.objects.visible_to(request.user)
    departements = perms.departements_for(request.user, *CATALOGUE_ROLES)
    show_status = can_author_offers(request.user)
    form = SearchForm(request.GET or None, departements=departements, show_status=show_status)
    searched = form.is_bound and form.is_valid()
    data = form.cleaned_data if searched else {}
    if form.is_bound and not searched:
        results = offers.none()
    else:
        results = _filtered(offers.select_related("organization", "commune"), data)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    communes = communes_for(departements, limit=DATALIST_LIMIT + 1)
    context = {
        "form": form,
        "page": _rows(page),
        "querystring": params.urlencode(),
        "communes": communes if len(communes) <= DATALIST_LIMIT else [],
        "near": data.get("commune"),
        "radius": data.get("radius_km"),
        "can_create": can_author_offers(request.user),
    }
    return render(request, "web/offers/catalogue/list.html", context)


def _sessions(offer, today):
    """Upcoming sessions first (soonest first), then past ones (latest first), with seats taken."""
    sessions = list(
        offer.sessions.select_related("commune")
        .annotate(seats_taken=Count("prescriptions", filter=Q(prescriptions__status__in=SEAT_STATUSES)))
        .order_by("start_date", "id")
    )
    upcoming = [s for s in sessions if (s.end_date or s.start_date) >= today]
    past = [s for s in sessions if (s.end_date or s.start_date) < today]
    for session in upcoming:
        session.is_upcoming = True
    return upcoming + past[::-1]


def is_stale(offer, now):
    return offer.status == OfferStatus.PUBLISHED and offer.updated_at < now - datetime.timedelta(
        days=services.STALE_AFTER_DAYS
    )


@login_required
def offer_detail(request, uuid):
    offer = readable_offer(request, uuid)
    can_edit = Offer.objects.editable_by(request.user).filter(pk=offer.pk).exists()
    today, now = timezone.localdate(), timezone.now()
    moves = [(status, STATUS_MOVES[status]) for status in services.OFFER_TRANSITIONS.targets(offer.status)]
    context = {
        "offer": offer,
        "sessions": _sessions(offer, today),
        "seats_taken": offer.prescriptions.filter(status__in=SEAT_STATUSES).count(),
        "labels": {field: display.labels(field, getattr(offer, field)) for field in display.LABELS},
        "can_edit": can_edit,
        "moves": moves if can_edit else [],
        "show_contact": perms.is_staff_user(request.user),
        "stale": is_stale(offer, now),
        "stale_months": services.STALE_AFTER_DAYS // 30,
        "ratings": ratings.for_offer(offer),
        "ratings_minimum": ratings.MIN_RATINGS,
    }
    return render(request, "web/offers/catalogue/detail.html", context)


@login_required
@require_POST
def offer_status(request, uuid):
    offer = editable_offer(request, uuid)
    status = request.POST.get("status", "")
    if status not in STATUS_MOVES:
        messages.error(request, "Statut inconnu.")
        return redirect(offer_url(offer))
    try:
        services.set_status(actor=request.user, offer=offer, status=status)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"L'offre est maintenant « {offer.get_status_display().lower()} ».")
    return redirect(offer_url(offer))


def offer_url(offer):
    return reverse("web:offer_detail", kwargs={"uuid": offer.uuid})
