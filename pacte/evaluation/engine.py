"""The survey indicators (OARSA B1–B14) and the legal deadlines, exactly as
docs/indicators.md defines them (docs/decisions/016-indicator-engine.md).

Three SQL queries per computation, whatever the number of départements, read the adults' pathway
facts, one narrow row per adult stored at write time (`pathways.PathwayFacts`,
docs/decisions/022-pathway-facts.md): the stock (B1–B12), the persons subject to rights and duties
at the reference date counted in groups (the rows settled by then from their columns, the others
from the person's rows), and the flows (B13, B14, the deadlines), a row per person first oriented or
first engaged by contract in the period. Python adds up the groups and counts the flows, so that the date arithmetic (clamped months,
day differences) is the one of `pacte.pathways.dates` on every database.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db import connection

from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways.dates import MONTHS, ORIENTATION_DEADLINE_DAYS, add_months
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.facts import sql_list, state_sql
from pacte.pathways.models import Contract, Orientation, PathwayFacts
from pacte.pathways.models.contracts import ENGAGEMENT_KINDS, SIGNED_STATUSES
from pacte.territory.models import Territory

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

    departement: str
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

    departement: str
    territory_id: int | None
    body_id: int | None
    dtdemrsa: datetime.date
    first_on: datetime.date | None
    first_kind: str | None
    first_engagement_on: datetime.date | None
    next_contract_on: datetime.date | None
    sdd_at_first: bool


# Everything is read from the pathway facts, one row per adult (pathways.PathwayFacts). Their
# `rights_*`, `latest_orientation_*` and `latest_engagement_on` columns hold the state after the
# person's last change: at a date on or after it they are the state at the date (a "settled" row,
# counted from its columns alone); a row changed after the date reads the person's rows instead.
SETTLED_SQL = """f.rights_on <= %(at)s
    AND (f.latest_orientation_on IS NULL OR f.latest_orientation_on <= %(at)s)
    AND (f.latest_engagement_on IS NULL OR f.latest_engagement_on <= %(at)s)"""

# The current orientation at the date: the latest one when decided on or before the date, else the
# latest decided by then, read from the person's orientations.
CURRENT_SQL = """CASE WHEN f.latest_orientation_on IS NULL THEN NULL
    WHEN f.latest_orientation_on <= %(at)s THEN f.latest_orientation_{column}
    ELSE (SELECT o.{source} FROM {orientation} o
          WHERE o.person_id = f.person_id AND o.departement_code = f.departement_code
            AND o.status = %(validated)s AND o.decision_date <= %(at)s
          ORDER BY o.decision_date DESC, o.id DESC LIMIT 1) END"""

# An engagement contract in force at the date: from the summary when every one was signed by then
# (the latest end, an open-ended one), else from the person's contracts.
IN_FORCE_SQL = (
    """CASE WHEN f.engagement_open_ended = TRUE OR f.engagement_ends_on >= %(at)s THEN 1 ELSE 0 END"""
)
IN_FORCE_READ_SQL = """CASE WHEN f.latest_engagement_on <= %(at)s THEN {in_force} ELSE (
    CASE WHEN EXISTS (
        SELECT 1 FROM {contract} k
        WHERE k.person_id = f.person_id AND k.departement_code = f.departement_code
          AND k.status IN ({signed_statuses}) AND k.kind IN ({engagement_kinds}) AND k.signed_on <= %(at)s
          AND (k.end_date IS NULL OR k.end_date >= %(at)s)
    ) THEN 1 ELSE 0 END) END"""

# B1–B12 need only counts: the adults subject to rights and duties at the date grouped by what the
# indicators and the breakdowns tell apart, so that Python adds up a few hundred groups per
# département instead of a row per person. The settled rows and the others are two queries, the
# first of plain columns (which PostgreSQL scans in parallel), the second reading the person's rows.
STOCK_SQL = """
SELECT departement_code, territory_id, body_id, current_kind, band, oriented, engaged, COUNT(*)
FROM (
    SELECT f.departement_code, f.territory_id,
           CASE WHEN {current_kind} IS NOT NULL THEN {current_body} ELSE f.first_orientation_body_id END AS body_id,
           {current_kind} AS current_kind,
           CASE WHEN f.demand_on > %(six)s THEN 2 WHEN f.demand_on > %(twelve)s THEN 3 ELSE 4 END AS band,
           CASE WHEN f.first_orientation_on <= %(at)s THEN 1 ELSE 0 END AS oriented,
           CASE WHEN f.first_engagement_on <= %(at)s THEN {in_force} ELSE 0 END AS engaged
    FROM {facts} f
    WHERE f.departement_code IN ({departements}) AND f.rights_on IS NOT NULL AND {rows} AND {subject}
) s
GROUP BY departement_code, territory_id, body_id, current_kind, band, oriented, engaged
"""
SETTLED_STOCK = {
    "rows": f"({SETTLED_SQL})",
    "subject": "f.rights_sdd = TRUE",
    "current_kind": "CASE WHEN f.latest_orientation_on IS NULL THEN NULL ELSE f.latest_orientation_kind END",
    "current_body": "f.latest_orientation_body_id",
    "in_force": IN_FORCE_SQL,
}

# B13, B14 and the deadlines read a row per person of the period's flows, a small share of the
# rows, found through the facts' indexes.
FLOW_SQL = """
SELECT f.departement_code, f.territory_id,
       CASE WHEN {current_kind} IS NOT NULL THEN {current_body} ELSE f.first_orientation_body_id END,
       f.demand_on, f.first_orientation_on, f.first_orientation_kind, f.first_engagement_on,
       f.contract_after_first_orientation_on, f.sdd_at_first_orientation
FROM {facts} f
WHERE f.departement_code IN ({departements})
  AND (f.first_orientation_on BETWEEN %(start)s AND %(end)s OR f.first_engagement_on BETWEEN %(start)s AND %(end)s)
"""


def _placeholders(departements):
    return ", ".join(f"%(dep{i})s" for i in range(len(departements)))


def _sql(template, departements, **parts):
    """`template` filled for `departements`; `parts` replace the expressions that read the rows."""

    def current(column, field):
        return CURRENT_SQL.format(column=column, source=field, orientation=Orientation._meta.db_table)

    constants = {"signed_statuses": sql_list(SIGNED_STATUSES), "engagement_kinds": sql_list(ENGAGEMENT_KINDS)}
    read = {
        "rows": f"NOT ({SETTLED_SQL})",
        "subject": f"{state_sql('f.person_id', '%(at)s')} = 1",
        "current_kind": current("kind", "body_kind"),
        "current_body": current("body_id", "body_id"),
        "in_force": IN_FORCE_READ_SQL.format(
            in_force=IN_FORCE_SQL, contract=Contract._meta.db_table, **constants
        ),
    }
    return template.format(
        **(read | parts),
        facts=PathwayFacts._meta.db_table,
        departements=_placeholders(departements),
    )


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _rows(sql, departements, at, start, end):
    params = {
        "at": at,
        "start": start,
        "end": end,
        "six": add_months(at, -6),
        "twelve": add_months(at, -12),
        "validated": OrientationStatus.VALIDATED.value,
        **{f"dep{i}": code for i, code in enumerate(departements)},
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stock(departements, at):
    """The persons of `departements` subject to rights and duties at `at`, counted by group (two
    queries: the settled rows, the rows changed after the date)."""
    rows = [
        *_rows(_sql(STOCK_SQL, departements, **SETTLED_STOCK), departements, at, at, at),
        *_rows(_sql(STOCK_SQL, departements), departements, at, at, at),
    ]
    return [
        Stock(
            departement=row[0],
            territory_id=row[1],
            body_id=row[2],
            kind=row[3],
            band=int(row[4]),
            oriented=bool(row[5]),
            engaged=bool(row[6]),
            count=int(row[7]),
        )
        for row in rows
    ]


def flows(departements, at, start, end):
    """The persons first oriented or first engaged in [start, end], `at` naming their current body."""
    rows = _rows(_sql(FLOW_SQL, departements), departements, at, start, end)
    return [
        Flow(
            departement=row[0],
            territory_id=row[1],
            body_id=row[2],
            dtdemrsa=_date(row[3]),
            first_on=_date(row[4]),
            first_kind=row[5] or None,
            first_engagement_on=_date(row[6]),
            next_contract_on=_date(row[7]),
            sdd_at_first=bool(row[8]),
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


def _period(year, at):
    return _reference(year, at), datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _result(departement, year, day, indicators_):
    return {"departement": departement, "year": year, "at": day.isoformat(), "indicators": indicators_}


def compute(departement, year, at=None, *, territory=None, body=None):
    """The JSON contract of `pacte indicators` for département `departement` and year `year`.

    `territory` (a territory of action) and `body` (an organisation) restrict the persons counted;
    `at` overrides the reference date (31 December of `year`).
    """
    day, start, end = _period(year, at)
    groups = _filter(stock([departement], day), territory, body)
    people = _filter(flows([departement], day, start, end), territory, body)
    return _result(departement, year, day, indicators(groups, people, start, end))


def compute_country(departements, year, at=None):
    """`compute` for each of `departements` ({code: contract}), in the same three queries whatever
    their number: what a national deployment reports for the whole country."""
    day, start, end = _period(year, at)
    split = _split(stock(departements, day), flows(departements, day, start, end), "departement")
    return {code: _result(code, year, day, indicators(*split[code], start, end)) for code in departements}


def _split(groups, people, key):
    """The stock's groups and the flows' persons by the value of `key` ("departement", "territory_id"
    or "body_id")."""
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
    split = _split(stock([departement], day), flows([departement], day, start, end), "territory_id")
    names = {
        pk: (code, name)
        for pk, code, name in Territory.objects.filter(pk__in=[k for k in split if k]).values_list(
            "pk", "code", "name"
        )
    }
    return _named_rows(split, names, NO_TERRITORY, day, start, end)


def _by_body(departement, day, start, end):
    split = _split(stock([departement], day), flows([departement], day, start, end), "body_id")
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
    people = flows([departement], day, datetime.date(year, 1, 1), day)
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
                "indicators": indicators(stock([departement], end), people, start, end),
            }
        )
    return rows


def breakdown(departement, year, at=None, *, by):
    """The indicators per territory of action, per orientation body, or per month of `year`.

    By month, each month's B1–B12 are taken at its last day (or `at`) and B13, B14 and the deadlines
    count the first orientations and contracts of that month.
    """
    day, start, end = _period(year, at)
    if by == "territory":
        return _by_territory(departement, day, start, end)
    if by == "body":
        return _by_body(departement, day, start, end)
    if by == "month":
        return _by_month(departement, year, day)
    raise ValueError(f"breakdown by {by!r}: expected one of {', '.join(BREAKDOWNS)}")
