"""Reads of the pathways app. Each starts from `Person.objects.visible_to(user)`.

Orientation deadline: the 6 weeks run from the person's entry into rights and duties, taken as the
later of the dossier's RSA demand date (`dossier.dtdemrsa`, T0 of the indicators) and `sdd_since`
(a person who becomes subject to rights and duties after the demand, a spouse joining the household
say, is counted from that day). See docs/decisions/003-pathways.md.
"""

import datetime

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

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


def orientation_queue(user, *, today, territory=None):
    """Persons subject to rights and duties not yet oriented, most urgent first.

    Each row carries `entry_date` (start of the 6 weeks), `deadline` (Python property helper
    `queue_deadline(person)`), `is_overdue`, and `proposal_uuid` (the pending proposal, if any).
    """
    oriented = Orientation.objects.decided().filter(person=OuterRef("pk"))
    cutoff = today - datetime.timedelta(days=ORIENTATION_DEADLINE_DAYS)
    queryset = (
        Person.objects.visible_to(user)
        .sdd()
        .adults()
        .filter(~Exists(oriented))
        .annotate(
            entry_date=Greatest(F("dossier__dtdemrsa"), Coalesce(F("sdd_since"), F("dossier__dtdemrsa"))),
            proposal_uuid=Subquery(_proposal().values("uuid")[:1]),
        )
        .annotate(
            is_overdue=Case(
                When(entry_date__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("dossier", "dossier__territory")
        .order_by("entry_date", "last_name", "first_name", "id")
    )
    if territory is not None:
        queryset = queryset.filter(dossier__territory=territory)
    return queryset


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
