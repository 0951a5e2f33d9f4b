"""Outcomes after orientation, and the no-show rate of appointments.

Outcomes: the adults (DEM or CJT) of the département whose first orientation was decided in year
`Y` (the earliest validated decision), followed 6 and 12 months after that decision (calendar months,
clamped to the month's end):
- out of rights and duties: their state at the horizon, from the right history, is not `SDD`;
- exit to employment, to training: a pathway exit of that kind dated from the decision to the
  horizon, both included.
A horizon later than the reference date `at` cannot be observed yet: those persons are counted
apart (`pending`) and left out of the denominator.

No-shows: appointments of the year whose attendance is recorded (honoured, excused, absent); the
rate is the share of absences without excuse, by month and by territory of action (the dossier's).
Rates are percentages rounded half-up to 1 decimal, None when the denominator is 0.
"""

import datetime
import decimal

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractMonth

from pacte.beneficiaries.models import Person, RightHistory
from pacte.evaluation.cohorts import SDD_STATES
from pacte.pathways.dates import MONTHS, add_months
from pacte.pathways.enums import AppointmentStatus, ExitKind, OrientationStatus
from pacte.pathways.models import Appointment, PathwayExit
from pacte.territory.models import Territory

HORIZONS = (6, 12)
RECORDED = (AppointmentStatus.SEEN, AppointmentStatus.EXCUSED, AppointmentStatus.ABSENT)
NO_TERRITORY = "Sans territoire"


def rate(numerator, denominator):
    """{"numerator", "denominator", "value"}: the percentage rounded half-up to 1 decimal."""
    if not denominator:
        value = None
    else:
        exact = decimal.Decimal(numerator) * 100 / decimal.Decimal(denominator)
        value = float(exact.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP))
    return {"numerator": numerator, "denominator": denominator, "value": value}


def _first_orientations(departement, year, territory):
    persons = Person.objects.filter(departement_code=departement, is_adult=True)
    if territory is not None:
        persons = persons.filter(dossier__territory=territory)
    return persons.annotate(
        first_orientation=Min(
            "orientations__decision_date", filter=Q(orientations__status=OrientationStatus.VALIDATED)
        )
    ).filter(first_orientation__year=year)


def _states(departement, persons, until):
    """{person id: [(dtref, in sdd), ...]} ascending, up to `until`."""
    rows = (
        RightHistory.objects.filter(departement_code=departement, dtref__lte=until, person_id__in=persons)
        .order_by("person_id", "dtref")
        .values_list("person_id", "dtref", "right_state", "is_sdd")
    )
    history = {}
    for person_id, dtref, right_state, is_sdd in rows.iterator(chunk_size=5000):
        history.setdefault(person_id, []).append((dtref, bool(is_sdd) and right_state in SDD_STATES))
    return history


def _sdd_at(rows, day):
    state = False
    for dtref, in_sdd in rows:
        if dtref > day:
            break
        state = in_sdd
    return state


def outcomes(departement, year, at=None, *, territory=None):
    """The outcomes at 6 and 12 months of the persons first oriented in `year` (see the module)."""
    at = at or datetime.date.today()
    persons = _first_orientations(departement, year, territory)
    firsts = dict(persons.values_list("pk", "first_orientation"))
    last_horizon = add_months(datetime.date(year, 12, 31), max(HORIZONS))
    history = _states(departement, persons.values("pk"), min(at, last_horizon))
    exits = {}
    for person_id, kind, exit_date in PathwayExit.objects.filter(
        departement_code=departement,
        person_id__in=persons.values("pk"),
        kind__in=[ExitKind.EMPLOYMENT, ExitKind.TRAINING],
    ).values_list("person_id", "kind", "exit_date"):
        exits.setdefault(person_id, []).append((kind, exit_date))
    return {
        "departement": departement,
        "year": year,
        "at": at,
        "persons": len(firsts),
        "horizons": [_horizon(months, firsts, history, exits, at) for months in HORIZONS],
    }


def _horizon(months, firsts, history, exits, at):
    counted = out = employment = training = either = pending = 0
    for person_id, first in firsts.items():
        horizon = add_months(first, months)
        if horizon > at:
            pending += 1
            continue
        counted += 1
        out += not _sdd_at(history.get(person_id, ()), horizon)
        kinds = {kind for kind, day in exits.get(person_id, ()) if first <= day <= horizon}
        employment += ExitKind.EMPLOYMENT in kinds
        training += ExitKind.TRAINING in kinds
        either += bool(kinds)
    return {
        "months": months,
        "label": f"{months} mois après la première orientation",
        "observed": counted,
        "pending": pending,
        "out_of_sdd": rate(out, counted),
        "employment": rate(employment, counted),
        "training": rate(training, counted),
        "employment_or_training": rate(either, counted),
    }


def _no_show_row(key, label, counts):
    seen, excused, absent = (counts.get(status, 0) for status in RECORDED)
    recorded = seen + excused + absent
    return {
        "key": key,
        "label": label,
        "recorded": recorded,
        "seen": seen,
        "excused": excused,
        "absent": absent,
        "rate": rate(absent, recorded),
    }


def no_shows(departement, year, *, territory=None):
    """The no-show rate of the year's appointments with a recorded attendance: by month (1 to 12),
    by territory of action (sorted by name, those without one last) and in total."""
    appointments = Appointment.objects.filter(
        departement_code=departement, starts_at__year=year, status__in=RECORDED
    )
    if territory is not None:
        appointments = appointments.filter(person__dossier__territory=territory)
    by_month, by_territory, total = {}, {}, {}
    for month, territory_id, status, count in (
        appointments.annotate(month=ExtractMonth("starts_at"))
        .values("month", "person__dossier__territory", "status")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("month", "person__dossier__territory", "status", "count")
    ):
        for bucket, key in ((by_month, month), (by_territory, territory_id)):
            counts = bucket.setdefault(key, {})
            counts[status] = counts.get(status, 0) + count
        total[status] = total.get(status, 0) + count
    names = dict(
        Territory.objects.filter(pk__in=[key for key in by_territory if key is not None]).values_list(
            "pk", "name"
        )
    )
    territories = sorted(
        by_territory.items(), key=lambda item: (item[0] is None, names.get(item[0], "").casefold())
    )
    return {
        "departement": departement,
        "year": year,
        "by_month": [
            _no_show_row(month, f"{MONTHS[month - 1]} {year}", by_month.get(month, {}))
            for month in range(1, 13)
        ],
        "by_territory": [
            _no_show_row(key, names.get(key, NO_TERRITORY), counts) for key, counts in territories
        ],
        "total": _no_show_row("total", "Ensemble", total),
    }
