"""The survey indicators (OARSA B1–B14) and the legal deadlines, exactly as
/work/shared/reference/indicators.md defines them (docs/decisions/016-indicator-engine.md).

One SQL query per computation gathers, for each adult of the département who matters (subject to
rights and duties at the reference date, or first oriented or first contracted in the period), the
facts the definitions read: state at the reference date and at the first decision, first and current
orientation, contract in force, first engagement contract, first contract after the first
orientation. Python then counts them, so that the date arithmetic (clamped months, day differences)
is the one of `pacte.pathways.dates` on every database.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db import connection

from pacte.beneficiaries.models import Dossier, Person, RightHistory
from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways.dates import MONTHS, ORIENTATION_DEADLINE_DAYS, add_months
from pacte.pathways.enums import ContractKind, OrientationStatus
from pacte.pathways.models import Contract, Orientation
from pacte.pathways.models.contracts import SIGNED_STATUSES
from pacte.territory.models import Commune, Territory

RATE = "rate"
MEAN = "mean"

INDICATORS = [
    ("B1", "Personnes soumises aux droits et devoirs orientées", RATE),
    ("B2", "Orientées parmi les demandes de moins de 6 mois", RATE),
    ("B3", "Orientées parmi les demandes de 6 à 12 mois", RATE),
    ("B4", "Orientées parmi les demandes de plus de 12 mois", RATE),
    ("B5", "Orientées vers France Travail", RATE),
    ("B6", "Orientées vers un autre organisme du service public de l'emploi", RATE),
    ("B7", "Orientées vers les services du département", RATE),
    ("B8", "Orientées vers un organisme hors service public de l'emploi", RATE),
    ("B9", "Orientées hors France Travail ayant un contrat (CER ou contrat d'engagement) en cours", RATE),
    ("B10", "Orientées vers un autre organisme du SPE ayant un contrat en cours", RATE),
    ("B11", "Orientées vers les services du département ayant un contrat en cours", RATE),
    ("B12", "Orientées hors SPE ayant un contrat en cours", RATE),
    ("B13", "Délai moyen entre la demande de RSA et la première orientation (jours)", MEAN),
    ("B14", "Délai moyen entre la première orientation et le premier contrat (jours)", MEAN),
    (
        "median_orientation_delay_days",
        "Délai médian entre la demande de RSA et la première orientation (jours)",
        MEAN,
    ),
    ("orientation_within_6_weeks", "Premières orientations décidées dans les 6 semaines de la demande", RATE),
    ("contract_within_1_month", "Premières orientations suivies d'un contrat dans le mois", RATE),
]
LABELS = {key: label for key, label, _kind in INDICATORS}
KINDS = {key: kind for key, _label, kind in INDICATORS}

ENGAGEMENT_KINDS = (ContractKind.CER.value, ContractKind.CONTRAT_ENGAGEMENT.value)
SDD_RIGHT_STATES = ("2", "3", "4")
BODY_KIND_INDICATORS = {
    OrientationBodyKind.FRANCE_TRAVAIL.value: "B5",
    OrientationBodyKind.SPE_AUTRE.value: "B6",
    OrientationBodyKind.DEPARTEMENT.value: "B7",
    OrientationBodyKind.HORS_SPE.value: "B8",
}
CONTRACT_BY_KIND = {
    OrientationBodyKind.SPE_AUTRE.value: "B10",
    OrientationBodyKind.DEPARTEMENT.value: "B11",
    OrientationBodyKind.HORS_SPE.value: "B12",
}
NO_TERRITORY = "Territoire non renseigné"
NO_BODY = "Sans organisme désigné"
BREAKDOWNS = ("territory", "body", "month")


@dataclass(slots=True)
class Facts:
    """What the definitions read of one person (dates are `datetime.date` or None)."""

    territory_id: int | None
    dtdemrsa: datetime.date
    sdd_at: bool
    first_on: datetime.date | None
    first_kind: str | None
    first_body_id: int | None
    current_kind: str | None
    current_body_id: int | None
    engagement_in_force: bool
    first_engagement_on: datetime.date | None
    next_contract_on: datetime.date | None
    sdd_at_first: bool


def _tables():
    return {
        "person": Person._meta.db_table,
        "dossier": Dossier._meta.db_table,
        "commune": Commune._meta.db_table,
        "rh": RightHistory._meta.db_table,
        "orientation": Orientation._meta.db_table,
        "contract": Contract._meta.db_table,
    }


def _in(values):
    return ", ".join(f"'{value}'" for value in values)


# The state at a date: the latest right-history row on or before it, found through the index on
# (person, dtref) for each person rather than by grouping the whole history (docs/decisions/016).
STATE_SQL = """(
    SELECT CASE WHEN r.right_state IN ({sdd_states}) AND r.is_sdd = %(true)s THEN 1 ELSE 0 END
    FROM {rh} r WHERE r.person_id = {person_id} AND r.dtref <= {day}
    ORDER BY r.dtref DESC LIMIT 1
)"""

FACTS_SQL = """
WITH o AS (
    SELECT person_id, id, decision_date, body_kind, body_id FROM {orientation}
    WHERE departement_code = %(dep)s AND status = %(validated)s
),
first_date AS (SELECT person_id, MIN(decision_date) AS day FROM o GROUP BY person_id),
first_id AS (
    SELECT f.person_id, MIN(x.id) AS id FROM first_date f
    JOIN {orientation} x ON x.person_id = f.person_id AND x.decision_date = f.day AND x.status = %(validated)s
    GROUP BY f.person_id
),
first_o AS (
    SELECT x.person_id, x.decision_date, x.body_kind, x.body_id FROM first_id f JOIN {orientation} x ON x.id = f.id
),
latest_date AS (
    SELECT person_id, MAX(decision_date) AS day FROM o WHERE decision_date <= %(at)s GROUP BY person_id
),
latest_id AS (
    SELECT c.person_id, MAX(x.id) AS id FROM latest_date c
    JOIN {orientation} x ON x.person_id = c.person_id AND x.decision_date = c.day AND x.status = %(validated)s
    GROUP BY c.person_id
),
current_o AS (SELECT x.person_id, x.body_kind, x.body_id FROM latest_id c JOIN {orientation} x ON x.id = c.id),
k AS (
    SELECT person_id, kind, signed_on, end_date FROM {contract}
    WHERE departement_code = %(dep)s AND status IN ({signed_statuses})
),
engagement_now AS (
    SELECT DISTINCT person_id FROM k
    WHERE kind IN ({engagement_kinds}) AND signed_on <= %(at)s AND (end_date IS NULL OR end_date >= %(at)s)
),
engagement_first AS (
    SELECT person_id, MIN(signed_on) AS signed_on FROM k WHERE kind IN ({engagement_kinds}) GROUP BY person_id
),
people AS (
    SELECT pe.id AS pid, d.dtdemrsa AS dtdemrsa, COALESCE(c.territory_id, d.territory_id) AS territory_id,
           {state_at} AS sdd_at,
           fo.decision_date AS first_on, fo.body_kind AS first_kind, fo.body_id AS first_body,
           co.body_kind AS current_kind, co.body_id AS current_body,
           en.person_id AS engaged, ef.signed_on AS first_engagement
    FROM {person} pe
    JOIN {dossier} d ON d.id = pe.dossier_id
    LEFT JOIN {commune} c ON c.insee_code = d.commune_id
    LEFT JOIN first_o fo ON fo.person_id = pe.id
    LEFT JOIN current_o co ON co.person_id = pe.id
    LEFT JOIN engagement_now en ON en.person_id = pe.id
    LEFT JOIN engagement_first ef ON ef.person_id = pe.id
    WHERE pe.departement_code = %(dep)s AND d.departement_code = %(dep)s AND pe.is_adult = %(true)s
)
SELECT territory_id, dtdemrsa, sdd_at = 1, first_on, first_kind, first_body, current_kind, current_body,
       engaged IS NOT NULL, first_engagement,
       CASE WHEN first_on BETWEEN %(start)s AND %(end)s THEN (
           SELECT MIN(k2.signed_on) FROM {contract} k2
           WHERE k2.person_id = pid AND k2.status IN ({signed_statuses}) AND k2.signed_on >= first_on
       ) END,
       CASE WHEN first_on BETWEEN %(start)s AND %(end)s THEN {state_first} END = 1
FROM people
WHERE sdd_at = 1
   OR first_on BETWEEN %(start)s AND %(end)s
   OR first_engagement BETWEEN %(start)s AND %(end)s
"""


def _sql():
    tables = _tables()
    states = _in(SDD_RIGHT_STATES)
    return FACTS_SQL.format(
        **tables,
        state_at=STATE_SQL.format(sdd_states=states, rh=tables["rh"], person_id="pe.id", day="%(at)s"),
        state_first=STATE_SQL.format(sdd_states=states, rh=tables["rh"], person_id="pid", day="first_on"),
        sdd_states=_in(SDD_RIGHT_STATES),
        signed_statuses=_in(SIGNED_STATUSES),
        engagement_kinds=_in(ENGAGEMENT_KINDS),
    )


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def facts(departement, at, start, end):
    """The facts of every person who counts for a reference date `at` and a period [start, end]."""
    params = {
        "dep": departement,
        "at": at,
        "start": start,
        "end": end,
        "true": True,
        "validated": OrientationStatus.VALIDATED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        rows = cursor.fetchall()
    return [
        Facts(
            territory_id=row[0],
            dtdemrsa=_date(row[1]),
            sdd_at=bool(row[2]),
            first_on=_date(row[3]),
            first_kind=row[4],
            first_body_id=row[5],
            current_kind=row[6],
            current_body_id=row[7],
            engagement_in_force=bool(row[8]),
            first_engagement_on=_date(row[9]),
            next_contract_on=_date(row[10]),
            sdd_at_first=bool(row[11]),
        )
        for row in rows
    ]


def round_half_up(value):
    """Round an exact number half away from zero to one decimal (12.25 → 12.3, −0.05 → −0.1)."""
    scaled = abs(Fraction(value)) * 10
    rounded = math.floor(scaled + Fraction(1, 2))
    return math.copysign(rounded, value) / 10 if rounded else 0.0


def rate(numerator, denominator):
    value = round_half_up(Fraction(100 * numerator, denominator)) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}


def mean(values):
    value = round_half_up(Fraction(sum(values), len(values))) if values else None
    return {"n": len(values), "value": value}


def median(values):
    if not values:
        return {"n": 0, "value": None}
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        exact = Fraction(ordered[middle])
    else:
        exact = Fraction(ordered[middle - 1] + ordered[middle], 2)
    return {"n": len(ordered), "value": round_half_up(exact)}


def _stock(people, at):
    """B1–B12: the persons subject to rights and duties at `at`."""
    six, twelve = add_months(at, -6), add_months(at, -12)
    sdd = [f for f in people if f.sdd_at]
    oriented = [f for f in sdd if f.first_on is not None and f.first_on <= at]
    result = {"B1": rate(len(oriented), len(sdd))}
    bands = {
        "B2": lambda f: f.dtdemrsa > six,
        "B3": lambda f: twelve < f.dtdemrsa <= six,
        "B4": lambda f: f.dtdemrsa <= twelve,
    }
    for key, in_band in bands.items():
        band = [f for f in sdd if in_band(f)]
        result[key] = rate(sum(1 for f in band if f.first_on is not None and f.first_on <= at), len(band))
    for kind, key in BODY_KIND_INDICATORS.items():
        result[key] = rate(sum(1 for f in oriented if f.current_kind == kind), len(oriented))
    not_ft = [f for f in oriented if f.current_kind != OrientationBodyKind.FRANCE_TRAVAIL]
    result["B9"] = rate(sum(1 for f in not_ft if f.engagement_in_force), len(not_ft))
    for kind, key in CONTRACT_BY_KIND.items():
        group = [f for f in oriented if f.current_kind == kind]
        result[key] = rate(sum(1 for f in group if f.engagement_in_force), len(group))
    return result


def _flow(people, start, end):
    """B13, B14 and the deadlines: first orientations and first contracts of the period."""
    first = [f for f in people if f.first_on is not None and start <= f.first_on <= end]
    b13 = [f for f in first if f.sdd_at_first]
    since_demand = [(f.first_on - f.dtdemrsa).days for f in b13]
    b14 = [
        (f.first_engagement_on - f.first_on).days
        for f in people
        if f.first_engagement_on is not None
        and start <= f.first_engagement_on <= end
        and f.first_on is not None
        and f.first_on <= f.first_engagement_on
        and f.first_kind != OrientationBodyKind.FRANCE_TRAVAIL
    ]
    contracted = sum(
        1 for f in first if f.next_contract_on is not None and f.next_contract_on <= add_months(f.first_on, 1)
    )
    return {
        "B13": mean([(f.first_on - f.dtdemrsa.replace(day=1)).days for f in b13]),
        "B14": mean(b14),
        "median_orientation_delay_days": median(since_demand),
        "orientation_within_6_weeks": rate(
            sum(1 for days in since_demand if days <= ORIENTATION_DEADLINE_DAYS), len(since_demand)
        ),
        "contract_within_1_month": rate(contracted, len(first)),
    }


def indicators(people, at, start, end):
    """Every indicator of the contract, in its order, from the facts of `people`."""
    computed = {**_stock(people, at), **_flow(people, start, end)}
    return {key: computed[key] for key, _label, _kind in INDICATORS}


def _pk(value):
    return getattr(value, "pk", value)


def _filter(people, territory, body):
    if territory is not None:
        people = [f for f in people if f.territory_id == _pk(territory)]
    if body is not None:
        people = [f for f in people if _body_of(f) == _pk(body)]
    return people


def _body_of(fact):
    """The body a person counts under: the current orientation's, else the first one in the period's."""
    return fact.current_body_id if fact.current_kind is not None else fact.first_body_id


def _reference(year, at):
    return at if at is not None else datetime.date(year, 12, 31)


def compute(departement, year, at=None, *, territory=None, body=None):
    """The JSON contract of `pacte indicators` for département `departement` and year `year`.

    `territory` (a territory of action) and `body` (an organisation) restrict the persons counted;
    `at` overrides the reference date (31 December of `year`).
    """
    day = _reference(year, at)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    people = _filter(facts(departement, day, start, end), territory, body)
    return {
        "departement": departement,
        "year": year,
        "at": day.isoformat(),
        "indicators": indicators(people, day, start, end),
    }


def _groups(people, key_of):
    grouped = defaultdict(list)
    for fact in people:
        grouped[key_of(fact)].append(fact)
    return grouped


def _by_territory(departement, day, start, end):
    grouped = _groups(facts(departement, day, start, end), lambda f: f.territory_id)
    territories = {
        pk: (code, name)
        for pk, code, name in Territory.objects.filter(pk__in=[k for k in grouped if k]).values_list(
            "pk", "code", "name"
        )
    }
    ordered = sorted(grouped, key=lambda k: (k is None, territories.get(k, ("", ""))[1]))
    return [
        {
            "key": territories[k][0] if k else "",
            "label": territories[k][1] if k else NO_TERRITORY,
            "indicators": indicators(grouped[k], day, start, end),
        }
        for k in ordered
    ]


def _by_body(departement, day, start, end):
    grouped = _groups(facts(departement, day, start, end), _body_of)
    bodies = {
        pk: (str(uuid), name)
        for pk, uuid, name in Organization.objects.filter(pk__in=[k for k in grouped if k]).values_list(
            "pk", "uuid", "name"
        )
    }
    ordered = sorted(grouped, key=lambda k: (k is None, bodies.get(k, ("", ""))[1]))
    return [
        {
            "key": bodies[k][0] if k else "",
            "label": bodies[k][1] if k else NO_BODY,
            "indicators": indicators(grouped[k], day, start, end),
        }
        for k in ordered
    ]


def _by_month(departement, year, day):
    rows = []
    for month in range(1, 13):
        start = datetime.date(year, month, 1)
        if start > day:
            break
        end = min(add_months(start, 1) - datetime.timedelta(days=1), day)
        rows.append(
            {
                "key": f"{year}-{month:02d}",
                "label": f"{MONTHS[month - 1]} {year}",
                "indicators": indicators(facts(departement, end, start, end), end, start, end),
            }
        )
    return rows


def breakdown(departement, year, at=None, *, by):
    """The indicators per territory of action, per orientation body, or per month of `year`.

    By month, each month's B1–B12 are taken at its last day (or `at`) and B13, B14 and the deadlines
    count the first orientations and contracts of that month.
    """
    day = _reference(year, at)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if by == "territory":
        return _by_territory(departement, day, start, end)
    if by == "body":
        return _by_body(departement, day, start, end)
    if by == "month":
        return _by_month(departement, year, day)
    raise ValueError(f"breakdown by {by!r}: expected one of {', '.join(BREAKDOWNS)}")
