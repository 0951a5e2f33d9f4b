"""The time spent in rights and duties, by cohort of delay from the RSA demand to the first
orientation: the observations the survival curves are drawn from (pacte.evaluation.survival).

For each adult (DEM or CJT) of the département oriented on or before the reference date `at`:
- entry: the first row of the right history in rights and duties (`SDD`: ETATDOSRSA in {2, 3, 4}
  and TOPPERSDRODEVORSA = 1) dated on or before `at`, or the person's entry date (`sdd_since`,
  dated by the best evidence) when that is earlier, so that the stock is not dated by its first file;
- event: the first later row of the right history that is no longer `SDD`, dated on or before `at`;
- otherwise right-censored at `at`;
- cohort: the days from DTDEMRSA to the first orientation decided on or before `at`.
Only the first spell in rights and duties counts. Two queries whatever the number of persons.
"""

import dataclasses

from django.db.models import Min, Q

from pacte.beneficiaries.models import Person, RightHistory
from pacte.pathways.enums import OrientationStatus

SDD_STATES = frozenset({"2", "3", "4"})

# (key, French label, lowest delay in days, highest delay or None)
COHORTS = (
    ("0-30", "0 à 30 jours", None, 30),
    ("31-60", "31 à 60 jours", 31, 60),
    ("61-90", "61 à 90 jours", 61, 90),
    ("90+", "plus de 90 jours", 91, None),
)


def cohort_of(delay_days):
    """The key of the cohort of a delay; a decision before the demand counts in the first."""
    for key, _, _, highest in COHORTS:
        if highest is None or delay_days <= highest:
            return key
    raise AssertionError("the last cohort has no upper bound")


@dataclasses.dataclass(frozen=True)
class Observation:
    cohort: str
    delay_days: int
    duration_days: int
    observed: bool  # exit from rights and duties seen on or before `at`; else censored at `at`


def _oriented_persons(departement, at, territory):
    persons = Person.objects.filter(departement_code=departement, is_adult=True)
    if territory is not None:
        persons = persons.filter(dossier__territory=territory)
    return persons.annotate(
        first_orientation=Min(
            "orientations__decision_date",
            filter=Q(
                orientations__status=OrientationStatus.VALIDATED,
                orientations__decision_date__lte=at,
            ),
        )
    ).filter(first_orientation__isnull=False)


def _spells(departement, at, person_ids):
    """{person id: (entry, exit or None)} from the right history up to `at`."""
    rows = (
        RightHistory.objects.filter(departement_code=departement, dtref__lte=at, person_id__in=person_ids)
        .order_by("person_id", "dtref")
        .values_list("person_id", "dtref", "right_state", "is_sdd")
    )
    spells = {}
    for person_id, dtref, right_state, is_sdd in rows.iterator(chunk_size=5000):
        in_sdd = is_sdd and right_state in SDD_STATES
        spell = spells.get(person_id)
        if spell is None:
            if in_sdd:
                spells[person_id] = [dtref, None]
        elif spell[1] is None and not in_sdd:
            spell[1] = dtref
    return spells


def observations(departement, at, *, territory=None):
    """The observations of every oriented person with a spell in rights and duties, by cohort."""
    persons = _oriented_persons(departement, at, territory)
    facts = {
        pk: (sdd_since, dtdemrsa, first)
        for pk, sdd_since, dtdemrsa, first in persons.values_list(
            "pk", "sdd_since", "dossier__dtdemrsa", "first_orientation"
        )
    }
    spells = _spells(departement, at, persons.values("pk"))
    result = []
    for person_id, (entry, exit_on) in spells.items():
        sdd_since, dtdemrsa, first_orientation = facts[person_id]
        if sdd_since is not None and sdd_since < entry:
            entry = sdd_since
        end = exit_on or at
        delay = (first_orientation - dtdemrsa).days
        result.append(
            Observation(
                cohort=cohort_of(delay),
                delay_days=delay,
                duration_days=(end - entry).days,
                observed=exit_on is not None,
            )
        )
    result.sort(key=lambda o: (o.cohort, o.duration_days, o.observed))
    return result
