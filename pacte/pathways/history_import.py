"""Reading `pacte import-history`'s file: orientations, contracts and entries into rights and
duties from a département's previous software, checked whole before anything is written (the write is `services.import_history`).

Any error rejects the file, with one message per error and its line number. A row names its person
by the dossier number and the RSA role of one of the household's adults (`ADULT_ROLES`: DEM, CJT
and BEN, the VRSD0301 partner's role).
"""

import csv
import dataclasses
import datetime
import io

from pacte.beneficiaries.caf.codes import ADULT_ROLES
from pacte.beneficiaries.models import Person
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.enums import ContractKind, Track

REQUIRED = ("numdemrsa", "role", "event", "date")
OPTIONAL = ("orientation_type", "organisme_kind", "organisme_name", "contract_kind", "end_date")
COLUMNS = REQUIRED + OPTIONAL
ROLES = tuple(sorted(ADULT_ROLES))
# `entree_sdd` (a Pacte addition to the format): the date the previous software had of the person's
# entry into rights and duties, which then dates it (beneficiaries.enums.SddEvidence.HISTORY).
EVENTS = ("orientation", "contract", "entree_sdd")


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
            _check_entry(row, errors)


def _check_entry(row, errors):
    if row.event != "entree_sdd":
        return
    demand = row.person.dossier.dtdemrsa
    if demand is not None and row.date < demand:
        errors.append(
            f"ligne {row.line} : l'entrée dans les droits et devoirs ({row.date:%d/%m/%Y}) précède "
            f"la demande de RSA ({demand:%d/%m/%Y})"
        )
    if row.date > datetime.date.today():
        errors.append(f"ligne {row.line} : l'entrée dans les droits et devoirs est dans le futur")
