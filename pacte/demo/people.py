"""The demo's people: generated CAF files, imported as the département would have received them.

Six monthly files (end of May to end of October 2026) and weekly daily files in between, from one
evolving population, so that right histories, entrants and delays are realistic.
"""

import datetime
from pathlib import Path

from django.conf import settings

from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.models import CafImport, Person
from pacte.core.progress import BarProgress
from pacte.demo.structures import add_beneficiary_account
from pacte.territory.models import Commune

MONTH_ENDS = [datetime.date(2026, m, d) for m, d in ((5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31))]
SEEDS = {"87": 8700, "79": 7900}


def demo_files(code, households):
    """[(path, dtref, typeflux)] in the order they are imported."""
    files = []
    for index, month_end in enumerate(MONTH_ENDS):
        files.append((month_end, "M"))
        if index + 1 < len(MONTH_ENDS):
            for days in (7, 14, 21):
                files.append((month_end + datetime.timedelta(days=days), "I"))
    folder = Path(settings.DATA_DIR) / "demo" / "caf" / f"{code}-{households}"
    return [(folder / f"RSABE{kind}_{code}_{day:%Y%m%d}.xml.gz", day, kind) for day, kind in files]


def _communes(code):
    return [
        {
            "insee": c.insee_code,
            "name": c.name,
            "codes_postaux": " ".join(c.postcodes),
            "population": c.population,
        }
        for c in Commune.objects.filter(departement_id=code).order_by("insee_code")
        if c.postcodes
    ]


def load_people(code, structures, *, households, log):
    files = demo_files(code, households)
    imported = set(
        CafImport.objects.filter(departement_code=code, status="succeeded").values_list(
            "file_name", flat=True
        )
    )
    if {path.name for path, _, _ in files} <= imported:
        return _beneficiary_account(code, structures)
    communes = _communes(code)
    population = None
    for path, dtref, kind in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The population evolves file after file: regenerate the chain (cheap) to stay deterministic.
        population = generate(
            path, departement=code, households=households, seed=SEEDS[code], dtref=dtref,
            communes=communes, previous=population, typeflux=kind,
        )  # fmt: skip
        if path.name in imported:
            continue
        log(f"Import du fichier CAF {path.name}…")
        import_caf_file(path, progress=BarProgress())
    return _beneficiary_account(code, structures)


def _beneficiary_account(code, structures):
    person = (
        Person.objects.filter(departement_code=code, rsa_role="DEM", is_sdd=True, dossier__right_state="2")
        .exclude(dossier__commune=None)
        .order_by("dossier__numdemrsa", "id")
        .first()
    )
    return [add_beneficiary_account(code, structures, person)] if person else []
