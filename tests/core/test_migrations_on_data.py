"""Every migration applied forward, from the initial ones, on a database that holds rows in every
table (tests/core/migration_rows.py), on the suite's own kind of database: SQLite, or PostgreSQL
when DATABASE_URL names one (a database of its own on the same server)."""

import json
import os
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(tmp_path):
    main = os.environ.get("DATABASE_URL", "")
    if not main.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'pacte.sqlite3'}"
        return
    import psycopg

    name = f"pacte_migrations_{uuid.uuid4().hex[:12]}"
    parts = urllib.parse.urlsplit(main)
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_migration_applies_forward_on_a_database_holding_rows(tmp_path, database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
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
