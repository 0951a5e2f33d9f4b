"""Loading lists of métiers en tension from a CSV file, all or nothing (docs/imports-tension-jobs.md).

One row per ROME code of a territory's list: `niveau;code_territoire;territoire;source;annee;
code_fap;code_rome;metier[;echantillon]`. Lines starting with `#` are comments. Every row is
checked before anything is written; then each list named in the file (territory, source, year)
is replaced by the file's rows, so that loading the same file twice changes nothing.
"""

import csv
import io
import re

from django.db import transaction

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress
from pacte.employment.enums import TensionTerritoryKind
from pacte.employment.models import TensionJob, TensionList
from pacte.referentials.models import RomeCode

COLUMNS = ["niveau", "code_territoire", "territoire", "source", "annee", "code_fap", "code_rome", "metier"]
KINDS = {
    "region": TensionTerritoryKind.REGION,
    "departement": TensionTerritoryKind.DEPARTEMENT,
    "zone_emploi": TensionTerritoryKind.EMPLOYMENT_ZONE,
}
TERRITORY_CODE = {
    TensionTerritoryKind.REGION: re.compile(r"^[0-9]{2}$"),
    TensionTerritoryKind.DEPARTEMENT: re.compile(r"^(?:[0-9]{2}|2[AB]|97[0-9])$"),
    TensionTerritoryKind.EMPLOYMENT_ZONE: re.compile(r"^[0-9]{4}$"),
}
ROME = re.compile(r"^[A-N][0-9]{4}$")
YES = {"oui", "o", "1", "true", "vrai"}


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("Fichier illisible : ni UTF-8 ni Windows-1252.")


def _rows(text):
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise DomainError("Fichier vide : aucune ligne d'en-tête.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise DomainError(f"Colonne(s) manquante(s) : {', '.join(missing)} (attendu : {';'.join(COLUMNS)}).")
    reader.fieldnames = header
    return list(reader)


def _row(number, raw):
    value = {name: (raw.get(name) or "").strip() for name in [*COLUMNS, "echantillon"]}
    kind = KINDS.get(value["niveau"].lower())
    if kind is None:
        raise DomainError(
            f"ligne {number} : niveau « {value['niveau']} » inconnu (region, departement ou zone_emploi)."
        )
    if not TERRITORY_CODE[kind].match(value["code_territoire"]):
        raise DomainError(
            f"ligne {number} : code de territoire « {value['code_territoire']} » invalide pour ce niveau."
        )
    if not value["territoire"] or not value["source"]:
        raise DomainError(f"ligne {number} : le territoire et la source sont obligatoires.")
    if not re.fullmatch(r"20[0-9]{2}", value["annee"]):
        raise DomainError(f"ligne {number} : année « {value['annee']} » invalide (AAAA).")
    rome = value["code_rome"].upper()
    if not ROME.match(rome):
        raise DomainError(
            f"ligne {number} : code ROME « {value['code_rome']} » invalide (une lettre, quatre chiffres)."
        )
    if not value["metier"]:
        raise DomainError(f"ligne {number} : le libellé du métier est obligatoire.")
    key = (kind, value["code_territoire"], value["source"][:200], int(value["annee"]))
    job = {"rome": rome, "label": value["metier"][:250], "fap_code": value["code_fap"][:5]}
    return key, value["territoire"][:150], value["echantillon"].lower() in YES, job


def parse(data):
    """{(kind, code, source, year): {"name", "is_sample", "jobs": {rome: job}}}, every row checked."""
    lists = {}
    for number, raw in enumerate(_rows(_decode(data)), start=2):
        key, name, is_sample, job = _row(number, raw)
        entry = lists.setdefault(key, {"name": name, "is_sample": is_sample, "jobs": {}})
        if job["rome"] in entry["jobs"]:
            raise DomainError(
                f"ligne {number} : le code ROME {job['rome']} figure deux fois dans la même liste."
            )
        entry["jobs"][job["rome"]] = job
    known = set(
        RomeCode.objects.filter(
            code__in={rome for entry in lists.values() for rome in entry["jobs"]}
        ).values_list("code", flat=True)
    )
    unknown = sorted({rome for entry in lists.values() for rome in entry["jobs"]} - known)
    if unknown:
        raise DomainError(
            f"Code(s) ROME absent(s) du référentiel : {', '.join(unknown[:10])} (lancez « pacte load-referentials »)."
        )
    return lists


def load(data, *, actor=None, dry_run=False, filename="", progress=None):
    """Check the whole file, then replace each of its lists (unless `dry_run`). Returns the summary."""
    progress = progress or NullProgress()
    lists = parse(data)
    summary = {"file": filename, "lists": len(lists), "jobs": sum(len(e["jobs"]) for e in lists.values())}
    summary.update(created=0, replaced=0, dry_run=dry_run)
    if dry_run:
        return summary
    progress.start(len(lists), label="Listes", unit=" listes")
    with transaction.atomic():
        for (kind, code, source, year), entry in sorted(lists.items()):
            tension_list, created = TensionList.objects.update_or_create(
                territory_kind=kind,
                territory_code=code,
                source=source,
                year=year,
                defaults={"territory_name": entry["name"], "is_sample": entry["is_sample"]},
            )
            summary["created" if created else "replaced"] += 1
            tension_list.jobs.all().delete()
            TensionJob.objects.bulk_create(
                TensionJob(
                    tension_list=tension_list, rome_id=rome, label=job["label"], fap_code=job["fap_code"]
                )
                for rome, job in sorted(entry["jobs"].items())
            )
            log(
                actor=actor,
                action="tension.load",
                obj=tension_list,
                data={"jobs": len(entry["jobs"]), "file": filename},
            )
            progress.advance()
    progress.finish()
    return summary
