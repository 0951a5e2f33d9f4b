"""From parsed CAF records to the values of our models' fields, and the batched writes of those rows."""

import json
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from pacte.beneficiaries.enums import RightState

RIGHT_STATES = frozenset(RightState.values)
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
        for name, make in self.dynamic.items():
            setattr(row, name, make())
        for name, value in values.items():
            setattr(row, name, value)
        return row


def _address(household):
    address = household.address
    if address is None or address.is_foreign:
        return {"address_line": "", "address_complement": "", "postcode": "", "city_name": ""}
    line = " ".join(part for part in (address.numvoie, address.libtypevoie, address.nomvoie) if part)
    complement = " ".join(part for part in (address.complideadr, address.compladr, address.lieudist) if part)
    return {
        "address_line": line[:200],
        "address_complement": complement[:200],
        "postcode": address.codepos[:5],
        "city_name": address.nomcom[:50],
    }


def dossier_values(household, communes):
    """`communes`: {insee_code: (insee_code, territory_id)} of the known communes."""
    address = household.address
    commune_id, territory_id = None, None
    if address is not None and not address.is_foreign and address.numcom in communes:
        commune_id, territory_id = communes[address.numcom]
    suspensions = [
        {"kind": "droit", "code": s.code, "start": s.start.isoformat()} for s in household.suspensions_droit
    ]
    suspensions += [
        {"kind": "versement", "code": s.code, "start": s.start.isoformat()}
        for s in household.suspensions_versement
    ]
    return {
        "dtdemrsa": household.dtdemrsa,
        "fonorg": household.fonorg,
        "numorg": household.numorg,
        "matricule": household.matricule,
        "family_situation": household.sitfam,
        "family_situation_since": household.ddsitfam,
        "no_fixed_address": household.no_fixed_address,
        "children_count": household.nb_children,
        **_address(household),
        "commune_id": commune_id,
        "territory_id": territory_id,
        "foreign_address": bool(address and address.is_foreign),
        "right_state": household.etatdosrsa if household.etatdosrsa in RIGHT_STATES else RightState.UNDEFINED,
        "closure_reason": household.moticlorsa or "",
        "closure_date": household.dtclorsa,
        "total_amount": household.mttotdrorsa,
        "right_opened_on": household.dtodrsa,
        "demand_origin": household.oridemrsa or "",
        "refusal_reason": household.motirefursa or "",
        "refusal_date": household.dtrefursa,
        "suspensions": suspensions,
        "benefit_kinds": list(household.natpf),
        "content_hash": household.raw_hash,
    }


def person_values(parsed):
    other_names = " ".join(name for name in (parsed.prenom2, parsed.prenom3) if name)
    return {
        "rsa_role": parsed.rsa_role,
        "civility": parsed.qual or "",
        "last_name": parsed.nom,
        "birth_name": parsed.nomnai,
        "first_name": parsed.prenom,
        "other_first_names": (other_names or parsed.lisprenoms or "")[:64],
        "birth_date": parsed.dtnai,
        "birth_place": (parsed.nomcomnai or parsed.lieunai or "")[:26],
        "sex": parsed.sexe,
        "france_travail_id": parsed.idassedic or "",
        "is_sdd": bool(parsed.sdd),
        "is_entering_sdd": bool(parsed.entering_sdd),
        "sdd_until": parsed.dfsoudrodev,
        "activities": [
            {
                "act": a.act,
                "start": a.ddact.isoformat(),
                "end": a.dfact.isoformat() if a.dfact else None,
                "contract": a.natcontrtra,
            }
            for a in parsed.activities
        ],
        "death_date": parsed.dtdc,
    }


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
    return None if value is None else json.dumps(value)


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
    converters = [(field.attname, _converter(field)) for field in fields]

    def make(obj):
        return [
            getattr(obj, name) if convert is None else convert(getattr(obj, name))
            for name, convert in converters
        ]

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
