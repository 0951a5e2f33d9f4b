"""A real process killed in the middle of an import (SIGKILL) leaves the database as it was."""

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pacte.beneficiaries.caf.generator import generate
from tests.beneficiaries.caf_files import COMMUNES

ROOT = Path(__file__).resolve().parent.parent.parent


def _pacte(args, env, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "pacte.cli", *args], cwd=ROOT, env=env, **kwargs)


def _count(database, table):
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.slow
def test_a_killed_import_writes_nothing_and_the_next_run_completes(tmp_path):
    database = tmp_path / "pacte.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    assert _pacte(["migrate", "-v0"], env).wait(timeout=120) == 0
    path = tmp_path / "RSABEM.xml"
    generate(
        path, departement="87", households=4000, seed=5, dtref=datetime.date(2025, 1, 31), communes=COMMUNES
    )

    process = _pacte(["import-caf", str(path)], env, stderr=subprocess.DEVNULL)
    wal = Path(f"{database}-wal")
    deadline = time.monotonic() + 60
    # Kill once the import has written to the database (the write-ahead log grows).
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 200_000):
        time.sleep(0.02)
    assert process.poll() is None, "the import ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert _count(database, "beneficiaries_dossier") == 0
    assert _count(database, "beneficiaries_person") == 0
    assert _count(database, "beneficiaries_cafimport") == 0

    again = _pacte(
        ["import-caf", str(path), "--json"], env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0
    assert json.loads(out)["created"] == 4000
    assert _count(database, "beneficiaries_dossier") == 4000
