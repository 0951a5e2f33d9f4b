"""Idempotent loaders of the referentials, keyed on official codes (ROME, OGR) or our own codes."""

import csv
import gzip
import io
import json
from pathlib import Path

from django.db import transaction

from pacte.referentials.models import Barrier, ExitReason, RomeAppellation, RomeCode

DATA_DIR = Path(__file__).resolve().parent / "data"


def _csv_rows(path):
    with gzip.open(path, "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))


def _upsert(model, key, rows, fields):
    """Create the new rows and update the changed ones, in batches."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=1000)
    return len(to_create), len(to_update)


def _flag(value):
    return value.strip() if value and value.strip() not in ("", "N") else ""


@transaction.atomic
def load_rome(data_dir=DATA_DIR):
    codes = [
        {
            "code": row["code_rome"],
            "label": row["libelle_rome"],
            "parent_code": row["code_rome_parent"],
            "transition_eco": _flag(row["transition_eco"]),
            "transition_num": _flag(row["transition_num"]),
            "transition_demo": _flag(row["transition_demo"]),
            "regulated": bool(_flag(row["emploi_reglemente"])),
            "executive": bool(_flag(row["emploi_cadre"])),
        }
        for row in _csv_rows(data_dir / "rome_v460_code_rome.csv.gz")
    ]
    result = {"rome_codes": _upsert(RomeCode, "code", codes, [f for f in codes[0] if f != "code"])}
    known = {c["code"] for c in codes}
    appellations = [
        {
            "code_ogr": int(row["code_ogr"]),
            "label": row["libelle_appellation_long"],
            "short_label": row["libelle_appellation_court"],
            "rome_id": row["code_rome"],
            "transition_eco": _flag(row["transition_eco"]),
            "transition_num": _flag(row["transition_num"]),
            "transition_demo": _flag(row["transition_demo"]),
            "rarely_used": row["peu_usite"] == "O",
        }
        for row in _csv_rows(data_dir / "rome_v460_appellation.csv.gz")
        if row["code_rome"] in known
    ]
    result["appellations"] = _upsert(
        RomeAppellation, "code_ogr", appellations, [f for f in appellations[0] if f != "code_ogr"]
    )
    return result


@transaction.atomic
def load_nomenclatures(data_dir=DATA_DIR):
    barriers = [
        {**row, "position": index}
        for index, row in enumerate(json.loads((data_dir / "barriers.json").read_text()))
    ]
    exits = [
        {**row, "position": index}
        for index, row in enumerate(json.loads((data_dir / "exit_reasons.json").read_text()))
    ]
    return {
        "barriers": _upsert(Barrier, "code", barriers, ["theme", "label", "position"]),
        "exit_reasons": _upsert(ExitReason, "code", exits, ["category", "label", "position"]),
    }
