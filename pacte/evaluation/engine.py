"""The survey indicators (OARSA B1–B14) and the legal deadlines, exactly as
docs/indicators.md defines them (docs/decisions/016-indicator-engine.md).

Two SQL queries per computation read the adults of the département with their pathway facts, stored
at write time (`pathways.PathwayFacts`, docs/decisions/022-pathway-facts.md): the stock (B1–B12),
the persons subject to rights and duties at the reference date counted in groups, and the flows
(B13, B14, the deadlines), a row per person first oriented or first engaged by contract in the
period. Python adds up the groups and counts the flows, so that the date arithmetic (clamped months,
day differences) is the one of `pacte.pathways.dates` on every database.
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
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.facts import sql_list
from pacte.pathways.models import Contract, Orientation, PathwayFacts
from pacte.pathways.models.contracts import ENGAGEMENT_KINDS, SIGNED_STATUSES
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
class Stock:
    """One group of the persons subject to rights and duties at the reference date, counted in SQL."""

    territory_id: int | None
    body_id: int | None
    kind: str | None  # the current orientation's body kind at the date (None: not oriented then)
    band: int  # 2, 3 or 4: the demand's age band of B2, B3 or B4
    oriented: bool
    engaged: bool
    count: int


@dataclass(slots=True)
class Flow:
    """One person first oriented, or first engaged by contract, in the period."""

    territory_id: int | None
    body_id: int | None
    dtdemrsa: datetime.date
    first_on: datetime.date | None
    first_kind: str | None
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
        "facts": PathwayFacts._meta.db_table,
    }


# The state at a date: the latest right-history row on or before it, found through the index on
# (person, dtref) for each person rather than by grouping the whole history (docs/decisions/016).
STATE_SQL = """(
    SELECT CASE WHEN r.right_state IN ({sdd_states}) AND r.is_sdd = %(true)s THEN 1 ELSE 0 END
    FROM {rh} r WHERE r.person_id = {person_id} AND r.dtref <= {day}
    ORDER BY r.dtref DESC LIMIT 1
)"""

# The current orientation at the date is the latest one stored in the facts when it was decided on or
# before the date; only a person reoriented after it needs their orientations read.
CURRENT_SQL = """CASE WHEN f.latest_orientation_on IS NULL THEN NULL
    WHEN f.latest_orientation_on <= %(at)s THEN f.latest_orientation_{column}
    ELSE (SELECT o.{source} FROM {orientation} o
          WHERE o.person_id = pe.id AND o.departement_code = %(dep)s AND o.status = %(validated)s
            AND o.decision_date <= %(at)s
          ORDER BY o.decision_date DESC, o.id DESC LIMIT 1) END"""

# A person of the département with their facts (pathways.PathwayFacts, kept at write time).
PEOPLE_SQL = """
SELECT pe.id AS pid, d.dtdemrsa AS dtdemrsa, COALESCE(c.territory_id, d.territory_id) AS territory_id,
       f.first_orientation_on AS first_on, f.first_orientation_kind AS first_kind,
       f.first_orientation_body_id AS first_body, f.first_engagement_on AS first_engagement,
       {current_kind} AS current_kind, {current_body} AS current_body{extra}
FROM {source}
LEFT JOIN {commune} c ON c.insee_code = d.commune_id
WHERE pe.departement_code = %(dep)s AND d.departement_code = %(dep)s AND pe.is_adult = %(true)s
"""

# B1–B12 need only counts: the adults grouped by what the indicators and the breakdowns tell apart,
# so that Python adds up a few hundred groups instead of a row per person.
STOCK_SQL = """
WITH people AS ({people}),
s AS (
    SELECT sdd_at, territory_id,
           CASE WHEN current_kind IS NOT NULL THEN current_body ELSE first_body END AS body_id, current_kind,
           CASE WHEN dtdemrsa > %(six)s THEN 2 WHEN dtdemrsa > %(twelve)s THEN 3 ELSE 4 END AS band,
           CASE WHEN first_on <= %(at)s THEN 1 ELSE 0 END AS oriented,
           CASE WHEN first_engagement <= %(at)s THEN (
               CASE WHEN EXISTS (
                   SELECT 1 FROM {contract} k
                   WHERE k.person_id = pid AND k.departement_code = %(dep)s AND k.status IN ({signed_statuses})
                     AND k.kind IN ({engagement_kinds}) AND k.signed_on <= %(at)s
                     AND (k.end_date IS NULL OR k.end_date >= %(at)s)
               ) THEN 1 ELSE 0 END
           ) ELSE 0 END AS engaged
    FROM people
)
SELECT territory_id, body_id, current_kind, band, oriented, engaged, COUNT(*)
FROM s WHERE sdd_at = 1
GROUP BY territory_id, body_id, current_kind, band, oriented, engaged
"""
STOCK_SOURCE = """{person} pe
JOIN {dossier} d ON d.id = pe.dossier_id
LEFT JOIN {facts} f ON f.person_id = pe.id"""

# B13, B14 and the deadlines read a row per person of the period's flows, a small share of the
# rows, found through the facts' indexes (materialised, so that the persons are read by key).
FLOW_SQL = """
WITH flow_facts AS MATERIALIZED (
    SELECT * FROM {facts}
    WHERE departement_code = %(dep)s
      AND (first_orientation_on BETWEEN %(start)s AND %(end)s OR first_engagement_on BETWEEN %(start)s AND %(end)s)
),
people AS ({people})
SELECT territory_id, CASE WHEN current_kind IS NOT NULL THEN current_body ELSE first_body END,
       dtdemrsa, first_on, first_kind, first_engagement,
       CASE WHEN first_on BETWEEN %(start)s AND %(end)s THEN (
           SELECT MIN(k.signed_on) FROM {contract} k
           WHERE k.person_id = pid AND k.status IN ({signed_statuses}) AND k.signed_on >= first_on
       ) END,
       CASE WHEN first_on BETWEEN %(start)s AND %(end)s THEN {state_first} END
FROM people
"""
FLOW_SOURCE = """flow_facts f
JOIN {person} pe ON pe.id = f.person_id
JOIN {dossier} d ON d.id = pe.dossier_id"""


def _sql(template, source, *, state_at_column=False):
    """`template` filled with the people of `source`; `state_at_column`: with their state at the date."""
    tables = _tables()
    states = sql_list(SDD_RIGHT_STATES)

    def current(column, field):
        return CURRENT_SQL.format(column=column, source=field, orientation=tables["orientation"])

    state_at = STATE_SQL.format(sdd_states=states, rh=tables["rh"], person_id="pe.id", day="%(at)s")
    people = PEOPLE_SQL.format(
        **tables,
        source=source.format(**tables),
        current_kind=current("kind", "body_kind"),
        current_body=current("body_id", "body_id"),
        extra=f", {state_at} AS sdd_at" if state_at_column else "",
    )
    return template.format(
        **tables,
        people=people,
        state_first=STATE_SQL.format(sdd_states=states, rh=tables["rh"], person_id="pid", day="first_on"),
        signed_statuses=sql_list(SIGNED_STATUSES),
        engagement_kinds=sql_list(ENGAGEMENT_KINDS),
    )


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _rows(sql, departement, at, start, end):
    params = {
        "dep": departement,
        "at": at,
        "start": start,
        "end": end,
        "six": add_months(at, -6),
        "twelve": add_months(at, -12),
        "true": True,
        "validated": OrientationStatus.VALIDATED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stock(departement, at):
    """The persons subject to rights and duties at `at`, counted by group (one query)."""
    rows = _rows(_sql(STOCK_SQL, STOCK_SOURCE, state_at_column=True), departement, at, at, at)
    return [
        Stock(
            territory_id=row[0],
            body_id=row[1],
            kind=row[2],
            band=int(row[3]),
            oriented=bool(row[4]),
            engaged=bool(row[5]),
            count=int(row[6]),
        )
        for row in rows
    ]


def flows(departement, at, start, end):
    """The persons first oriented or first engaged in [start, end], `at` naming their current body."""
    rows = _rows(_sql(FLOW_SQL, FLOW_SOURCE), departement, at, start, end)
    return [
        Flow(
            territory_id=row[0],
            body_id=row[1],
            dtdemrsa=_date(row[2]),
            first_on=_date(row[3]),
            first_kind=row[4] or None,
            first_engagement_on=_date(row[5]),
            next_contract_on=_date(row[6]),
            sdd_at_first=bool(row[7]),
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


def _count(groups, **match):
    return sum(group.count for group in groups if all(getattr(group, k) == v for k, v in match.items()))


def _stock(groups):
    """B1–B12 from the groups of the persons subject to rights and duties at the date (an oriented
    person always has a current orientation, so `kind` is set wherever `oriented` is)."""
    oriented = _count(groups, oriented=True)
    result = {"B1": rate(oriented, _count(groups))}
    for band, key in ((2, "B2"), (3, "B3"), (4, "B4")):
        result[key] = rate(_count(groups, band=band, oriented=True), _count(groups, band=band))
    for kind, key in BODY_KIND_INDICATORS.items():
        result[key] = rate(_count(groups, oriented=True, kind=kind), oriented)
    france_travail = OrientationBodyKind.FRANCE_TRAVAIL.value
    result["B9"] = rate(
        _count(groups, oriented=True, engaged=True)
        - _count(groups, oriented=True, engaged=True, kind=france_travail),
        oriented - _count(groups, oriented=True, kind=france_travail),
    )
    for kind, key in CONTRACT_BY_KIND.items():
        result[key] = rate(
            _count(groups, oriented=True, kind=kind, engaged=True), _count(groups, oriented=True, kind=kind)
        )
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


def indicators(groups, people, start, end):
    """Every indicator of the contract, in its order, from the stock's groups and the flows' persons."""
    computed = {**_stock(groups), **_flow(people, start, end)}
    return {key: computed[key] for key, _label, _kind in INDICATORS}


def _pk(value):
    return getattr(value, "pk", value)


def _filter(rows, territory, body):
    """The stock's groups or the flows' persons of a territory of action and of a body."""
    if territory is not None:
        rows = [row for row in rows if row.territory_id == _pk(territory)]
    if body is not None:
        rows = [row for row in rows if row.body_id == _pk(body)]
    return rows


def _reference(year, at):
    return at if at is not None else datetime.date(year, 12, 31)


def compute(departement, year, at=None, *, territory=None, body=None):
    """The JSON contract of `pacte indicators` for département `departement` and year `year`.

    `territory` (a territory of action) and `body` (an organisation) restrict the persons counted;
    `at` overrides the reference date (31 December of `year`).
    """
    day = _reference(year, at)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    groups = _filter(stock(departement, day), territory, body)
    people = _filter(flows(departement, day, start, end), territory, body)
    return {
        "departement": departement,
        "year": year,
        "at": day.isoformat(),
        "indicators": indicators(groups, people, start, end),
    }


def _split(groups, people, key):
    """The stock's groups and the flows' persons by the value of `key` ("territory_id" or "body_id")."""
    split = defaultdict(lambda: ([], []))
    for group in groups:
        split[getattr(group, key)][0].append(group)
    for fact in people:
        split[getattr(fact, key)][1].append(fact)
    return split


def _named_rows(split, names, empty_label, day, start, end):
    ordered = sorted(split, key=lambda k: (k is None, names.get(k, ("", ""))[1]))
    return [
        {
            "key": names[k][0] if k else "",
            "label": names[k][1] if k else empty_label,
            "indicators": indicators(*split[k], start, end),
        }
        for k in ordered
    ]


def _by_territory(departement, day, start, end):
    split = _split(stock(departement, day), flows(departement, day, start, end), "territory_id")
    names = {
        pk: (code, name)
        for pk, code, name in Territory.objects.filter(pk__in=[k for k in split if k]).values_list(
            "pk", "code", "name"
        )
    }
    return _named_rows(split, names, NO_TERRITORY, day, start, end)


def _by_body(departement, day, start, end):
    split = _split(stock(departement, day), flows(departement, day, start, end), "body_id")
    names = {
        pk: (str(uuid), name)
        for pk, uuid, name in Organization.objects.filter(pk__in=[k for k in split if k]).values_list(
            "pk", "uuid", "name"
        )
    }
    return _named_rows(split, names, NO_BODY, day, start, end)


def _by_month(departement, year, day):
    """Each month's B1–B12 at its last day (or `day`), the flows of that month: one query for the
    year's flows (they do not depend on the date), one per month for the stock."""
    people = flows(departement, day, datetime.date(year, 1, 1), day)
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
                "indicators": indicators(stock(departement, end), people, start, end),
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
