"""`pacte import-history`: orientations and contracts from a département's previous software.

The file is read and checked whole before anything is written: any error rejects it (one message
per error, with its line number), so an import is all-or-nothing. A row equal to an orientation
(same person, decision date, track and body kind) or a contract (same person, kind and signature
date) already known is skipped, so importing the same file twice adds nothing.
"""

import csv
import dataclasses
import datetime
import io

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.beneficiaries.models import Person
from pacte.core.errors import MissingPrerequisite
from pacte.organizations.enums import OrganizationKind, OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.organizations.services import create_organization
from pacte.pathways.enums import ContractKind, ContractStatus, OrientationOrigin, OrientationStatus, Track
from pacte.pathways.models import Contract, Orientation
from pacte.territory.models import Departement

REQUIRED = ("numdemrsa", "role", "event", "date")
OPTIONAL = ("orientation_type", "organisme_kind", "organisme_name", "contract_kind", "end_date")
COLUMNS = REQUIRED + OPTIONAL
ROLES = ("DEM", "CJT")
EVENTS = ("orientation", "contract")


class HistoryImportError(Exception):
    """The file is rejected; `errors` holds one French message per problem, with its line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclasses.dataclass
class Row:
    line: int
    numdemrsa: str
    role: str
    event: str
    date: datetime.date
    orientation_type: str = ""
    organisme_kind: str = ""
    organisme_name: str = ""
    contract_kind: str = ""
    end_date: datetime.date | None = None
    person: object = None


def parse_date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise HistoryImportError([f"ligne {line} : le fichier n'est pas encodé en UTF-8"]) from None


def _reader(text):
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _header(reader):
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise HistoryImportError(["ligne 1 : fichier vide ou sans ligne d'en-tête"])
    names = [cell.strip().lower() for cell in header]
    errors = [f"ligne 1 : colonne inconnue « {name} »" for name in names if name not in COLUMNS]
    errors += [f"ligne 1 : colonne obligatoire absente « {name} »" for name in REQUIRED if name not in names]
    errors += [
        f"ligne 1 : colonne en double « {name} »" for name in sorted(set(names)) if names.count(name) > 1
    ]
    if errors:
        raise HistoryImportError(errors)
    return names


def _check_choice(errors, line, values, name, allowed, required):
    value = values.get(name, "")
    if not value:
        if required:
            errors.append(f"ligne {line} : valeur obligatoire absente « {name} »")
    elif value not in allowed:
        errors.append(
            f"ligne {line} : valeur invalide « {value} » pour « {name} » (attendu : {', '.join(allowed)})"
        )


def _parse_row(line, values, errors):
    before = len(errors)
    for name in REQUIRED:
        if not values.get(name):
            errors.append(f"ligne {line} : valeur obligatoire absente « {name} »")
    numdemrsa = values.get("numdemrsa", "")
    if numdemrsa and len(numdemrsa) != 11:
        errors.append(f"ligne {line} : numdemrsa « {numdemrsa} » invalide (11 caractères attendus)")
    _check_choice(errors, line, values, "role", ROLES, False)
    _check_choice(errors, line, values, "event", EVENTS, False)
    event = values.get("event")
    _check_choice(errors, line, values, "orientation_type", Track.values, event == "orientation")
    _check_choice(errors, line, values, "organisme_kind", OrientationBodyKind.values, event == "orientation")
    _check_choice(errors, line, values, "contract_kind", ContractKind.values, event == "contract")
    dates = {}
    for name in ("date", "end_date"):
        if values.get(name):
            dates[name] = parse_date(values[name])
            if dates[name] is None:
                errors.append(
                    f"ligne {line} : date invalide « {values[name]} » pour « {name} » (AAAA-MM-JJ ou JJ/MM/AAAA)"
                )
    if dates.get("date") and dates.get("end_date") and dates["end_date"] < dates["date"]:
        errors.append(f"ligne {line} : la date de fin précède la date de signature")
    if len(errors) > before:
        return None
    return Row(
        line=line,
        numdemrsa=numdemrsa,
        role=values["role"],
        event=event,
        date=dates["date"],
        orientation_type=values.get("orientation_type", "") if event == "orientation" else "",
        organisme_kind=values.get("organisme_kind", "") if event == "orientation" else "",
        organisme_name=values.get("organisme_name", "") if event == "orientation" else "",
        contract_kind=values.get("contract_kind", "") if event == "contract" else "",
        end_date=dates.get("end_date") if event == "contract" else None,
    )


def parse(data):
    """Rows of the file, checked; raises `HistoryImportError` with every problem found."""
    reader = _reader(_decode(data))
    names = _header(reader)
    rows, errors = [], []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            errors.append(f"ligne {line} : {len(cells)} valeurs pour {len(names)} colonnes")
            continue
        row = _parse_row(line, {name: cell.strip() for name, cell in zip(names, cells, strict=True)}, errors)
        if row is not None:
            rows.append(row)
    _attach_persons(rows, errors)
    if errors:
        raise HistoryImportError(sorted(errors, key=lambda message: int(message.split()[1])))
    return rows


def _attach_persons(rows, errors):
    persons = {}
    numbers = sorted({row.numdemrsa for row in rows})
    for start in range(0, len(numbers), 500):
        batch = Person.objects.filter(dossier__numdemrsa__in=numbers[start : start + 500], rsa_role__in=ROLES)
        for person in batch.select_related("dossier").order_by("id"):
            persons.setdefault((person.dossier.numdemrsa, person.rsa_role), []).append(person)
    for row in rows:
        found = persons.get((row.numdemrsa, row.role), [])
        if not found:
            errors.append(
                f"ligne {row.line} : personne inconnue (numdemrsa {row.numdemrsa}, rôle {row.role})"
            )
        elif len(found) > 1:
            errors.append(
                f"ligne {row.line} : plusieurs personnes pour numdemrsa {row.numdemrsa}, rôle {row.role}"
            )
        else:
            row.person = found[0]


def _new_organization_kind(body_kind, name):
    lowered = name.lower()
    if body_kind == OrientationBodyKind.FRANCE_TRAVAIL:
        return OrganizationKind.FRANCE_TRAVAIL
    if body_kind == OrientationBodyKind.DEPARTEMENT:
        return OrganizationKind.MAISON_DEPARTEMENT if "maison" in lowered else OrganizationKind.DEPARTEMENT
    if body_kind == OrientationBodyKind.SPE_AUTRE:
        for word, kind in (
            ("mission locale", OrganizationKind.MISSION_LOCALE),
            ("cap emploi", OrganizationKind.CAP_EMPLOI),
            ("plie", OrganizationKind.PLIE),
        ):
            if word in lowered:
                return kind
        return OrganizationKind.MAISON_EMPLOI
    return OrganizationKind.CCAS if "ccas" in lowered or "cias" in lowered else OrganizationKind.OTHER


class _Bodies:
    """Organisations named in the file: an existing one of that kind and name, else a new one."""

    def __init__(self, write, actor):
        self.write = write
        self.actor = actor
        self.cache = {}

    def get(self, departement_code, body_kind, name):
        if not name:
            return None
        key = (departement_code, body_kind, name.lower())
        if key not in self.cache:
            existing = [
                org
                for org in Organization.objects.filter(
                    departement_id=departement_code, name__iexact=name
                ).order_by("id")
                if org.orientation_body_kind == body_kind
            ]
            if existing:
                self.cache[key] = existing[0]
            elif self.write:
                self.cache[key] = create_organization(
                    actor=self.actor,
                    name=name,
                    kind=_new_organization_kind(body_kind, name),
                    departement=_departement(departement_code),
                )
            else:
                self.cache[key] = None
        return self.cache[key]


def _departement(code):
    departement = Departement.objects.filter(code=code).first()
    if departement is None:
        raise MissingPrerequisite(
            f"Département {code} absent de la base : lancez d'abord « pacte load-territory "
            f"--departement {code} »."
        )
    return departement


def _existing_keys(rows):
    person_ids = {row.person.pk for row in rows}
    orientations = set(
        Orientation.objects.filter(person_id__in=person_ids, status=OrientationStatus.VALIDATED).values_list(
            "person_id", "decision_date", "track", "body_kind"
        )
    )
    contracts = set(
        Contract.objects.filter(person_id__in=person_ids).values_list("person_id", "kind", "signed_on")
    )
    return orientations, contracts


def _orientation(row, bodies):
    person = row.person
    return Orientation(
        departement_code=person.departement_code,
        person=person,
        track=row.orientation_type,
        body_kind=row.organisme_kind,
        body=bodies.get(person.departement_code, row.organisme_kind, row.organisme_name),
        status=OrientationStatus.VALIDATED,
        origin=OrientationOrigin.HISTORY_IMPORT,
        decision_date=row.date,
    )


def _contract(row, today):
    person = row.person
    orientation = (
        Orientation.objects.decided()
        .filter(person=person, decision_date__lte=row.date)
        .order_by("-decision_date", "-id")
        .first()
    )
    ended = row.end_date is not None and row.end_date < today
    return Contract(
        departement_code=person.departement_code,
        person=person,
        kind=row.contract_kind,
        status=ContractStatus.ENDED if ended else ContractStatus.SIGNED,
        origin=OrientationOrigin.HISTORY_IMPORT,
        orientation=orientation,
        signed_on=row.date,
        end_date=row.end_date,
    )


def import_history(data, *, dry_run=False, actor=None, filename=""):
    """Check then (unless `dry_run`) write the file's rows; returns the summary counts."""
    rows = parse(data)
    summary = {"rows": len(rows), "orientations": 0, "contracts": 0, "skipped": 0}
    today = timezone.localdate()
    with transaction.atomic():
        orientation_keys, contract_keys = _existing_keys(rows)
        bodies = _Bodies(write=not dry_run, actor=actor)
        # Orientations first, so that each contract links to the orientation it followed.
        for row in sorted(rows, key=lambda r: (r.event != "orientation", r.line)):
            if row.event == "orientation":
                key = (row.person.pk, row.date, row.orientation_type, row.organisme_kind)
                keys, counter = orientation_keys, "orientations"
            else:
                key = (row.person.pk, row.contract_kind, row.date)
                keys, counter = contract_keys, "contracts"
            if key in keys:
                summary["skipped"] += 1
                continue
            keys.add(key)
            summary[counter] += 1
            if not dry_run:
                (_orientation(row, bodies) if row.event == "orientation" else _contract(row, today)).save()
        if not dry_run:
            log(actor=actor, action="history.import", data={"file": filename, **summary})
    return summary
