"""`pacte backup` and `pacte restore` as an operator runs them, on SQLite files of a temporary folder
and on PostgreSQL databases of their own: the demo, backed up, restored into a new database, has the
same rows in every table and an intact audit chain; an altered file, a file of another schema version,
a non-empty target or another engine's backup is refused in one French line, exit status 2, with the
target unchanged."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from pacte.core import backup
from pacte.core.errors import DomainError

PACTE = str(Path(sys.executable).with_name("pacte"))
ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:54329"
ENGINES = ["sqlite", "postgresql"]


def pg_available():
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def pg_admin(sql):
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


class Site:
    """A database (SQLite file or PostgreSQL database) and the environment of the `pacte` commands."""

    def __init__(self, engine, folder, name):
        self.engine, self.folder = engine, folder
        if engine == "sqlite":
            self.path = folder / f"{name}.sqlite3"
            url = f"sqlite:///{self.path}"
        else:
            self.name = f"pacte_ops_{name}_{uuid.uuid4().hex[:8]}"
            pg_admin(f'CREATE DATABASE "{self.name}"')
            url = f"{PG_SERVER}/{self.name}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "PACTE_DATA_DIR": str(folder),
            "DATABASE_URL": url,
            "PYTHONPATH": str(ROOT),
        }

    def pacte(self, *args, check=True):
        done = subprocess.run(
            [PACTE, *map(str, args)], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def counts(self):
        """{table: rows} of every table of the database."""
        if self.engine == "sqlite":
            with sqlite3.connect(self.path) as connection:
                tables = [
                    name
                    for (name,) in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    def drop(self):
        if self.engine == "postgresql":
            pg_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    if request.param == "postgresql" and not pg_available():
        pytest.skip("PostgreSQL unreachable on 127.0.0.1:54329")
    return request.param


@pytest.fixture(scope="module")
def demo(engine, tmp_path_factory):
    """The demo (ten households) loaded into a database of its own, and its backup file."""
    folder = tmp_path_factory.mktemp(f"backup-{engine}")
    site = Site(engine, folder, "source")
    site.pacte("demo", "--no-serve", "--households", "10")
    done = site.pacte("backup", "-o", folder / "pacte.backup")
    assert done.stdout.startswith("Sauvegarde écrite dans ")
    yield site, folder / "pacte.backup"
    site.drop()


@pytest.fixture
def target(engine, demo):
    """A new, empty database (SQLite: a file not yet created)."""
    site = Site(engine, demo[0].folder, f"target{uuid.uuid4().hex[:6]}")
    yield site
    site.drop()


def refused(done):
    """The French line of a refusal: exit status 2, one line, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def volatile_free(counts):
    """Without the volatile tables, whose rows a PostgreSQL dump leaves out (and empty after it)."""
    return {table: rows for table, rows in counts.items() if table not in backup.VOLATILE_TABLES}


def altered_copy(source, folder, position):
    data = bytearray(source.read_bytes())
    data[position] ^= 0x01
    path = folder / f"altered-{position}.backup"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.slow
def test_a_restored_database_has_the_same_rows_and_an_intact_audit_chain(engine, demo, target):
    source, file = demo
    counts = source.counts()
    assert counts["beneficiaries_person"] > 0 and counts["audit_auditentry"] > 0
    done = target.pacte("restore", file)
    assert done.stdout.startswith("Sauvegarde restaurée : base ")
    restored = target.counts()
    assert volatile_free(restored) == volatile_free(counts)
    if engine == "postgresql":
        assert restored["core_taskheartbeat"] == 0
    audit = json.loads(target.pacte("audit", "verify", "--json").stdout)
    assert audit == json.loads(source.pacte("audit", "verify", "--json").stdout)
    assert audit["intact"] and audit["entries"] == counts["audit_auditentry"]


@pytest.mark.slow
def test_the_backup_file_carries_its_schema_version_and_checksums(demo, tmp_path):
    _, file = demo
    manifest, dump = backup.read_backup(file, tmp_path)
    assert manifest["schema"] == backup.schema_version()
    assert manifest["dump_sha256"] == backup._file_sha256(dump)
    extracted = subprocess.run(["tar", "-xf", file, "-C", tmp_path], check=True)
    assert extracted.returncode == 0
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


@pytest.mark.slow
@pytest.mark.parametrize("where", ["dump", "manifest", "header", "end"])
def test_a_backup_with_one_byte_changed_is_refused_and_the_target_left_alone(engine, demo, target, where):
    source, file = demo
    size = file.stat().st_size
    position = {
        "dump": size // 2,
        "manifest": 512 + 30,  # inside manifest.json, the first member's data
        "header": 136,  # the first header's mtime
        "end": size - 10,  # the archive's final padding
    }[where]
    if engine == "postgresql" and where != "dump":
        pytest.skip("the file format is the same on both engines")
    line = refused(target.pacte("restore", altered_copy(file, source.folder, position), check=False))
    assert line.startswith("Sauvegarde refusée : ") and "modifiée" in line
    if engine == "sqlite":
        assert not target.path.exists()
    else:
        assert target.counts() == {}


@pytest.mark.slow
def test_a_backup_of_another_schema_version_is_refused(engine, demo, target, tmp_path):
    source, file = demo
    manifest, dump = backup.read_backup(file, tmp_path)
    manifest["schema"]["latest"]["core"] = "0002_an_older_one"
    manifest["schema"]["sha256"] = "0" * 64
    older = source.folder / "older.backup"
    backup.write_backup_file(older, manifest, dump)
    check = tmp_path / "check"
    check.mkdir()
    assert backup.read_backup(older, check)[0]["schema"]["sha256"] == "0" * 64  # a well-formed file
    line = refused(target.pacte("restore", older, check=False))
    assert line.startswith("Sauvegarde d'une autre version du schéma que celle du code")
    assert "core : 0002_an_older_one ≠ 0003_" in line
    assert volatile_free(target.counts()) == {}


@pytest.mark.slow
def test_a_database_that_is_not_empty_is_replaced_only_with_force(demo, target):
    source, file = demo
    target.pacte("migrate", "-v0")
    before = target.counts()
    line = refused(target.pacte("restore", file, check=False))
    assert "n'est pas vide" in line and "--force" in line
    assert target.counts() == before
    target.pacte("restore", "--force", file)
    assert volatile_free(target.counts()) == volatile_free(source.counts())
    assert json.loads(target.pacte("audit", "verify", "--json").stdout)["intact"]


@pytest.mark.slow
def test_a_backup_is_restored_only_into_a_database_of_its_engine(engine, demo, tmp_path):
    if not pg_available():
        pytest.skip("PostgreSQL unreachable on 127.0.0.1:54329")
    _, file = demo
    other = Site("postgresql" if engine == "sqlite" else "sqlite", tmp_path, "other")
    try:
        line = refused(other.pacte("restore", file, check=False))
    finally:
        other.drop()
    assert line.startswith("Sauvegarde d'une base ") and "ne se restaure pas dans une base" in line


def test_without_pg_dump_the_backup_is_refused_in_one_french_line(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])
    with pytest.raises(DomainError) as refusal:
        backup.postgresql_tool("pg_dump")
    assert (
        refusal.value.message
        == "pg_dump introuvable : installez le client PostgreSQL (paquet postgresql-client)."
    )


def test_pg_dump_is_taken_from_the_newest_postgresql_when_not_on_the_path(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    found = ["/usr/lib/postgresql/15/bin/pg_dump", "/usr/lib/postgresql/9/bin/pg_dump"]
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: list(found))
    assert backup.postgresql_tool("pg_dump") == "/usr/lib/postgresql/15/bin/pg_dump"


@pytest.mark.parametrize("content", [b"", b"pas une sauvegarde", bytes(10240)])
def test_a_file_that_is_no_backup_is_refused(tmp_path, content):
    path = tmp_path / "pacte.backup"
    path.write_bytes(content)
    with pytest.raises(DomainError) as refusal:
        backup.read_backup(path, tmp_path)
    assert refusal.value.message.startswith("Sauvegarde refusée : pacte.backup ")
