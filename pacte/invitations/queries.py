"""Reads of invitations: the outcomes per territory."""

import dataclasses

from django.db.models import Count, F, Q
from django.utils import timezone

from pacte.invitations.enums import OPEN_STATUSES, InvitationStatus
from pacte.invitations.models import Invitation

NO_TERRITORY = "Sans territoire"


@dataclasses.dataclass
class Outcome:
    departement_code: str
    territory: str
    invited: int
    opened: int
    taken: int
    no_answer: int
    letters: int

    @property
    def taken_rate(self):
        return round(100 * self.taken / self.invited) if self.invited else 0


def outcomes_by_territory(departement_codes, *, since=None, until=None):
    """Per territory of the person's dossier: invitations sent, opened, appointment taken, no answer
    (past the delay) and letters sent."""
    rows = Invitation.objects.filter(departement_code__in=departement_codes)
    if since is not None:
        rows = rows.filter(sent_at__date__gte=since)
    if until is not None:
        rows = rows.filter(sent_at__date__lte=until)
    grouped = (
        rows.values("departement_code", "person__dossier__territory__name")
        .annotate(
            invited=Count("id"),
            opened=Count("id", filter=Q(opened_at__isnull=False)),
            taken=Count("id", filter=Q(status=InvitationStatus.APPOINTMENT_TAKEN)),
            no_answer=Count("id", filter=Q(status=InvitationStatus.EXPIRED)),
            letters=Count("id", filter=Q(by_letter=True)),
        )
        .order_by("departement_code", F("person__dossier__territory__name").asc(nulls_last=True))
    )
    return [
        Outcome(
            departement_code=row["departement_code"],
            territory=row["person__dossier__territory__name"] or NO_TERRITORY,
            invited=row["invited"],
            opened=row["opened"],
            taken=row["taken"],
            no_answer=row["no_answer"],
            letters=row["letters"],
        )
        for row in grouped
    ]


def totals(outcomes):
    return Outcome(
        departement_code="",
        territory="Total",
        invited=sum(o.invited for o in outcomes),
        opened=sum(o.opened for o in outcomes),
        taken=sum(o.taken for o in outcomes),
        no_answer=sum(o.no_answer for o in outcomes),
        letters=sum(o.letters for o in outcomes),
    )


def invitations_of(person, now=None):
    """The person's invitations, the most recent first; `is_past_delay` marks those whose delay is
    over, before the daily command counts them "no answer"."""
    now = now or timezone.now()
    rows = list(
        Invitation.objects.filter(person=person)
        .select_related("organization", "appointment")
        .order_by("-sent_at", "-id")
    )
    for row in rows:
        row.is_past_delay = row.status == InvitationStatus.EXPIRED or (
            row.status in OPEN_STATUSES and row.expires_at <= now
        )
    return rows
