"""Hand-built cohorts for the evaluation tests: persons with a right history, orientations, exits
and appointments, written in a line each."""

import datetime

from django.utils import timezone

from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.enums import (
    AppointmentKind,
    EmploymentContractType,
    ExitKind,
    OrientationOrigin,
    OrientationStatus,
    Track,
)
from pacte.pathways.models import Appointment, Orientation, PathwayExit
from tests.evaluation.cohort import kept
from tests.factories import DossierFactory, PersonFactory, RightHistoryFactory

D = datetime.date


def person(demand, history=(), *, departement="87", territory=None, sdd_since=None, **kwargs):
    """A person whose dossier was demanded on `demand`, with `history` [(dtref, state), ...]
    (state "2" and the others in rights and duties; "5" closed; ("2", False) not subject)."""
    dossier = DossierFactory(departement_code=departement, dtdemrsa=demand, territory=territory)
    someone = PersonFactory(dossier=dossier, sdd_since=sdd_since, **kwargs)
    for dtref, state in history:
        right_state, is_sdd = state if isinstance(state, tuple) else (state, state in {"2", "3", "4"})
        RightHistoryFactory(person=someone, dtref=dtref, right_state=right_state, is_sdd=is_sdd)
    return someone


def orient(
    someone,
    decided_on,
    *,
    body_kind=OrientationBodyKind.DEPARTEMENT,
    status=OrientationStatus.VALIDATED,
    body=None,
):
    return kept(
        Orientation,
        departement_code=someone.departement_code,
        person=someone,
        track=Track.SOCIO_PROFESSIONAL,
        body_kind=body_kind,
        body=body,
        status=status,
        origin=OrientationOrigin.MANUAL,
        decision_date=decided_on if status == OrientationStatus.VALIDATED or decided_on else None,
    )


def exit_(someone, kind, on):
    return PathwayExit.objects.create(
        departement_code=someone.departement_code,
        person=someone,
        kind=kind,
        employment_contract_type=EmploymentContractType.CDI if kind == ExitKind.EMPLOYMENT else "",
        exit_date=on,
    )


def appointment(someone, organization, day, status, hour=10):
    starts_at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))
    return Appointment.objects.create(
        departement_code=someone.departement_code,
        person=someone,
        organization=organization,
        kind=AppointmentKind.FOLLOW_UP,
        starts_at=starts_at,
        place="Maison du département",
        status=status,
    )
