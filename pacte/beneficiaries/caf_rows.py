"""The CAF import's rows (plain objects carrying every column) and their batched writes; the values
themselves come from `caf_prepare`."""

import json
import operator
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

# Field types whose Python value the database drivers take as they are.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


class RowFactory:
    """Plain rows carrying every column of a model with its default: instantiating thousands of
    Django models costs more than parsing the file, and the import writes with `executemany`."""

    def __init__(self, model):
        self.static, self.dynamic = {}, {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.default is NOT_PROVIDED:
                self.static[field.attname] = (
                    None if field.null else ("" if field.empty_strings_allowed else None)
                )
            elif callable(field.default):
                self.dynamic[field.attname] = field.default
            else:
                self.static[field.attname] = field.default

    def new(self, **values):
        row = SimpleNamespace(pk=None, **self.static)
        columns = row.__dict__
        for name, make in self.dynamic.items():
            columns[name] = make()
        columns.update(values)
        return row


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return model._meta.get_field(name.removesuffix("_id"))


def _converter(field):
    """How a value reaches the database: as is for plain types, dates and UUIDs by hand (the hot
    path), through Django for the others."""
    if isinstance(field, PLAIN_FIELDS):
        return None
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return _iso_date
    real_connection = connections[DEFAULT_DB_ALIAS]
    if isinstance(field, models.UUIDField):
        return _uuid_hex if real_connection.vendor != "postgresql" else None
    if isinstance(field, models.JSONField) and field.encoder is None and real_connection.vendor == "sqlite":
        # What Django's JSONField writes on SQLite (`adapt_json_value`), without its layers per value.
        return _json_text
    return _repeating(lambda value: field.get_db_prep_save(value, real_connection))


def _json_text(value):
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value)


def _repeating(convert):
    """`convert`, answering at once for the value it converted last: a batch's rows share their
    timestamps (the same `now`) and their empty values."""
    last = [object(), None]

    def converted(value):
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def _iso_date(value):
    return None if value is None else value.isoformat()


def _uuid_hex(value):
    return value.hex


def _row_maker(fields):
    """The function giving an object's row: its columns read at once, the converted ones converted."""
    read = operator.attrgetter(*(field.attname for field in fields))
    converters = [
        (i, convert) for i, field in enumerate(fields) if (convert := _converter(field)) is not None
    ]
    if len(fields) == 1:
        return lambda obj: [read(obj) if not converters else converters[0][1](read(obj))]

    def make(obj):
        row = list(read(obj))
        for i, convert in converters:
            row[i] = convert(row[i])
        return row

    return make


def insert_rows(model, objects):
    """One INSERT run for many rows (executemany): the ORM's `bulk_create` costs 3x more here."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now_add", False):
            now = timezone.now()
            for obj in objects:
                setattr(obj, field.attname, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    make = _row_maker(fields)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [make(obj) for obj in objects])


def update_rows(model, objects, fields):
    """One UPDATE run for many rows (executemany), much faster than `bulk_update`."""
    if not objects:
        return
    columns = [_field(model, name) for name in fields]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in columns)
    sql = f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {assignments} WHERE id = %s"
    make = _row_maker(columns)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*make(obj), obj.pk] for obj in objects])


def read_back_ids(model, objects, *, key, among, **equal):
    """Give `objects`, just inserted, their ids, matched on their unique column `key`, from the rows
    whose column `among[0]` is in `among[1]` and whose other columns are `equal` (portable: no
    RETURNING with executemany). The rows' keys are compared as the database gives them back,
    which is how `insert_rows` sent them."""
    if not objects:
        return
    field = _field(model, key)
    convert = _converter(field) or (lambda value: value)
    column, values = among
    values = list(values)
    conditions = [f"{connection.ops.quote_name(column)} IN ({', '.join(['%s'] * len(values))})"]
    conditions += [f"{connection.ops.quote_name(name)} = %s" for name in equal]
    sql = (
        f"SELECT {connection.ops.quote_name(field.column)}, id "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *equal.values()])
        ids = dict(cursor.fetchall())
    for obj in objects:
        obj.pk = ids[convert(getattr(obj, field.attname))]
