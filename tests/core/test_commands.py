"""Every pacte command answers a missing prerequisite in one French line and exit status 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pacte.beneficiaries.caf.parser import parse_file
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import DossierFactory, PersonFactory

ROOT = Path(__file__).resolve().parents[2]


def pacte(*args, database):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run(
        [sys.executable, "-m", "pacte.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generate_caf_needs_no_database(tmp_path):
    database = tmp_path / "absente" / "pacte.sqlite3"
    out = tmp_path / "RSABEM.xml"
    run = pacte(
        "generate-caf", "--departement", "87", "--households", "5", "--seed", "1", "--dtref", "2025-01-31",
        "-o", str(out), database=database,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    parsed = parse_file(out)
    assert parsed.header.departement == "87" and len(parsed.households) == 5
    assert all(h.address.numcom.startswith("87") for h in parsed.households)
    assert not database.exists() and not database.parent.exists()


def test_import_caf_into_a_database_without_schema_is_one_french_line(tmp_path):
    (path, _), *_ = monthly_series(tmp_path, households=3, months=1)
    run = pacte("import-caf", str(path), database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2
    assert run.stderr.strip() == "Base non initialisée : lancez « pacte migrate »."


def test_any_command_on_a_database_without_schema_is_one_french_line(tmp_path):
    run = pacte("propose-orientations", "--departement", "87", database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "Base non initialisée : lancez « pacte migrate »."
    assert "Traceback" not in run.stderr


@pytest.mark.django_db
def test_import_history_without_the_departement_names_the_command_to_run(tmp_path):
    dossier = DossierFactory(numdemrsa="12345678901", departement_code="87")
    PersonFactory(dossier=dossier, rsa_role="DEM", departement_code="87")
    path = tmp_path / "historique.csv"
    path.write_text(
        "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date\n"
        "12345678901,DEM,orientation,2023-02-10,professionnelle,france_travail,France Travail Limoges,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import-history", str(path))
    assert error.value.returncode == 2
    assert str(error.value) == (
        "Département 87 absent de la base : lancez d'abord « pacte load-territory --departement 87 »."
    )
