"""docs/deploy.md's first steps, run as written (its `premiers-pas` block) with the production
settings on a database of their own: PostgreSQL when the suite runs on it (as in CI), else SQLite.
The deploy/ files the guide installs name commands that exist."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
VENV_BIN = Path(sys.executable).parent


def first_steps():
    text = GUIDE.read_text()
    block = re.search(r"<!-- premiers-pas -->\s*```sh\n(.*?)```\s*<!-- /premiers-pas -->", text, re.S)
    assert block, "docs/deploy.md has no premiers-pas block"
    return block[1]


def production_environment(tmp_path, database_url):
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("PACTE_", "DJANGO_"))},
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "guide-test-secret-key-not-for-production-1f4a7c0e9b2d",
        "PACTE_NIR_KEY": "guide-test-nir-key-not-for-production-8e3b6d1a4c7f2095",
        "ALLOWED_HOSTS": "pacte.departement87.fr",
        "PACTE_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url,
    }


def test_the_first_steps_of_the_guide_run_as_written(tmp_path, fresh_database_url):
    env = production_environment(tmp_path, fresh_database_url)
    (tmp_path / "data").mkdir()
    caf = tmp_path / "RSABEM_87_202601.xml"
    subprocess.run(
        ["pacte", "generate-caf", "--departement", "87", "--households", "30", "--seed", "3",
         "--dtref", "2026-01-28", "-o", str(caf)],
        env=env, cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    numdemrsa = re.search(r"<NUMDEMRSA>([0-9]+)</NUMDEMRSA>", caf.read_text(encoding="latin-1"))[1]
    history = tmp_path / "historique.csv"
    history.write_text(
        "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date\n"
        f"{numdemrsa},DEM,orientation,2024-02-10,professionnelle,france_travail,France Travail Limoges,,\n",
        encoding="utf-8",
    )
    env.update(FICHIER_CAF=str(caf), FICHIER_HISTORIQUE=str(history))
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", first_steps()],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    # The direction's two links, then the chain intact.
    links = [line for line in done.stdout.splitlines() if line.startswith("/")]
    assert any("/compte/activation/" in link for link in links), done.stdout
    assert "Journal intact" in done.stdout + done.stderr
    counts = subprocess.run(
        [
            "pacte", "shell", "-c",
            "from pacte.beneficiaries.models import Dossier; from pacte.pathways.models import Orientation;"
            "from pacte.organizations.models import Membership;"
            "print(Dossier.objects.count(), Orientation.objects.count(),"
            " Membership.objects.filter(role='direction', user__email='direction@departement87.fr').count())",
        ],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert counts.stdout.splitlines()[-1].split() == ["30", "1", "1"], counts.stdout + counts.stderr


def test_the_deploy_files_name_commands_that_exist():
    commands = set(get_commands())
    units = sorted((ROOT / "deploy").glob("*.service"))
    assert len(units) >= 5
    for unit in units:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                named = re.findall(r"\.venv/bin/pacte ([a-z_-]+)", line)
                assert all(name in commands for name in named), (unit.name, named)
                assert named or "-m gunicorn config.wsgi:application" in line, unit.name
    for timer in (ROOT / "deploy").glob("*.timer"):
        assert (ROOT / "deploy" / timer.name.replace(".timer", ".service")).exists(), timer.name
    guide = GUIDE.read_text()
    for path in (ROOT / "deploy").iterdir():
        if path.suffix in {".service", ".timer", ".conf"} or path.name.endswith(".example"):
            stem = path.name.split(".")[0].rstrip("@")
            assert stem in guide, f"docs/deploy.md does not install {path.name}"
