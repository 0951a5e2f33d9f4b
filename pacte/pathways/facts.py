"""Each person's pathway facts (`PathwayFacts`): their first and latest validated orientations and
their first engagement contract, stored at write time for the indicator engine
(docs/decisions/022-pathway-facts.md).

The rows are derived, never edited: `refresh(person_ids)` rewrites those of some persons from their
orientations and contracts, in the transaction of the service that changed them (decide, validate,
reorient, sign, end, renew, import a history); `rebuild(departement)` rewrites a whole
département and `differences(departement)` lists the persons whose stored row is not what their
rows say (`pacte rebuild-pathway-facts [--check]`). One portable SQL statement computes the facts
for every caller, so that the services, the rebuild and the check cannot disagree.

The rules are the engine's: only validated orientations are decisions, the first is the earliest
decided (ties: the first row), the latest the last decided (ties: the last row); an engagement
contract is a `cer` or a `contrat_engagement` signed, ended or renewed, never a draft; only the rows
of the person's own département count.
"""

from django.db import connection, transaction

from pacte.beneficiaries.models import Person
from pacte.core.progress import NullProgress
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.models import Contract, Orientation, PathwayFacts
from pacte.pathways.models.contracts import ENGAGEMENT_KINDS, SIGNED_STATUSES

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
)

COMPUTED_SQL = """
SELECT x.id, x.departement_code, fo.decision_date, COALESCE(fo.body_kind, ''), fo.body_id,
       lo.decision_date, COALESCE(lo.body_kind, ''), lo.body_id, x.first_engagement
FROM (
    SELECT pe.id, pe.departement_code,
        (SELECT o.id FROM {orientation} o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = '{validated}'
         ORDER BY o.decision_date, o.id LIMIT 1) AS first_id,
        (SELECT o.id FROM {orientation} o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = '{validated}'
         ORDER BY o.decision_date DESC, o.id DESC LIMIT 1) AS latest_id,
        (SELECT MIN(k.signed_on) FROM {contract} k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ({signed}) AND k.kind IN ({engagement})) AS first_engagement
    FROM {person} pe
    WHERE {where}
) x
LEFT JOIN {orientation} fo ON fo.id = x.first_id
LEFT JOIN {orientation} lo ON lo.id = x.latest_id
WHERE x.first_id IS NOT NULL OR x.first_engagement IS NOT NULL
"""


def sql_list(values):
    """Constant codes (enum values, never input) as a list of SQL literals."""
    return ", ".join(f"'{value}'" for value in values)


def _computed_sql(where):
    return COMPUTED_SQL.format(
        orientation=Orientation._meta.db_table,
        contract=Contract._meta.db_table,
        person=Person._meta.db_table,
        validated=OrientationStatus.VALIDATED.value,
        signed=sql_list(SIGNED_STATUSES),
        engagement=sql_list(ENGAGEMENT_KINDS),
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


def refresh(person_ids):
    """Rewrite the facts of these persons from their current rows (in the caller's transaction)."""
    ids = sorted({int(pk) for pk in person_ids})
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _write(cursor, f"pe.id IN ({', '.join(['%s'] * len(chunk))})", chunk)


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
