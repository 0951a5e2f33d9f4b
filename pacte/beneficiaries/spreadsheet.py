"""Spreadsheet import of beneficiaries (CSV or XLSX): upload, column mapping, review grid, apply.

Persons come from the CAF and MSA files: a row updates a person of a dossier Pacte already holds,
or adds a person to it, but never creates a dossier. Nothing is written before the user has seen
the review grid (to create, to update, unchanged, errors) and confirmed it; the file is then written
whole in one transaction, or not at all while any row is in error. Persons are matched as the CAF
import matches them: NIR (13 characters), else birth name, first name and birth date.

The review stored on the `SpreadsheetImport` row holds what the grid shows, never the NIR; the
values written are read again from the file when the user confirms.
"""

import dataclasses
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.beneficiaries.crypto import encrypt_nir, nir_lookup_hash
from pacte.beneficiaries.enums import ADULT_ROLES, RsaRole, Sex
from pacte.beneficiaries.models import (
    Dossier,
    Person,
    SpreadsheetImport,
    SpreadsheetImportStatus,
    SpreadsheetMapping,
)
from pacte.beneficiaries.spreadsheet_read import (
    COLUMNS_BY_KEY,
    Sheet,
    SpreadsheetError,
    check_mapping,
    clean_values,
    read_sheet,
)
from pacte.core.errors import DomainError

__all__ = [
    "Review",
    "ReviewRow",
    "Sheet",
    "SpreadsheetError",
    "apply_review",
    "cancel_import",
    "check_mapping",
    "create_import",
    "read_sheet",
    "review",
    "save_mapping",
    "set_columns",
]

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
STATUS_LABELS = {CREATE: "À créer", UPDATE: "À mettre à jour", UNCHANGED: "Inchangée", ERROR: "En erreur"}
# Fields a row may change on a person already known; identity fields compare without case.
UPDATABLE = (
    "rsa_role", "last_name", "birth_name", "first_name", "birth_date", "sex",
    "france_travail_id", "email", "phone", "is_sdd",
)  # fmt: skip
CASELESS = ("last_name", "birth_name", "first_name")
LOOKUP_CHUNK = 500


@dataclasses.dataclass
class ReviewRow:
    line: int
    status: str = ERROR
    numdemrsa: str = ""
    name: str = ""
    changes: list = dataclasses.field(default_factory=list)  # [[label, old, new]]
    errors: list = dataclasses.field(default_factory=list)
    # What apply writes; kept in memory only (it may hold the NIR).
    values: dict = dataclasses.field(default_factory=dict, repr=False)
    dossier_id: int | None = None
    person_id: int | None = None

    def as_json(self):
        return {
            "line": self.line,
            "status": self.status,
            "numdemrsa": self.numdemrsa,
            "name": self.name,
            "changes": self.changes,
            "errors": self.errors,
        }


@dataclasses.dataclass
class Review:
    rows: list[ReviewRow]

    @property
    def counts(self):
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def as_json(self):
        return {"counts": self.counts, "rows": [row.as_json() for row in self.rows]}


def review(sheet, *, columns, departement_code):
    """Classify every row of `sheet` read through `columns` ({our field: header}); write nothing."""
    errors = check_mapping(columns, sheet.headers)
    if errors:
        raise SpreadsheetError(" ".join(errors))
    rows = []
    for line, cells in sheet.rows:
        raw = {key: cells.get(header, "") for key, header in columns.items() if header}
        values, problems = clean_values(raw)
        rows.append(
            ReviewRow(
                line=line,
                numdemrsa=values.get("numdemrsa", raw.get("numdemrsa", "")),
                name=" ".join(
                    filter(None, [raw.get("last_name") or raw.get("birth_name"), raw.get("first_name")])
                ),
                errors=problems,
                values=values,
            )
        )
    dossiers = _dossiers(
        departement_code, {row.values["numdemrsa"] for row in rows if "numdemrsa" in row.values}
    )
    matchers = {pk: _Matcher(persons) for pk, persons in _persons(dossiers.values()).items()}
    for row in rows:
        _classify(row, dossiers, matchers, departement_code)
    return Review(rows)


def _dossiers(departement_code, numbers):
    numbers, found = sorted(numbers), {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        found.update(
            Dossier.objects.filter(departement_code=departement_code, numdemrsa__in=chunk).values_list(
                "numdemrsa", "pk"
            )
        )
    return found


def _persons(dossier_ids):
    dossier_ids, found = sorted(dossier_ids), {pk: [] for pk in dossier_ids}
    for start in range(0, len(dossier_ids), LOOKUP_CHUNK):
        chunk = dossier_ids[start : start + LOOKUP_CHUNK]
        for person in Person.objects.filter(dossier_id__in=chunk).order_by("id"):
            found[person.dossier_id].append(person)
    return found


def _classify(row, dossiers, matchers, departement_code):
    values = row.values
    for key in ("numdemrsa", "first_name", "birth_date"):
        if key not in values and not any(COLUMNS_BY_KEY[key].label in error for error in row.errors):
            row.errors.append(f"{COLUMNS_BY_KEY[key].label} : valeur manquante.")
    if "birth_name" not in values and "last_name" not in values:
        row.errors.append("Nom de naissance ou nom d'usage : valeur manquante.")
    if row.errors:
        return
    row.dossier_id = dossiers.get(values["numdemrsa"])
    if row.dossier_id is None:
        row.errors.append(
            f"Dossier RSA {values['numdemrsa']} inconnu dans le département {departement_code} : les "
            "personnes viennent des fichiers de la CAF ou de la MSA ; importez d'abord le fichier qui "
            "contient ce dossier."
        )
        return
    person, earlier_line = matchers[row.dossier_id].match(values, row.line)
    if earlier_line:
        row.errors.append(f"Même personne qu'à la ligne {earlier_line}.")
    elif person is None:
        missing = [COLUMNS_BY_KEY[key].label for key in ("rsa_role", "sex") if key not in values]
        if missing:
            row.errors.append(
                f"Personne absente du dossier : pour l'ajouter, renseignez {' et '.join(missing)}."
            )
        else:
            row.status = CREATE
    else:
        row.person_id = person.pk
        _compare(row, person)


def _compare(row, person):
    nir = row.values.get("nir")
    if nir and person.nir_hash and person.nir_hash != nir_lookup_hash(nir):
        row.errors.append("Le NIR ne correspond pas à celui que la CAF a transmis pour cette personne.")
        return
    if nir and not person.nir_hash:
        row.changes.append(["NIR", "non renseigné", "renseigné"])
    for key in UPDATABLE:
        if key in row.values and _differs(key, getattr(person, key), row.values[key]):
            row.changes.append(
                [COLUMNS_BY_KEY[key].label, display(key, getattr(person, key)), display(key, row.values[key])]
            )
    row.status = UPDATE if row.changes else UNCHANGED


def _differs(key, old, new):
    if key in CASELESS:
        return (old or "").upper() != new.upper()
    return old != new


def display(key, value):
    """A value as the grid shows it."""
    if value in (None, ""):
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if key == "sex":
        return Sex(value).label
    if key == "rsa_role":
        return RsaRole(value).label
    return str(value)


class _Matcher:
    """The persons of one dossier, found as the CAF import finds them; remembers the lines seen."""

    def __init__(self, persons):
        self.by_nir = {p.nir_hash: p for p in persons if p.nir_hash}
        self.by_birth_name = {(p.birth_name.upper(), p.first_name.upper(), p.birth_date): p for p in persons}
        self.by_last_name = {(p.last_name.upper(), p.first_name.upper(), p.birth_date): p for p in persons}
        self.lines = {}

    def match(self, values, line):
        """(person or None, line of an earlier row of the same person or None)."""
        person = self.by_nir.get(nir_lookup_hash(values["nir"])) if values.get("nir") else None
        if person is None:
            person = self._by_identity(values)
        key = person.pk if person else _identity(values)
        if key in self.lines:
            return person, self.lines[key]
        self.lines[key] = line
        return person, None

    def _by_identity(self, values):
        first_name, birth_date = values["first_name"].upper(), values["birth_date"]
        if values.get("birth_name"):
            return self.by_birth_name.get((values["birth_name"].upper(), first_name, birth_date))
        return self.by_last_name.get((values["last_name"].upper(), first_name, birth_date))


def _identity(values):
    name = values.get("birth_name") or values["last_name"]
    return (name.upper(), values["first_name"].upper(), values["birth_date"])


# Services: the web calls these; each write is atomic and audited.


def save_mapping(*, departement_code, name, columns, actor):
    """Create or replace the département's mapping called `name`."""
    unknown = set(columns) - set(COLUMNS_BY_KEY)
    if unknown:
        raise DomainError(f"Champs inconnus dans le modèle : {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        mapping, created = SpreadsheetMapping.objects.update_or_create(
            departement_code=departement_code,
            name=name,
            defaults={"columns": {key: header for key, header in columns.items() if header}},
            create_defaults={
                "columns": {key: header for key, header in columns.items() if header},
                "created_by": actor,
            },
        )
        log(
            actor=actor,
            action="spreadsheet_mapping.create" if created else "spreadsheet_mapping.update",
            obj=mapping,
            data={"columns": mapping.columns},
            departement_code=departement_code,
        )
    return mapping


def create_import(*, upload, departement_code, actor, mapping=None):
    """Store an uploaded sheet for review; reviewed at once when `mapping` fits its columns."""
    sheet = read_sheet(upload, file_name=upload.name)
    upload.seek(0)
    with transaction.atomic():
        entry = SpreadsheetImport(
            departement_code=departement_code,
            file_name=Path(upload.name).name[:255],
            mapping=mapping,
            created_by=actor,
            report={"headers": sheet.headers, "rows": len(sheet.rows)},
        )
        entry.file.save(f"{entry.uuid}{Path(upload.name).suffix.lower()}", upload, save=False)
        if mapping is not None and not check_mapping(mapping.columns, sheet.headers):
            _store(
                entry,
                mapping.columns,
                review(sheet, columns=mapping.columns, departement_code=departement_code),
            )
        entry.save()
        log(actor=actor, action="spreadsheet_import.upload", obj=entry, data={"rows": len(sheet.rows)})
    return entry


def set_columns(entry, *, columns, actor, save_as=""):
    """Review the stored sheet through `columns`, optionally saving them as a named mapping."""
    _check_open(entry)
    result = review(_stored_sheet(entry), columns=columns, departement_code=entry.departement_code)
    with transaction.atomic():
        if save_as:
            entry.mapping = save_mapping(
                departement_code=entry.departement_code, name=save_as, columns=columns, actor=actor
            )
        _store(entry, columns, result)
        entry.save(update_fields=["mapping", "report"])
        log(actor=actor, action="spreadsheet_import.review", obj=entry, data=result.counts)
    return result


def apply_review(entry, *, actor):
    """Write the reviewed rows (all of them, or nothing while a row is in error)."""
    _check_open(entry)
    columns = entry.report.get("columns")
    if not columns:
        raise DomainError("Choisissez d'abord les colonnes du fichier.")
    fresh = review(_stored_sheet(entry), columns=columns, departement_code=entry.departement_code)
    if fresh.as_json() != entry.report.get("review"):
        _store(entry, columns, fresh)
        entry.save(update_fields=["report"])
        raise DomainError(
            "Les données ont changé depuis la vérification : relisez le tableau mis à jour avant de confirmer."
        )
    errors = fresh.counts[ERROR]
    if errors:
        raise DomainError(
            f"{errors} ligne{'s' if errors > 1 else ''} en erreur : corrigez le fichier puis déposez-le de "
            "nouveau. Rien n'a été enregistré."
        )
    with transaction.atomic():
        created = _create_persons([row for row in fresh.rows if row.status == CREATE], entry.departement_code)
        updated = _update_persons([row for row in fresh.rows if row.status == UPDATE])
        entry.status = SpreadsheetImportStatus.APPLIED
        entry.applied_at = timezone.now()
        entry.report = {**entry.report, "applied": {"created": len(created), "updated": len(updated)}}
        entry.save(update_fields=["status", "applied_at", "report"])
        log(
            actor=actor,
            action="spreadsheet_import.apply",
            obj=entry,
            data={**fresh.counts, "created_persons": created, "updated_persons": updated},
        )
        transaction.on_commit(lambda: _delete_file(entry))
    return fresh


def cancel_import(entry, *, actor):
    _check_open(entry)
    with transaction.atomic():
        entry.status = SpreadsheetImportStatus.CANCELLED
        entry.save(update_fields=["status"])
        log(actor=actor, action="spreadsheet_import.cancel", obj=entry)
        transaction.on_commit(lambda: _delete_file(entry))


def _check_open(entry):
    if entry.status != SpreadsheetImportStatus.REVIEW:
        raise DomainError("Cet import a déjà été enregistré ou abandonné.")


def _store(entry, columns, result):
    entry.report = {**entry.report, "columns": dict(columns), "review": result.as_json()}


def _stored_sheet(entry):
    if not entry.file:
        raise DomainError("Le fichier de cet import n'est plus disponible : déposez-le de nouveau.")
    with entry.file.open("rb") as stored:
        return read_sheet(stored, file_name=entry.file.name)


def _delete_file(entry):
    if entry.file:
        entry.file.delete(save=False)
        SpreadsheetImport.objects.filter(pk=entry.pk).update(file="")


def _create_persons(rows, departement_code):
    persons = []
    for row in rows:
        values = row.values
        person = Person(
            dossier_id=row.dossier_id,
            departement_code=departement_code,
            last_name=values.get("last_name") or values["birth_name"],
            birth_name=values.get("birth_name") or values["last_name"],
        )
        _fill(person, values, is_new=True)
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=500)
    return [str(person.uuid) for person in persons]


def _update_persons(rows):
    persons = Person.objects.in_bulk([row.person_id for row in rows])
    changed = []
    for row in rows:
        person = persons[row.person_id]
        _fill(person, row.values, is_new=False)
        changed.append(person)
    fields = [*UPDATABLE, "is_adult", "sdd_since", "nir_encrypted", "nir_hash"]
    Person.objects.bulk_update(changed, fields, batch_size=500)
    return [str(person.uuid) for person in changed]


def _fill(person, values, *, is_new):
    was_sdd = bool(person.is_sdd) and not is_new
    for key in UPDATABLE:
        if key in values:
            setattr(person, key, values[key])
    person.is_adult = person.rsa_role in ADULT_ROLES
    if values.get("nir") and not person.nir_hash:
        person.nir_encrypted = encrypt_nir(values["nir"])
        person.nir_hash = nir_lookup_hash(values["nir"])
    if person.is_sdd and not was_sdd:
        person.sdd_since = person.sdd_since or timezone.localdate()
    elif not person.is_sdd:
        person.sdd_since = None
