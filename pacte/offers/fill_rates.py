"""Fill rates and waiting lists of the offers, by offer, by partner organisation and by territory
of action (the offer's commune's), in one query whatever the number of offers.

- capacity: the offer's own, else the sum of its upcoming sessions' (unknown when neither says);
- seats taken: the prescriptions that hold a seat (`enums.SEAT_STATUSES`: accepted, started);
- fill rate: seats taken ÷ capacity;
- waiting list: the prescriptions on the waiting list plus the waiting list the offer declares;
- prescriptions sent in the last 12 months, and their acceptance rate: of those answered
  (accepted, waiting list, refused, or gone further: started, completed, abandoned), the share
  accepted (accepted, started, completed, abandoned).
"""

import dataclasses

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum

from pacte.offers.enums import SEAT_STATUSES, PrescriptionStatus
from pacte.offers.models import OfferSession
from pacte.pathways.dates import add_months

ACCEPTED_STATUSES = (
    PrescriptionStatus.ACCEPTED,
    PrescriptionStatus.STARTED,
    PrescriptionStatus.COMPLETED,
    PrescriptionStatus.ABANDONED,
)
ANSWERED_STATUSES = (*ACCEPTED_STATUSES, PrescriptionStatus.WAITLISTED, PrescriptionStatus.REFUSED)
RECENT_MONTHS = 12
NO_TERRITORY = "Sans territoire d'action"


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


@dataclasses.dataclass(frozen=True)
class Figures:
    """What is summed over offers (one offer, a partner's, a territory's)."""

    capacity: int | None
    taken: int
    taken_with_capacity: int
    waiting_list: int
    sent: int
    answered: int
    accepted: int

    @property
    def fill_rate(self):
        """Seats taken ÷ capacity (%), over the offers whose capacity is known."""
        return _rate(self.taken_with_capacity, self.capacity)

    @property
    def acceptance_rate(self):
        return _rate(self.accepted, self.answered)

    @property
    def is_over_capacity(self):
        return self.capacity is not None and self.taken_with_capacity > self.capacity


@dataclasses.dataclass(frozen=True)
class OfferFill:
    uuid: str
    name: str
    organization: str
    territory: str
    figures: Figures

    @property
    def is_flagged(self):
        """Over capacity, or people wait for it."""
        return self.figures.is_over_capacity or self.figures.waiting_list > 0


@dataclasses.dataclass(frozen=True)
class GroupFill:
    label: str
    offers: int
    flagged: int
    figures: Figures


def by_offer(offers, *, today):
    """[OfferFill] of `offers` (an already scoped queryset), by organisation then name."""
    since = add_months(today, -RECENT_MONTHS)
    sessions = (
        OfferSession.objects.upcoming(today)
        .filter(offer=OuterRef("pk"))
        .order_by()
        .values("offer")
        .annotate(total=Sum("capacity"))
        .values("total")
    )
    recent = Q(prescriptions__sent_on__gte=since)
    rows = (
        offers.select_related("organization", "commune__territory")
        .annotate(
            session_capacity=Subquery(sessions, output_field=IntegerField()),
            taken=Count("prescriptions", filter=Q(prescriptions__status__in=SEAT_STATUSES)),
            waitlisted=Count("prescriptions", filter=Q(prescriptions__status=PrescriptionStatus.WAITLISTED)),
            sent=Count("prescriptions", filter=recent),
            answered=Count("prescriptions", filter=recent & Q(prescriptions__status__in=ANSWERED_STATUSES)),
            accepted=Count("prescriptions", filter=recent & Q(prescriptions__status__in=ACCEPTED_STATUSES)),
        )
        .order_by("organization__name", "organization_id", "name", "id")
    )
    return [_offer_fill(offer) for offer in rows]


def _offer_fill(offer):
    capacity = offer.capacity if offer.capacity is not None else offer.session_capacity
    territory = offer.commune.territory if offer.commune_id and offer.commune.territory_id else None
    return OfferFill(
        uuid=str(offer.uuid),
        name=offer.name,
        organization=offer.organization.name,
        territory=territory.name if territory else NO_TERRITORY,
        figures=Figures(
            capacity=capacity,
            taken=offer.taken,
            taken_with_capacity=offer.taken if capacity is not None else 0,
            waiting_list=offer.waitlisted + offer.waiting_list,
            sent=offer.sent,
            answered=offer.answered,
            accepted=offer.accepted,
        ),
    )


def _sum(rows):
    capacities = [row.figures.capacity for row in rows if row.figures.capacity is not None]
    return Figures(
        capacity=sum(capacities) if capacities else None,
        **{
            name: sum(getattr(row.figures, name) for row in rows)
            for name in ("taken", "taken_with_capacity", "waiting_list", "sent", "answered", "accepted")
        },
    )


def _grouped(rows, key):
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return [
        GroupFill(
            label=label,
            offers=len(members),
            flagged=sum(r.is_flagged for r in members),
            figures=_sum(members),
        )
        for label, members in sorted(groups.items(), key=lambda item: (item[0] == NO_TERRITORY, item[0]))
    ]


def by_organization(rows):
    return _grouped(rows, lambda row: row.organization)


def by_territory(rows):
    return _grouped(rows, lambda row: row.territory)


def total(rows):
    return GroupFill(
        label="Ensemble", offers=len(rows), flagged=sum(r.is_flagged for r in rows), figures=_sum(rows)
    )
