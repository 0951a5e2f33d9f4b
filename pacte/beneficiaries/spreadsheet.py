"""Spreadsheet import of beneficiaries (CSV or XLSX): upload, column mapping, review grid, apply.

Persons come from the CAF and MSA files: a row updates a person of a dossier Pacte already holds,
or adds a person to it, but never creates a dossier. Nothing is written before the user has seen
the review grid (to create, to update, unchanged, errors) and confirmed it; the file is then written
whole in one transaction, or not at all while any row is in error. Persons are matched by the
matcher the CAF import uses (`matching`). The grid lists every field a row changes, as it will be
written (a change of case included), and nothing else is written.

The upload only stores the file (`create_import`); every service that reads the whole file
(`read_import`, `set_columns`, `apply_review`) runs in a background task, never in a request
(`pacte.web.imports.spreadsheet_tasks`). A file the reader refuses rejects the import and is deleted.

The review stored on the `SpreadsheetImport` row holds what the grid shows, never the NIR; the
values written are read again from the file when the user confirms.
"""

import dataclasses
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.beneficiaries import derived, names
from pacte.beneficiaries.crypto import encrypt_nir, nir_lookup_hash
from pacte.beneficiaries.enums import ADULT_ROLES, RsaRole, SddCohort, SddEvidence, Sex
from pacte.beneficiaries.matching import Identity, matchers_for
from pacte.beneficiaries.models import (
    Dossier,
    Person,
    SpreadsheetImport,
    SpreadsheetImportStatus,
    SpreadsheetMapping,
)
from pacte.beneficiaries.spreadsheet_files import Sheet, SpreadsheetError, read_sheet
from pacte.beneficiaries.spreadsheet_read import COLUMNS_BY_KEY, check_mapping, clean_values
from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress
from pacte.core.transitions import TransitionTable, transition

__all__ = [
    "Review",
    "ReviewRow",
    "Sheet",
    "SpreadsheetError",
    "apply_review",
    "cancel_import",
    "check_mapping",
    "check_open",
    "create_import",
    "read_import",
    "read_sheet",
    "review",
    "save_mapping",
    "set_columns",
]

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
STATUS_LABELS = {CREATE: "À créer", UPDATE: "À mettre à jour", UNCHANGED: "Inchangée", ERROR: "En erreur"}
# Fields a row may change on a person already known (matching finds them without case, but
# they are compared and written as the file spells them).
UPDATABLE = (
    "rsa_role", "last_name", "birth_name", "first_name", "birth_date", "sex",
    "france_travail_id", "email", "phone", "is_sdd",
)  # fmt: skip
LABELS = {
    **{key: column.label for key, column in COLUMNS_BY_KEY.items()},
    "sdd_since": "Droits et devoirs depuis",
    "sdd_since_evidence": "Date d'entrée établie par",
    "sdd_cohort": "Stock ou entrant",
}
SDD_FIELDS = ("sdd_since", "sdd_since_evidence", "sdd_cohort")
LOOKUP_CHUNK = 500

Status = SpreadsheetImportStatus
IMPORT_TRANSITIONS = TransitionTable(
    "spreadsheet_import",
    {
        Status.READING: {Status.REVIEW, Status.REJECTED, Status.CANCELLED},
        Status.REVIEW: {Status.APPLIED, Status.CANCELLED},
    },
    labels=Status,
    actions={
        Status.REVIEW: "spreadsheet_import.parse",
        Status.REJECTED: "spreadsheet_import.reject",
        Status.APPLIED: "spreadsheet_import.apply",
        Status.CANCELLED: "spreadsheet_import.cancel",
    },
)


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


def review(sheet, *, columns, departement_code, progress=None):
    """Classify every row of `sheet` read through `columns` ({our field: header}); write nothing."""
    errors = check_mapping(columns, sheet.headers)
    if errors:
        raise SpreadsheetError(" ".join(errors))
    progress = progress or NullProgress()
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
    dossiers, demands = _dossiers(
        departement_code, {row.values["numdemrsa"] for row in rows if "numdemrsa" in row.values}
    )
    matchers = matchers_for(dossiers.values())
    progress.start(len(rows), "Vérification des lignes", unit=" lignes")
    for row in rows:
        _classify(row, dossiers, matchers, departement_code, demands)
        progress.advance()
    return Review(rows)


def _dossiers(departement_code, numbers):
    """({numdemrsa: dossier id}, {dossier id: RSA demand date}) of the numbers known in the département."""
    numbers, found, demands = sorted(numbers), {}, {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        for number, pk, demand in Dossier.objects.filter(
            departement_code=departement_code, numdemrsa__in=chunk
        ).values_list("numdemrsa", "pk", "dtdemrsa"):
            found[number], demands[pk] = pk, demand
    return found, demands


def _demands(rows):
    ids = {row.dossier_id for row in rows}
    return dict(Dossier.objects.filter(pk__in=ids).values_list("pk", "dtdemrsa"))


def _missing(row):
    values = row.values
    for key in ("numdemrsa", "first_name", "birth_date"):
        if key not in values and not any(COLUMNS_BY_KEY[key].label in error for error in row.errors):
            row.errors.append(f"{COLUMNS_BY_KEY[key].label} : valeur manquante.")
    if "birth_name" not in values and "last_name" not in values:
        row.errors.append("Nom de naissance ou nom d'usage : valeur manquante.")


def _classify(row, dossiers, matchers, departement_code, demands):
    _missing(row)
    if row.errors:
        return
    values = row.values
    row.dossier_id = dossiers.get(values["numdemrsa"])
    if row.dossier_id is None:
        row.errors.append(
            f"Dossier RSA {values['numdemrsa']} inconnu dans le département {departement_code} : les "
            "personnes viennent des fichiers de la CAF ou de la MSA ; importez d'abord le fichier qui "
            "contient ce dossier."
        )
        return
    person, earlier_line = matchers[row.dossier_id].claim(identity(values), row.line)
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
            row.changes = _changes(None, values, demands[row.dossier_id])
    else:
        row.person_id = person.pk
        _compare(row, person, demands[row.dossier_id])


def identity(values):
    """The `matching.Identity` of a row's checked values."""
    return Identity(
        nir=values.get("nir", ""),
        birth_name=values.get("birth_name", ""),
        last_name=values.get("last_name", ""),
        first_name=values["first_name"],
        birth_date=values["birth_date"],
    )


def _compare(row, person, demand):
    nir = row.values.get("nir")
    if nir and person.nir_hash and person.nir_hash != nir_lookup_hash(nir):
        row.errors.append("Le NIR ne correspond pas à celui que la CAF a transmis pour cette personne.")
        return
    row.changes = _changes(person, row.values, demand)
    row.status = UPDATE if row.changes else UNCHANGED


def planned_values(person, values, demand):
    """{field: value} the row gives `person` (None: a person to add), derived fields included.

    The review shows exactly these (`_changes`) and `apply_review` writes exactly these: names are
    compared and written as the file spells them, so a change of case is a change the grid shows.
    """
    planned = {key: values[key] for key in UPDATABLE if key in values}
    if person is None:
        planned.setdefault("last_name", values.get("birth_name"))
        planned.setdefault("birth_name", values.get("last_name"))
    was_sdd = bool(person and person.is_sdd)
    if planned.get("is_sdd", was_sdd) and not was_sdd:
        # An entrant, dated by the dossier's RSA demand (docs/decisions/008), never the day of the import.
        planned["sdd_since"] = demand
        planned["sdd_since_evidence"] = SddEvidence.DEMAND
        planned["sdd_cohort"] = SddCohort.ENTRANT
    elif not planned.get("is_sdd", was_sdd):
        planned["sdd_since"], planned["sdd_since_evidence"], planned["sdd_cohort"] = None, "", ""
    return planned


def _changes(person, values, demand):
    """[[label, old, new]] of every field the row changes, in the order of the columns."""
    changes = []
    if values.get("nir") and not (person and person.nir_hash):
        changes.append(["NIR", "non renseigné", "renseigné"])
    for key, new in planned_values(person, values, demand).items():
        old = getattr(person, key) if person is not None else None
        if person is None or old != new:
            if person is None and new in (None, ""):
                continue
            changes.append([LABELS[key], display(key, old), display(key, new)])
    return changes


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
    if key == "sdd_since_evidence":
        return SddEvidence(value).label
    if key == "sdd_cohort":
        return SddCohort(value).label
    return str(value)


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
    """Store an uploaded sheet, unread: `read_import` reads it in a background task."""
    with transaction.atomic():
        entry = SpreadsheetImport(
            departement_code=departement_code,
            file_name=Path(upload.name).name[:255],
            mapping=mapping,
            created_by=actor,
            status=Status.READING,
        )
        entry.file.save(f"{entry.uuid}{Path(upload.name).suffix.lower()}", upload, save=False)
        entry.save()
        log(actor=actor, action="spreadsheet_import.upload", obj=entry, data={"bytes": upload.size})
    return entry


def read_import(entry, *, progress=None):
    """Read the stored sheet: its headers and row count, and its review when the mapping fits.

    A file the reader refuses (format, limits) rejects the import with the reason, and is deleted.
    """
    if entry.status != Status.READING:
        raise DomainError("Ce fichier a déjà été lu.")
    result = None
    try:
        sheet = _stored_sheet(entry, progress)
        columns = entry.mapping.columns if entry.mapping else None
        if columns and not check_mapping(columns, sheet.headers):
            result = review(
                sheet, columns=columns, departement_code=entry.departement_code, progress=progress
            )
    except SpreadsheetError as error:
        with transaction.atomic():
            _lock(entry)
            # The reason may quote the file (a header): it stays on the import, which the purge
            # erases, not in the audit, which is kept.
            transition(
                entry, Status.REJECTED, actor=entry.created_by, table=IMPORT_TRANSITIONS,
                changes={"report": {"rejected": error.message}},
            )  # fmt: skip
            transaction.on_commit(lambda: _delete_file(entry))
        return entry
    report = {"headers": sheet.headers, "rows": len(sheet.rows)}
    if result is not None:
        report.update(columns=dict(columns), review=result.as_json())
    with transaction.atomic():
        _lock(entry)
        transition(
            entry, Status.REVIEW, actor=entry.created_by, table=IMPORT_TRANSITIONS,
            changes={"report": report}, data={"rows": len(sheet.rows), **(result.counts if result else {})},
        )  # fmt: skip
    return entry


def set_columns(entry, *, columns, actor, save_as="", progress=None):
    """Review the stored sheet through `columns`, optionally saving them as a named mapping."""
    check_open(entry)
    result = review(
        _stored_sheet(entry, progress),
        columns=columns,
        departement_code=entry.departement_code,
        progress=progress,
    )
    with transaction.atomic():
        _lock(entry)
        check_open(entry)
        if save_as:
            entry.mapping = save_mapping(
                departement_code=entry.departement_code, name=save_as, columns=columns, actor=actor
            )
        _store(entry, columns, result)
        entry.save(update_fields=["mapping", "report"])
        log(actor=actor, action="spreadsheet_import.review", obj=entry, data=result.counts)
    return result


def apply_review(entry, *, actor, progress=None):
    """Write the reviewed rows (all of them, or nothing while a row is in error)."""
    check_open(entry)
    columns = entry.report.get("columns")
    if not columns:
        raise DomainError("Choisissez d'abord les colonnes du fichier.")
    fresh = review(
        _stored_sheet(entry, progress),
        columns=columns,
        departement_code=entry.departement_code,
        progress=progress,
    )
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
    (progress or NullProgress()).start(0, "Enregistrement des personnes")
    with transaction.atomic():
        _lock(entry)
        created = _create_persons([row for row in fresh.rows if row.status == CREATE], entry.departement_code)
        updated = _update_persons([row for row in fresh.rows if row.status == UPDATE])
        derived.dossiers_written(
            {row.dossier_id for row in fresh.rows if row.status in (CREATE, UPDATE) and row.dossier_id}
        )
        transition(
            entry, Status.APPLIED, actor=actor, table=IMPORT_TRANSITIONS,
            changes={
                "applied_at": timezone.now(),
                "report": {**entry.report, "applied": {"created": len(created), "updated": len(updated)}},
            },
            data={**fresh.counts, "created_persons": created, "updated_persons": updated},
        )  # fmt: skip
        transaction.on_commit(lambda: _delete_file(entry))
    return fresh


def cancel_import(entry, *, actor):
    """Drop the import and its file; nothing of it is written."""
    with transaction.atomic():
        _lock(entry)
        if entry.status not in (Status.READING, Status.REVIEW):
            raise DomainError("Cet import a déjà été enregistré ou abandonné.")
        transition(entry, Status.CANCELLED, actor=actor, table=IMPORT_TRANSITIONS)
        transaction.on_commit(lambda: _delete_file(entry))


def check_open(entry):
    """Raise unless the import waits for its review or its confirmation."""
    if entry.status == Status.READING:
        raise DomainError("Le fichier est encore en cours de lecture.")
    if entry.status != Status.REVIEW:
        raise DomainError("Cet import a déjà été enregistré, abandonné ou refusé.")


def _lock(entry):
    """Read the import's state again under a row lock: two tasks or requests never both move it."""
    entry.status = (
        SpreadsheetImport.objects.select_for_update().values_list("status", flat=True).get(pk=entry.pk)
    )


def _store(entry, columns, result):
    entry.report = {**entry.report, "columns": dict(columns), "review": result.as_json()}


def _stored_sheet(entry, progress=None):
    if not entry.file:
        raise DomainError("Le fichier de cet import n'est plus disponible : déposez-le de nouveau.")
    with entry.file.open("rb") as stored:
        return read_sheet(stored, file_name=entry.file.name, progress=progress)


def _delete_file(entry):
    if entry.file:
        entry.file.delete(save=False)
        SpreadsheetImport.objects.filter(pk=entry.pk).update(file="")


def _create_persons(rows, departement_code):
    persons, demands = [], _demands(rows)
    for row in rows:
        person = Person(dossier_id=row.dossier_id, departement_code=departement_code)
        _fill(person, planned_values(None, row.values, demands[row.dossier_id]), row.values)
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=500)
    return [str(person.uuid) for person in persons]


def _update_persons(rows):
    persons = Person.objects.in_bulk([row.person_id for row in rows])
    demands = _demands(rows)
    changed = []
    for row in rows:
        person = persons[row.person_id]
        _fill(person, planned_values(person, row.values, demands[row.dossier_id]), row.values)
        changed.append(person)
    fields = [*UPDATABLE, "is_adult", *SDD_FIELDS, "nir_encrypted", "nir_hash", *names.KEY_FIELDS]
    Person.objects.bulk_update(changed, fields, batch_size=500)
    return [str(person.uuid) for person in changed]


def _fill(person, planned, values):
    for key, value in planned.items():
        setattr(person, key, value)
    person.is_adult = person.rsa_role in ADULT_ROLES
    names.fill_keys(person)  # bulk writes skip Person.save
    if values.get("nir") and not person.nir_hash:
        person.nir_encrypted = encrypt_nir(values["nir"])
        person.nir_hash = nir_lookup_hash(values["nir"])
