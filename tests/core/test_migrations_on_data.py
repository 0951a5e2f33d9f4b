"""Every migration applied forward, from the initial ones, on a database that holds rows in every
table (tests/core/migration_rows.py), on the suite's own kind of database: SQLite, or PostgreSQL
when DATABASE_URL names one (a database of its own on the same server)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_every_migration_applies_forward_on_a_database_holding_rows(tmp_path, fresh_database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.migration_rows"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    before, after = report["before"], report["after"]
    assert len(before) > 25 and all(count > 0 for count in before.values()), before
    # No table of the initial state lost a row on the way (none was dropped by a later migration).
    assert {label: after.get(label) for label in before} == before
    # What the data migrations had to do: the audit entries chained, the persons' name keys filled.
    assert report["audit_intact"]
    assert report["persons_without_keys"] == 0
