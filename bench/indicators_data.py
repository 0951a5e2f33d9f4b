"""Generated rows for the indicator benchmark: dossiers, adults, right history, orientations and
contracts of whole départements, written straight to the tables (executemany on SQLite, CSV files
that PostgreSQL COPYs and DuckDB reads), never through the ORM one by one.

Every column of every table is filled (the models' defaults, blanks), so the rows are the ones the
application itself would hold; ids are given here so that no insert needs to read one back.
"""

import calendar
import csv
import datetime
import json
import random
import uuid

from django.db import models

YEAR = 2025
FIRST_DEMAND = datetime.date(2016, 1, 1)
LAST_DEMAND = datetime.date(2025, 12, 20)
HORIZON = datetime.date(2026, 6, 30)
BODY_KINDS = (("france_travail", 45), ("spe_autre", 10), ("departement", 35), ("hors_spe", 10))
TABLES = ("dossier", "person", "rh", "orientation", "contract")
NOW = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def templates():
    """The template of each table, by its short name (after `django.setup()`)."""
    from pacte.beneficiaries.models import Dossier, Person, RightHistory
    from pacte.pathways.models import Contract, Orientation

    tables = {
        "dossier": Dossier,
        "person": Person,
        "rh": RightHistory,
        "orientation": Orientation,
        "contract": Contract,
    }
    return {name: Template(model) for name, model in tables.items()}


class Template:
    """The columns of a table and a row of defaults; `row(**values)` fills the rest."""

    def __init__(self, model):
        self.table = model._meta.db_table
        self.columns, self.defaults, self.uuid_columns = [], [], []
        for field in model._meta.concrete_fields:
            self.columns.append(field.column)
            self.defaults.append(self._default(field))
            if isinstance(field, models.UUIDField):
                self.uuid_columns.append(len(self.columns) - 1)
        self.index = {column: position for position, column in enumerate(self.columns)}

    @staticmethod
    def _default(field):
        if isinstance(field, models.DateTimeField) and (field.auto_now_add or field.auto_now):
            return NOW
        if isinstance(field, models.UUIDField):
            return None
        if field.has_default():
            value = field.get_default()
            return json.dumps(value) if isinstance(field, models.JSONField) else value
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        return None

    def row(self, rng, **values):
        row = list(self.defaults)
        for position in self.uuid_columns:
            row[position] = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        for column, value in values.items():
            row[self.index[column]] = value
        return row


def _pick_kind(rng):
    draw = rng.randrange(100)
    for kind, weight in BODY_KINDS:
        if draw < weight:
            return kind
        draw -= weight
    return BODY_KINDS[-1][0]


class Generator:
    """Households of `departements`, drawn from `seed`; `sink.add(table, row)` receives every row."""

    def __init__(self, sink, tables, seed=1):
        self.sink = sink
        self.rng = random.Random(seed)
        self.templates = tables
        self.ids = dict.fromkeys(TABLES, 0)
        self.span = (LAST_DEMAND - FIRST_DEMAND).days

    def _next(self, table):
        self.ids[table] += 1
        return self.ids[table]

    def _add(self, table, **values):
        identifier = self._next(table)
        self.sink.add(table, self.templates[table].row(self.rng, id=identifier, **values))
        return identifier

    def departement(self, code, households):
        for number in range(households):
            self.household(code, number)

    def household(self, code, number):
        rng = self.rng
        demand = FIRST_DEMAND + datetime.timedelta(days=rng.randrange(self.span))
        dossier = self._add(
            "dossier",
            departement_code=code,
            numdemrsa=f"{number:011d}",
            dtdemrsa=demand,
            right_state="2",
            first_seen_on=month_end(demand),
            last_seen_on=datetime.date(YEAR, 12, 31),
        )
        for role in ("DEM", "CJT")[: 2 if rng.random() < 0.3 else 1]:
            self.adult(code, dossier, role, demand)

    def adult(self, code, dossier, role, demand):
        rng = self.rng
        person = self._add(
            "person",
            departement_code=code,
            dossier_id=dossier,
            rsa_role=role,
            is_adult=True,
            last_name="Bench",
            birth_name="Bench",
            first_name="Camille",
            birth_date=datetime.date(1960 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            sex=rng.choice("12"),
            is_sdd=True,
        )
        sdd_ever = self.history(code, person, demand)
        if sdd_ever and rng.random() < 0.8:
            self.pathway(code, person, demand)

    def history(self, code, person, demand):
        rng = self.rng
        dtref = month_end(demand)
        sdd = rng.random() < 0.85
        rows = [(dtref, "2", sdd)]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            dtref = month_end(add_months(dtref, 1 + rng.randrange(30)))
            if dtref > datetime.date(YEAR, 12, 31):
                break
            state, sdd = rng.choice((("5", False), ("5", False), ("3", True), ("2", True), ("4", True)))
            rows.append((dtref, state, sdd))
        for dtref, state, is_sdd in rows:
            self._add(
                "rh", departement_code=code, person_id=person, dtref=dtref, right_state=state, is_sdd=is_sdd
            )
        return any(is_sdd for _dtref, _state, is_sdd in rows)

    def pathway(self, code, person, demand):
        rng = self.rng
        decided = demand + datetime.timedelta(days=5 + int(rng.expovariate(1 / 70)))
        if decided > HORIZON:
            return
        kinds = [_pick_kind(rng)]
        self.orientation(code, person, decided, kinds[0])
        if rng.random() < 0.15:
            again = decided + datetime.timedelta(days=60 + rng.randrange(340))
            if again <= HORIZON:
                kinds.append(_pick_kind(rng))
                self.orientation(code, person, again, kinds[-1])
        if rng.random() < 0.7:
            self.contracts(code, person, decided, kinds[0])

    def orientation(self, code, person, decided, kind):
        self._add(
            "orientation",
            departement_code=code,
            person_id=person,
            track="professionnelle" if kind == "france_travail" else "socioprofessionnelle",
            body_kind=kind,
            status="validated",
            origin="history_import",
            decision_date=decided,
        )

    def contracts(self, code, person, decided, kind):
        rng = self.rng
        signed = decided + datetime.timedelta(days=int(rng.expovariate(1 / 35)))
        for _ in range(1 + (rng.random() < 0.3)):
            if signed > HORIZON:
                return
            if kind == "france_travail":
                contract_kind = "ppae"
            else:
                contract_kind = "contrat_engagement" if signed.year >= YEAR else "cer"
            end = add_months(signed, rng.choice((6, 12))) if rng.random() < 0.8 else None
            self._add(
                "contract",
                departement_code=code,
                person_id=person,
                kind=contract_kind,
                status="ended" if end and end < datetime.date(YEAR, 12, 31) else "signed",
                origin="history_import",
                signed_on=signed,
                end_date=end,
            )
            if end is None:
                return
            signed = end + datetime.timedelta(days=1 + rng.randrange(60))


class SqliteSink:
    """Rows inserted with executemany, in batches, the tables in foreign-key order."""

    BATCH = 20_000

    def __init__(self, cursor, templates):
        self.cursor = cursor
        self.sql = {
            name: f"INSERT INTO {t.table} ({', '.join(t.columns)}) VALUES ({', '.join('?' * len(t.columns))})"
            for name, t in templates.items()
        }
        self.buffers = {name: [] for name in TABLES}
        self.count = 0

    def add(self, table, row):
        self.buffers[table].append([_sqlite(value) for value in row])
        self.count += 1
        if self.count % self.BATCH == 0:
            self.flush()

    def flush(self):
        for name in TABLES:
            if self.buffers[name]:
                self.cursor.executemany(self.sql[name], self.buffers[name])
                self.buffers[name] = []


def _sqlite(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


NULL = r"\N"


def _csv(value):
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


class CsvSink:
    """One CSV file per table (a header of the columns, `\\N` for NULL), read by COPY and DuckDB."""

    def __init__(self, folder, templates):
        self.paths = {name: folder / f"{name}.csv" for name in TABLES}
        self.files = {
            name: open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115 (closed by close())
            for name, path in self.paths.items()
        }
        self.writers = {name: csv.writer(handle) for name, handle in self.files.items()}
        for name, template in templates.items():
            self.writers[name].writerow(template.columns)

    def add(self, table, row):
        self.writers[table].writerow([_csv(value) for value in row])

    def close(self):
        for handle in self.files.values():
            handle.close()
