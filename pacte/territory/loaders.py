"""Idempotent loaders of territory reference data, keyed on official codes (INSEE, SIREN)."""

import csv
from pathlib import Path

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.territory.models import Commune, Departement, Epci

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNE_COLUMNS = [
    "insee_code", "name", "departement", "epci_siren", "postcodes", "population", "latitude", "longitude",
]  # fmt: skip
COMMUNE_FIELDS = ["name", "departement_id", "epci_id", "postcodes", "population", "latitude", "longitude"]


def _rows(path, columns):
    """(line number, row) of a UTF-8 CSV file that has at least `columns`; a file of another shape is
    a `DomainError` naming it."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        try:
            missing = [column for column in columns if column not in (reader.fieldnames or [])]
            if missing:
                raise DomainError(f"{path} : colonne(s) manquante(s) : {', '.join(missing)}.")
            for row in reader:
                yield reader.line_num, row
        except UnicodeDecodeError as error:
            raise DomainError(f"{path} : le fichier n'est pas en UTF-8.") from error


def _float(value):
    return float(value) if value not in ("", None) else None


@transaction.atomic
def load_departements(path=DATA_DIR / "departements.csv"):
    count = 0
    for _, row in _rows(path, ["code", "name", "region_code"]):
        Departement.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region_code": row["region_code"]}
        )
        count += 1
    return count


@transaction.atomic
def load_communes(
    *, departements=None, communes_path=DATA_DIR / "communes.csv", epci_path=DATA_DIR / "epci.csv"
):
    """Load the EPCI and the communes of the given départements (all of the file when None).

    Another département is loaded the same way from files of the same columns.
    """
    wanted = set(departements) if departements else None
    for _, row in _rows(epci_path, ["siren", "name", "kind"]):
        Epci.objects.update_or_create(siren=row["siren"], defaults={"name": row["name"], "kind": row["kind"]})
    known_departements = set(Departement.objects.values_list("code", flat=True))
    existing = {c.insee_code: c for c in Commune.objects.all()}
    to_create, to_update, count = [], [], 0
    for line, row in _rows(communes_path, COMMUNE_COLUMNS):
        if wanted is not None and row["departement"] not in wanted:
            continue
        if row["departement"] not in known_departements:
            raise DomainError(
                f"{communes_path} : ligne {line} : département inconnu : {row['departement']} "
                "(chargez d'abord les départements)."
            )
        try:
            values = {
                "name": row["name"],
                "departement_id": row["departement"],
                "epci_id": row["epci_siren"] or None,
                "postcodes": row["postcodes"].split(),
                "population": int(row["population"] or 0),
                "latitude": _float(row["latitude"]),
                "longitude": _float(row["longitude"]),
            }
        except ValueError as error:
            raise DomainError(
                f"{communes_path} : ligne {line} : valeur invalide (population, latitude ou longitude)."
            ) from error
        commune = existing.get(row["insee_code"])
        if commune is None:
            to_create.append(Commune(insee_code=row["insee_code"], **values))
        else:
            for name, value in values.items():
                setattr(commune, name, value)
            to_update.append(commune)
        count += 1
    Commune.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Commune.objects.bulk_update(to_update, COMMUNE_FIELDS, batch_size=500)
    return count
