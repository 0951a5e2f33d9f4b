"""Reads of the pathways app. Each starts from `Person.objects.visible_to(user)`.

The stock and the flow (docs/decisions/008-stock-and-flow.md): the adults subject to rights and
duties are either *entrants* (they entered after the département's first CAF file) or the *stock*
(already subject in that first file). The 6 weeks of the orientation run from the entry
(`Person.sdd_since`, dated by the best evidence, `sdd_since_evidence`) and apply to the entrants:
`orientation_queue()` is the one definition the queue, the home pages and the late dashboards
count. The stock without orientation is worked apart (`stock_without_orientation()`).
"""

import datetime

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Subquery, Value, When

from pacte.beneficiaries.models import Person
from pacte.organizations.models import User
from pacte.pathways.dates import (
    ORIENTATION_DEADLINE_DAYS,
    add_months,
    contract_deadline,
    orientation_deadline,
)
from pacte.pathways.enums import AppointmentStatus, OrientationStatus
from pacte.pathways.models import (
    Appointment,
    Contract,
    Orientation,
    PathwayExit,
    ReferentAssignment,
)


def _proposal():
    return Orientation.objects.filter(person=OuterRef("pk"), status=OrientationStatus.PROPOSED)


QUEUE_DEFINITION = (
    "Adultes soumis aux droits et devoirs, entrés après le premier fichier de la CAF du département, "
    "sans orientation décidée ; le délai de six semaines court de leur date d'entrée."
)
STOCK_DEFINITION = (
    "Adultes déjà soumis aux droits et devoirs dans le premier fichier de la CAF du département, "
    "sans orientation décidée."
)


def _not_oriented(people):
    oriented = Orientation.objects.decided().filter(person=OuterRef("pk"))
    return (
        people.filter(~Exists(oriented))
        .annotate(entry_date=F("sdd_since"), proposal_uuid=Subquery(_proposal().values("uuid")[:1]))
        .select_related("dossier", "dossier__territory")
    )


def _with_overdue(people, today):
    cutoff = today - datetime.timedelta(days=ORIENTATION_DEADLINE_DAYS)
    return people.annotate(
        is_overdue=Case(
            When(entry_date__lt=cutoff, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def orientation_queue(user, *, today, territory=None):
    """The entrants not yet oriented (`QUEUE_DEFINITION`), most urgent first.

    Each row carries `entry_date` (start of the 6 weeks), `deadline` (Python property helper
    `queue_deadline(person)`), `is_overdue`, and `proposal_uuid` (the pending proposal, if any).
    """
    people = _not_oriented(Person.objects.visible_to(user).entrants())
    queryset = _with_overdue(people, today).order_by("entry_date", "sort_key", "id")
    if territory is not None:
        queryset = queryset.filter(dossier__territory=territory)
    return queryset


def stock_without_orientation(user, *, territory=None):
    """The stock not yet oriented (`STOCK_DEFINITION`), the oldest entries first."""
    queryset = _not_oriented(Person.objects.visible_to(user).stock()).order_by(
        F("entry_date").asc(nulls_first=True), "sort_key", "id"
    )
    if territory is not None:
        queryset = queryset.filter(dossier__territory=territory)
    return queryset


def orientation_counts(people, *, today):
    """{"entrants", "overdue", "stock"} of the persons `people` (a visible_to() queryset, or a
    département's persons for aggregates): the figures the queue, the late dashboard and the stock
    worklist list, by the same definitions."""
    entrants = _with_overdue(_not_oriented(people.entrants()), today).order_by()
    return {
        "entrants": entrants.count(),
        "overdue": entrants.filter(is_overdue=True).count(),
        "stock": _not_oriented(people.stock()).order_by().count(),
    }


def queue_deadline(person):
    """The legal deadline of a person read from `orientation_queue()`."""
    return orientation_deadline(person.entry_date)


def not_oriented_in_time(user, *, today, territory=None):
    return orientation_queue(user, today=today, territory=territory).filter(is_overdue=True)


def _current_orientation(field):
    return Subquery(Orientation.objects.current().filter(person=OuterRef("pk")).values(field)[:1])


def without_contract_after_orientation(user, *, today):
    """Oriented more than a month ago and no contract signed since the (current) orientation."""
    cutoff = add_months(today, -1)
    contract_since = Contract.objects.signed().filter(
        person=OuterRef("pk"), signed_on__gte=OuterRef("oriented_on")
    )
    exited = PathwayExit.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.visible_to(user)
        .sdd()
        .annotate(oriented_on=_current_orientation("decision_date"))
        .filter(oriented_on__lte=cutoff)
        .filter(~Exists(contract_since), ~Exists(exited))
        .select_related("dossier")
        .order_by("oriented_on", "last_name", "first_name", "id")
    )


def without_appointment(user, *, today, months=3):
    """In accompaniment (an active référent) but no appointment held or planned for `months` months."""
    since = add_months(today, -months)
    recent = Appointment.objects.filter(
        person=OuterRef("pk"),
        status__in=[AppointmentStatus.SCHEDULED, AppointmentStatus.SEEN],
        starts_at__date__gte=since,
    )
    followed = ReferentAssignment.objects.filter(person=OuterRef("pk"), end_date=None, start_date__lte=since)
    return (
        Person.objects.visible_to(user)
        .filter(Exists(followed), ~Exists(recent))
        .select_related("dossier")
        .order_by("last_name", "first_name", "id")
    )


def late_summary(user, *, today, appointment_months=3):
    """The three counters of the "what is late" dashboard."""
    return {
        "not_oriented_in_time": not_oriented_in_time(user, today=today).count(),
        "without_contract": without_contract_after_orientation(user, today=today).count(),
        "without_appointment": without_appointment(user, today=today, months=appointment_months).count(),
    }


def caseload(user, referent):
    """The persons `referent` currently follows, among those `user` may see."""
    active = ReferentAssignment.objects.filter(referent=referent, end_date=None)
    return (
        Person.objects.visible_to(user)
        .filter(pk__in=active.values("person_id"))
        .annotate(
            referent_since=Subquery(active.filter(person=OuterRef("pk")).values("start_date")[:1]),
            current_track=_current_orientation("track"),
        )
        .select_related("dossier")
        .order_by("last_name", "first_name", "id")
    )


def caseload_sizes(user, organization):
    """{référent: number of persons followed} for an organisation's active designations visible to `user`."""
    visible = Person.objects.visible_to(user).values("pk")
    return list(
        User.objects.filter(
            referent_assignments__organization=organization,
            referent_assignments__end_date=None,
            referent_assignments__person__in=visible,
        )
        .annotate(caseload=Count("referent_assignments"))
        .order_by("last_name", "first_name", "id")
    )


def contract_is_late(contract_orientation_date, today):
    return today > contract_deadline(contract_orientation_date)
