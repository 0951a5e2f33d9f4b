"""Each adult's pathway facts (`PathwayFacts`): what the indicator engine reads of them — their
dossier's demand date and territory, their latest right-history state, their first and latest
validated orientations, a summary of their engagement contracts — stored at write time
(docs/decisions/022-pathway-facts.md).

The rows are derived, never edited: `refresh(person_ids)` rewrites those of some persons from their
rows, in the transaction of the service that changed them (the CAF import, the history import,
decide, validate, reorient, sign, end, renew), `refresh_dossiers` those of some dossiers' persons;
`rebuild(departement)` rewrites a whole département and `differences(departement)` lists the
persons whose stored row is not what their rows say (`pacte rebuild-pathway-facts [--check]`). One
portable SQL statement computes the facts for every caller, so that the services, the rebuild and
the check cannot disagree.

The rules are the engine's: only adults whose dossier is of their own département count; the state
at a date is the latest right-history row dated on or before it; only validated orientations are
decisions, the first is the earliest decided (ties: the first row), the latest the last decided
(ties: the last row); an engagement contract is a `cer` or a `contrat_engagement` signed, ended or
renewed, never a draft; only the orientations and contracts of the person's own département count,
except for the first contract of any kind after the first orientation (the 1-month deadline), which
counts every signed contract of the person.
"""

from django.db import connection, transaction

from pacte.beneficiaries.models import Dossier, Person, RightHistory
from pacte.core.progress import NullProgress
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.models import Contract, Orientation, PathwayFacts
from pacte.pathways.models.contracts import ENGAGEMENT_KINDS, SIGNED_STATUSES
from pacte.territory.models import Commune

# The right-history states that, with the person's flag, make them subject to rights and duties.
SDD_RIGHT_STATES = ("2", "3", "4")
CHUNK = 500
REBUILD_SPAN = 20_000
COLUMNS = (
    "person_id",
    "departement_code",
    "first_orientation_on",
    "first_orientation_kind",
    "first_orientation_body_id",
    "latest_orientation_on",
    "latest_orientation_kind",
    "latest_orientation_body_id",
    "first_engagement_on",
    "latest_engagement_on",
    "engagement_ends_on",
    "engagement_open_ended",
    "contract_after_first_orientation_on",
    "demand_on",
    "commune_id",
    "territory_id",
    "rights_on",
    "rights_sdd",
    "sdd_at_first_orientation",
)

# The state at a date (1: subject to rights and duties), from the latest right-history row dated on
# or before it; 0 without one. Compared with 1, it is a boolean on every database.
STATE_SQL = """COALESCE((
    SELECT CASE WHEN r.right_state IN ({sdd_states}) AND r.is_sdd = TRUE THEN 1 ELSE 0 END
    FROM {rh} r WHERE r.person_id = {person} AND r.dtref <= {day}
    ORDER BY r.dtref DESC LIMIT 1), 0)"""

COMPUTED_SQL = """
SELECT x.id, x.departement_code, fo.decision_date, COALESCE(fo.body_kind, ''), fo.body_id,
       lo.decision_date, COALESCE(lo.body_kind, ''), lo.body_id, x.first_engagement,
       x.latest_engagement, x.engagement_ends, x.open_ended > 0, (
           SELECT MIN(k.signed_on) FROM {contract} k
           WHERE k.person_id = x.id AND k.status IN ({signed}) AND k.signed_on >= fo.decision_date
       ), x.dtdemrsa, x.commune_id, x.territory_id, x.rights_on, {state_latest} = 1, {state_first} = 1
FROM (
    SELECT pe.id, pe.departement_code, d.dtdemrsa, d.commune_id,
        COALESCE(c.territory_id, d.territory_id) AS territory_id,
        (SELECT MAX(r.dtref) FROM {rh} r WHERE r.person_id = pe.id) AS rights_on,
        (SELECT o.id FROM {orientation} o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = '{validated}'
         ORDER BY o.decision_date, o.id LIMIT 1) AS first_id,
        (SELECT o.id FROM {orientation} o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = '{validated}'
         ORDER BY o.decision_date DESC, o.id DESC LIMIT 1) AS latest_id,
        (SELECT MIN(k.signed_on) {engagements}) AS first_engagement,
        (SELECT MAX(k.signed_on) {engagements}) AS latest_engagement,
        (SELECT MAX(k.end_date) {engagements}) AS engagement_ends,
        (SELECT COUNT(*) {engagements} AND k.end_date IS NULL) AS open_ended
    FROM {person} pe
    JOIN {dossier} d ON d.id = pe.dossier_id
    LEFT JOIN {commune} c ON c.insee_code = d.commune_id
    WHERE ({where}) AND pe.is_adult = TRUE AND d.departement_code = pe.departement_code
) x
LEFT JOIN {orientation} fo ON fo.id = x.first_id
LEFT JOIN {orientation} lo ON lo.id = x.latest_id
WHERE x.rights_on IS NOT NULL OR x.first_id IS NOT NULL OR x.first_engagement IS NOT NULL
"""
ENGAGEMENTS_SQL = """FROM {contract} k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ({signed}) AND k.kind IN ({engagement})"""


def sql_list(values):
    """Constant codes (enum values, never input) as a list of SQL literals."""
    return ", ".join(f"'{value}'" for value in values)


def state_sql(person, day):
    """The SQL of the state at `day` (an SQL expression) of the person whose id is `person`."""
    return STATE_SQL.format(
        sdd_states=sql_list(SDD_RIGHT_STATES), rh=RightHistory._meta.db_table, person=person, day=day
    )


def _computed_sql(where):
    signed, contract = sql_list(SIGNED_STATUSES), Contract._meta.db_table
    return COMPUTED_SQL.format(
        orientation=Orientation._meta.db_table,
        contract=contract,
        person=Person._meta.db_table,
        dossier=Dossier._meta.db_table,
        commune=Commune._meta.db_table,
        rh=RightHistory._meta.db_table,
        validated=OrientationStatus.VALIDATED.value,
        signed=signed,
        engagements=ENGAGEMENTS_SQL.format(
            contract=contract, signed=signed, engagement=sql_list(ENGAGEMENT_KINDS)
        ),
        state_latest=state_sql("x.id", "x.rights_on"),
        state_first=state_sql("x.id", "fo.decision_date"),
        where=where,
    )


def _write(cursor, where, params):
    """Replace the stored rows of the persons `where` selects (a condition on `pe`)."""
    table = PathwayFacts._meta.db_table
    cursor.execute(
        f"DELETE FROM {table} WHERE person_id IN (SELECT pe.id FROM {Person._meta.db_table} pe WHERE {where})",
        params,
    )
    cursor.execute(f"INSERT INTO {table} ({', '.join(COLUMNS)}) {_computed_sql(where)}", params)


def _refresh(column, ids):
    ids = sorted({int(pk) for pk in ids})
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _write(cursor, f"pe.{column} IN ({', '.join(['%s'] * len(chunk))})", chunk)


def refresh(person_ids):
    """Rewrite the facts of these persons from their current rows (in the caller's transaction)."""
    _refresh("id", person_ids)


def refresh_dossiers(dossier_ids):
    """Rewrite the facts of every person of these dossiers (in the caller's transaction)."""
    _refresh("dossier_id", dossier_ids)


def _span(departement):
    persons = Person.objects.filter(departement_code=departement).order_by()
    low = persons.order_by("pk").values_list("pk", flat=True).first()
    high = persons.order_by("-pk").values_list("pk", flat=True).first()
    return low, high


def rebuild(departement, progress=None):
    """Rewrite the facts of every person of `departement`; returns the number of rows stored."""
    progress = progress or NullProgress()
    low, high = _span(departement)
    if low is None:
        return 0
    progress.start(high - low + 1, label=f"Faits des parcours ({departement})", unit=" personnes")
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(low, high + 1, REBUILD_SPAN):
            end = min(start + REBUILD_SPAN - 1, high)
            _write(cursor, "pe.departement_code = %s AND pe.id BETWEEN %s AND %s", [departement, start, end])
            progress.advance(end - start + 1)
    progress.finish()
    return PathwayFacts.objects.filter(departement_code=departement).count()


# The date columns come back as text from SQLite's cursor and as dates from the ORM.
DATE_POSITIONS = frozenset(i for i, column in enumerate(COLUMNS) if column.endswith("_on"))


def _normalised(row):
    return tuple(
        str(value)[:10] if value is not None and i in DATE_POSITIONS else value for i, value in enumerate(row)
    )


def differences(departement):
    """The ids of the persons of `departement` whose stored facts are not what their rows say."""
    with connection.cursor() as cursor:
        cursor.execute(_computed_sql("pe.departement_code = %s"), [departement])
        computed = {row[0]: _normalised(row) for row in cursor.fetchall()}
    stored = {
        row[0]: _normalised(row)
        for row in PathwayFacts.objects.filter(person__departement_code=departement).values_list(*COLUMNS)
    }
    return sorted(pk for pk in computed.keys() | stored.keys() if computed.get(pk) != stored.get(pk))
