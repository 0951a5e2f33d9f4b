"""End to end: a real `pacte db_worker` process runs a real CAF import enqueued by `start_task`, on
SQLite files of a temporary folder; the progress is seen moving while the import holds its
transaction, and a worker killed mid-import leaves a task marked failed and nothing written."""

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pacte.beneficiaries.caf.generator import generate
from pacte.core.models import DIED_MESSAGE
from tests.beneficiaries.caf_files import COMMUNES

pytestmark = pytest.mark.slow

PACTE = str(Path(sys.executable).with_name("pacte"))
ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 60
# Four batches of a thousand dossiers, each a few tenths of a second: intermediate progress lasts.
HOUSEHOLDS = 4000

ENQUEUE = """
import django, sys
django.setup()
from pacte.core.tasks import start_task
from pacte.web.imports.tasks import run_caf_import
path = sys.argv[1]
task = start_task(kind="caf_import", label="Import", user=None, departement_code="87", func=run_caf_import,
                  kwargs={"path": path, "departement_code": "87", "file_name": "f.xml", "actor_id": None})
print(task.uuid.hex)
"""

REFRESH = """
import django, sys
django.setup()
from pacte.core.models import BackgroundTask
from pacte.core.tasks import refresh_task
task = refresh_task(BackgroundTask.objects.get(uuid=sys.argv[1]))
print(task.status)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated database of its own (main and volatile files) and the environment to reach it."""
    folder = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'pacte.sqlite3'}",
        "PACTE_TASK_PROGRESS_SECONDS": "0",
        "PACTE_TASK_HEARTBEAT_SECONDS": "0.5",
        "PACTE_TASK_HEARTBEAT_TIMEOUT": "3",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([PACTE, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=120)
    return folder, env


@pytest.fixture
def worker(site):
    folder, env = site
    log = open(folder / f"worker-{uuid.uuid4().hex}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [PACTE, "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    log.close()


def caf_file(folder, seed):
    upload = folder / "uploads" / uuid.uuid4().hex  # the import deletes its upload's folder
    upload.mkdir(parents=True)
    path = upload / "f.xml"
    generate(
        path, departement="87", households=HOUSEHOLDS, seed=seed, dtref=datetime.date(2025, 1, 28),
        communes=COMMUNES,
    )  # fmt: skip
    return path


def run_script(site, script, *args):
    _, env = site
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip().splitlines()[-1]


def read(folder, database, sql, params=()):
    connection = sqlite3.connect(f"file:{folder / database}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql, params).fetchone()
    finally:
        connection.close()


def state(folder, task_hex):
    """(status, result, done, total) as another process reads them, straight from the files."""
    status, result = read(
        folder, "pacte.sqlite3", "SELECT status, result FROM core_backgroundtask WHERE uuid = ?", [task_hex]
    )
    beat = read(
        folder,
        "pacte-volatile.sqlite3",
        "SELECT done, total FROM core_taskheartbeat WHERE task_uuid = ?",
        [task_hex],
    )
    return status, json.loads(result), *(beat or (None, None))


def watch(folder, task_hex, until):
    """Poll every 20 ms until `until(state)`; return the progress values seen while running."""
    seen = []
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        current = state(folder, task_hex)
        if current[0] == "running" and current[2] is not None:
            seen.append((current[2], current[3]))
        if until(current, seen):
            return current, seen
        time.sleep(0.02)
    pytest.fail(f"Nothing after {DEADLINE_SECONDS} s: {current}, seen {seen[-5:]}")


def queue_status(folder, task_hex):
    """The status of the task's row in django-tasks' database backend."""
    sql = (
        "SELECT q.status FROM django_tasks_database_dbtaskresult q JOIN core_backgroundtask t"
        " ON q.id = replace(t.queue_id, '-', '') WHERE t.uuid = ?"
    )
    return read(folder, "pacte.sqlite3", sql, [task_hex])[0]


def intermediate(seen):
    return [done for done, total in seen if 0 < done < total]


def test_pacte_migrate_creates_the_volatile_database_with_the_cache_table(site):
    folder, _ = site
    sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
    for table in ("core_taskheartbeat", "pacte_cache"):
        assert read(folder, "pacte-volatile.sqlite3", sql, [table]) == (1,)
        assert read(folder, "pacte.sqlite3", sql, [table]) == (0,)


def test_a_worker_runs_the_import_and_its_progress_is_seen_moving(site, worker):
    folder, _ = site
    task_hex = run_script(site, ENQUEUE, caf_file(folder, seed=5))
    final, seen = watch(folder, task_hex, until=lambda current, seen: current[0] in ("succeeded", "failed"))
    status, result, *_ = final
    assert status == "succeeded" and result["status"] == "succeeded", result
    assert result["households"] == HOUSEHOLDS
    assert intermediate(seen), f"no progress strictly between 0 and the total among {seen}"
    assert sorted(done for done, _ in seen) == [done for done, _ in seen]  # it only moves forward
    # The backend marks its own row once the task function has returned, a moment after ours.
    deadline = time.monotonic() + 10
    while queue_status(folder, task_hex) == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queue_status(folder, task_hex) == "SUCCESSFUL"


def test_a_worker_killed_mid_import_leaves_a_failed_task_and_nothing_written(site, worker):
    folder, _ = site
    (dossiers_before,) = read(folder, "pacte.sqlite3", "SELECT count(*) FROM beneficiaries_dossier")
    task_hex = run_script(site, ENQUEUE, caf_file(folder, seed=6))
    watch(folder, task_hex, until=lambda current, seen: bool(intermediate(seen)))
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert state(folder, task_hex)[0] == "running"  # nobody could say otherwise yet
    time.sleep(3.5)  # the heartbeat's timeout
    assert run_script(site, REFRESH, task_hex) == "failed"  # the page's next poll marks it
    (message,) = read(
        folder, "pacte.sqlite3", "SELECT message FROM core_backgroundtask WHERE uuid = ?", [task_hex]
    )
    assert message == DIED_MESSAGE
    assert read(folder, "pacte.sqlite3", "SELECT count(*) FROM beneficiaries_dossier") == (dossiers_before,)
    assert queue_status(folder, task_hex) == "FAILED"  # the queue's own row too
