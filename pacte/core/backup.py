"""Backups of the main database (`pacte backup`, `pacte restore`, docs/deploy.md).

A backup is an uncompressed tar of three members: `manifest.json` (the engine, the schema version,
the dump's size and SHA-256), the dump (SQLite: a copy made by the online backup API; PostgreSQL:
`pg_dump` in its custom format) and `SHA256SUMS` (`sha256sum -c` reads it once extracted). The tar
is written the same way every time from those three, so a restore rebuilds it and compares: a byte
changed anywhere in the file, headers and padding included, refuses it. The volatile database
(progress, heartbeats, the cache) is not backed up: it holds nothing that outlives a task.
"""

import contextlib
import datetime
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from pacte.core.commands import NOT_MIGRATED
from pacte.core.errors import DomainError, MissingPrerequisite
from pacte.core.progress import NullProgress
from pacte.core.routers import VOLATILE, volatile_is_separate

FORMAT = "pacte-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DUMPS = {"sqlite": "pacte.sqlite3", "postgresql": "pacte.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# On PostgreSQL the volatile tables live in the main database: their rows are left out of the dump.
VOLATILE_TABLES = ("core_taskheartbeat", "pacte_cache")
SQLITE_PAGES_PER_STEP = 1024
CHUNK = 1024 * 1024


def refused(message):
    """A backup that cannot be made or restored: one French line, exit status 2, nothing changed."""
    return DomainError(message, code="backup")


# Schema version.


def schema_version(connection=None):
    """The migrations applied to `connection`'s database, or those the code defines (None): their
    SHA-256 and the latest per app."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    graph = loader.graph
    if connection is None:
        nodes = set(graph.nodes)
    else:
        nodes = {key for key in graph.nodes if key in loader.applied_migrations}
    latest = {}
    for app, name in sorted(nodes):
        children = {child.key for child in graph.node_map[(app, name)].children}
        if not any(child[0] == app and child in nodes for child in children):
            latest.setdefault(app, []).append(name)
    digest = hashlib.sha256("\n".join(f"{app}.{name}" for app, name in sorted(nodes)).encode()).hexdigest()
    return {"sha256": digest, "latest": {app: ", ".join(names) for app, names in latest.items()}}


def schema_difference(theirs, ours):
    """The apps whose latest migration differs, as « app : theirs ≠ ours »."""
    apps = sorted(set(theirs) | set(ours))
    return [
        f"{app} : {theirs.get(app, 'aucune')} ≠ {ours.get(app, 'aucune')}"
        for app in apps
        if theirs.get(app) != ours.get(app)
    ]


# The archive.


class _HashSink:
    """A write-only file that keeps the SHA-256 and the size of what is written to it."""

    def __init__(self):
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
        return len(data)

    def tell(self):
        return self.size


def _file_sha256(path, progress=None):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            if progress is not None:
                progress.advance(len(chunk))
    return digest.hexdigest()


def _sums(manifest_bytes, manifest):
    return (
        f"{hashlib.sha256(manifest_bytes).hexdigest()}  {MANIFEST}\n{manifest['dump_sha256']}  {manifest['dump']}\n"
    ).encode()


def _member(name, size, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _write_archive(fileobj, manifest_bytes, manifest, dump_path, progress):
    """The archive, always the same bytes for the same manifest and dump."""
    mtime = int(datetime.datetime.fromisoformat(manifest["created_at"]).timestamp())
    sums = _sums(manifest_bytes, manifest)
    with tarfile.open(fileobj=fileobj, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(_member(MANIFEST, len(manifest_bytes), mtime), io.BytesIO(manifest_bytes))
        with open(dump_path, "rb") as dump:
            archive.addfile(_member(manifest["dump"], manifest["dump_size"], mtime), _Reading(dump, progress))
        archive.addfile(_member(SUMS, len(sums), mtime), io.BytesIO(sums))


class _Reading:
    """A file being read, whose reads advance a progress bar."""

    def __init__(self, source, progress):
        self.source, self.progress = source, progress

    def read(self, size=-1):
        data = self.source.read(size)
        self.progress.advance(len(data))
        return data


def _manifest_bytes(manifest):
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"


# Backup.


def engine():
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DUMPS:
        raise refused(f"Sauvegarde impossible : base {vendor} non prise en charge (SQLite ou PostgreSQL).")
    return vendor


def make_backup(output, progress=None):
    """Write the backup of the main database to `output` (replaced only once complete); its manifest."""
    progress = progress or NullProgress()
    output = Path(output)
    kind = engine()
    connection = connections[DEFAULT_DB_ALIAS]
    if "django_migrations" not in connection.introspection.table_names():
        raise MissingPrerequisite(NOT_MIGRATED)
    schema = schema_version(connection)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".pacte-backup-") as work:
        dump = Path(work) / DUMPS[kind]
        if kind == "sqlite":
            _sqlite_dump(connection, dump, progress)
        else:
            _pg_dump(connection.settings_dict, dump)
        size = dump.stat().st_size
        progress.start(size, label="Empreinte", unit="o")
        digest = _file_sha256(dump, progress)
        progress.finish()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
            "engine": kind,
            "dump": DUMPS[kind],
            "dump_size": size,
            "dump_sha256": digest,
            "schema": schema,
        }
        write_backup_file(output, manifest, dump, progress)
    return manifest


def write_backup_file(output, manifest, dump, progress=None):
    """The archive of `manifest` and the `dump` file, written next to `output` then renamed to it."""
    progress = progress or NullProgress()
    output = Path(output)
    partial = output.with_name(f".{output.name}.partial")
    progress.start(manifest["dump_size"], label="Archive", unit="o")
    try:
        with open(partial, "wb") as target:
            _write_archive(target, _manifest_bytes(manifest), manifest, dump, progress)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    progress.finish()


def _sqlite_dump(connection, dump, progress):
    """A consistent copy through SQLite's online backup API, while others keep writing."""
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        _sqlite_copy(connection.connection, target, progress, label="Copie de la base")
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()


def _sqlite_copy(source, target, progress, label):
    copied = None

    def report(status, remaining, total):
        nonlocal copied
        if copied is None:
            progress.start(total, label=label, unit=" pages")
            copied = 0
        progress.advance(total - remaining - copied)
        copied = total - remaining

    source.backup(target, pages=SQLITE_PAGES_PER_STEP, progress=report)
    progress.finish()


def postgresql_tool(name):
    """The path of `pg_dump` or `pg_restore`: on the PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise refused(f"{name} introuvable : installez le client PostgreSQL (paquet postgresql-client).")


def _pg_arguments(settings_dict):
    """The connection arguments and environment of the PostgreSQL tools, from the Django settings."""
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return arguments, environment


def _pg_dump(settings_dict, dump):
    arguments, environment = _pg_arguments(settings_dict)
    command = [
        postgresql_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={dump}",
        *(f"--exclude-table-data={table}" for table in VOLATILE_TABLES),
        *arguments,
        settings_dict["NAME"],
    ]
    _run(command, environment, "pg_dump")


def _run(command, environment, name):
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        reason = (done.stderr.strip().splitlines() or [f"code {done.returncode}"])[-1]
        raise refused(f"{name} a échoué : {reason}")


# Restore.


def read_backup(path, work, progress=None):
    """Check the backup at `path` and extract its dump into the folder `work`: (manifest, dump path).

    Refused when it is not a backup, when its bytes differ from what its manifest and dump make, or
    when a checksum does not match."""
    progress = progress or NullProgress()
    path = Path(path)
    altered = refused(
        f"Sauvegarde refusée : {path.name} est incomplète ou a été modifiée (empreinte SHA-256)."
    )
    try:
        with tarfile.open(path, mode="r:") as archive:
            names = archive.getnames()
            if names[:1] != [MANIFEST] or len(names) != 3 or names[2] != SUMS:
                raise altered
            manifest_bytes = archive.extractfile(MANIFEST).read()
            manifest = json.loads(manifest_bytes)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise refused(f"{path.name} n'est pas une sauvegarde de Pacte.")
            if names[1] != manifest.get("dump") or manifest.get("engine") not in DUMPS:
                raise altered
            if archive.extractfile(SUMS).read() != _sums(manifest_bytes, manifest):
                raise altered
            dump = Path(work) / DUMPS[manifest["engine"]]
            digest = hashlib.sha256()
            progress.start(manifest["dump_size"], label="Vérification", unit="o")
            with archive.extractfile(names[1]) as source, open(dump, "wb") as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
                    progress.advance(len(chunk))
            progress.finish()
    except (tarfile.TarError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise altered from error
    if digest.hexdigest() != manifest["dump_sha256"] or dump.stat().st_size != manifest["dump_size"]:
        raise altered
    # The same archive, written again from what it holds, must be the file byte for byte.
    sink = _HashSink()
    _write_archive(sink, manifest_bytes, manifest, dump, NullProgress())
    if sink.size != path.stat().st_size or sink.hash.hexdigest() != _file_sha256(path):
        raise altered
    return manifest, dump


def restore_backup(path, *, force=False, progress=None):
    """Replace the main database's content by the backup at `path`; its manifest.

    Refused, with nothing changed, when the file is altered, of another schema version than the
    code's migrations, of another engine, or when the database holds tables and `force` is not set."""
    progress = progress or NullProgress()
    path = Path(path)
    kind = engine()
    connection = connections[DEFAULT_DB_ALIAS]
    target_dir = Path(connection.settings_dict["NAME"]).parent if kind == "sqlite" else None
    if not force and _holds_tables(connection):
        raise refused(
            "La base de destination n'est pas vide : restaurez dans une base neuve, ou ajoutez --force"
            " pour remplacer son contenu."
        )
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".pacte-restore-") as work:
        manifest, dump = read_backup(path, work, progress)
        if manifest["engine"] != kind:
            raise refused(
                f"Sauvegarde d'une base {ENGINE_NAMES[manifest['engine']]} : elle ne se restaure pas dans "
                f"une base {ENGINE_NAMES[kind]}."
            )
        ours = schema_version()
        if manifest["schema"]["sha256"] != ours["sha256"]:
            differences = "; ".join(schema_difference(manifest["schema"]["latest"], ours["latest"]))
            raise refused(
                "Sauvegarde d'une autre version du schéma que celle du code : restaurez-la avec la version"
                f" de Pacte qui l'a faite ({differences})."
            )
        if kind == "sqlite":
            _sqlite_restore(connection, dump, progress)
        else:
            _pg_restore(connection, dump)
    if volatile_is_separate():
        # SQLite's second file: created if it is missing (its content never comes from a backup).
        call_command("migrate", database=VOLATILE, interactive=False, verbosity=0)
    return manifest


def _holds_tables(connection):
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return False  # not created yet: left so if the restore is refused
    return bool(connection.introspection.table_names())


def _sqlite_restore(connection, dump, progress):
    """The dump copied into the database through the backup API: the target is replaced in one
    transaction, which its other connections wait for (or see rolled back if this one dies)."""
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        (check,) = source.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise refused(f"Sauvegarde refusée : sa base SQLite est endommagée ({check}).")
        connection.ensure_connection()
        _sqlite_copy(source, connection.connection, progress, label="Restauration")
    finally:
        source.close()
    connection.close()
    with contextlib.closing(sqlite3.connect(connection.settings_dict["NAME"])) as target:
        target.execute("PRAGMA journal_mode=WAL")


def _pg_restore(connection, dump):
    connection.close()  # pg_restore drops the tables: no connection of ours may hold them
    arguments, environment = _pg_arguments(connection.settings_dict)
    command = [
        postgresql_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        *arguments,
        str(dump),
    ]
    _run(command, environment, "pg_restore")


def describe(manifest):
    """One line about a backup, for the commands' output."""
    when = datetime.datetime.fromisoformat(manifest["created_at"])
    size = f"{manifest['dump_size']:,}".replace(",", "\u202f")
    return (
        f"base {ENGINE_NAMES[manifest['engine']]} du {when:%d/%m/%Y %H:%M:%S} UTC, {size} octets,"
        f" schéma {manifest['schema']['sha256'][:12]}"
    )
