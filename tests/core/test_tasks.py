"""Background tasks: run through Django's tasks API (inline in the tests), progress written outside
the work's transaction, a task whose process died marked failed."""

import datetime
import time
import traceback

import pytest
from django.db import connections, transaction
from django.utils import timezone

from pacte.core import tasks
from pacte.core.models import DIED_MESSAGE, BackgroundTask, TaskHeartbeat, TaskStatus
from pacte.core.routers import VOLATILE
from pacte.territory.models import Departement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count_to(*, progress, upto):
    progress.start(upto, "Comptage")
    for _ in range(upto):
        progress.advance()
    progress.finish()
    return {"counted": upto}


def fail(*, progress):
    raise ValueError("Le fichier est illisible.")


def fail_quoting_a_person(*, progress):
    # Built at run time, so that the line a traceback quotes does not hold them.
    name, nir = "".join(["DUP", "RAT Pauline"]), "".join(["28506", "87085123"])
    raise ValueError(f"Doublon : {name}, NIR {nir}")


def peek_from_another_connection(*, progress, departement_code):
    """Writes inside a transaction of the main database, and reports what another connection to
    the volatile database sees of its progress meanwhile."""
    with transaction.atomic():
        Departement.objects.create(code=departement_code, name="Essai")
        progress.start(10, "Import")
        progress.advance(4)
        other = connections.create_connection(VOLATILE)
        try:
            with other.cursor() as cursor:
                cursor.execute(f"SELECT done, total FROM {TaskHeartbeat._meta.db_table}")
                seen = cursor.fetchone()
        finally:
            other.close()
    return {"seen": list(seen) if seen else None}


def start(func, **kwargs):
    return tasks.start_task(
        kind="essai", label="Essai", user=UserFactory(), departement_code="87", func=func, kwargs=kwargs
    )


def test_a_task_runs_through_the_tasks_api_and_records_its_result(settings):
    settings.PACTE_TASK_PROGRESS_SECONDS = 0
    task = start(count_to, upto=5)
    assert task.status == TaskStatus.SUCCEEDED and task.result == {"counted": 5}
    assert (task.progress_done, task.progress_total, task.message) == (5, 5, "Comptage")
    assert task.queue_id and task.started_at and task.finished_at
    assert not TaskHeartbeat.objects.exists()  # the live row goes once the task is over


def test_a_failing_task_is_failed_with_its_message():
    task = start(fail)
    assert task.status == TaskStatus.FAILED and task.message == "Le fichier est illisible."
    assert task.result == {} and not task.died


def test_a_failure_reaches_the_logs_and_the_queue_without_its_message(caplog):
    """The page shows the message to whoever started the task; the logs and the queue's own row,
    kept by operators, get the exception's type and where it was raised, never its text."""
    caplog.set_level("DEBUG")
    task = start(fail_quoting_a_person)
    assert task.status == TaskStatus.FAILED and "DUPRAT" in task.message
    logged = "\n".join(
        record.getMessage() + (record.exc_text or "") + str(record.exc_info or "")
        for record in caplog.records
    )
    assert "ValueError" in logged and "fail_quoting_a_person" in logged
    assert "DUPRAT" not in logged and "2850687085123" not in logged
    # What the backend records (its result row, with the traceback): the same, without the text.
    again = BackgroundTask.objects.create(kind="test", label="Essai")
    with pytest.raises(tasks.TaskFailed) as raised:
        tasks.run_background_task.call(again.pk, "tests.core.test_tasks.fail_quoting_a_person", {})
    recorded = "".join(traceback.format_exception(raised.value))
    assert "ValueError" in recorded and "DUPRAT" not in recorded and "2850687085123" not in recorded


def test_only_module_functions_can_be_started():
    with pytest.raises(ValueError, match="fonction de module"):
        start(lambda *, progress: None)
    assert not BackgroundTask.objects.exists()


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_progress_is_seen_while_the_work_holds_its_transaction(settings):
    settings.PACTE_TASK_PROGRESS_SECONDS = 0
    task = start(peek_from_another_connection, departement_code="99")
    assert task.status == TaskStatus.SUCCEEDED, task.message
    assert task.result == {"seen": [4, 10]}


def running_task(*, beat_seconds_ago=None, started_seconds_ago=0, done=0, total=0):
    now = timezone.now()
    task = BackgroundTask.objects.create(
        kind="caf_import",
        label="Import",
        departement_code="87",
        status=TaskStatus.RUNNING,
        queue_id="",
        started_at=now - datetime.timedelta(seconds=started_seconds_ago),
    )
    if beat_seconds_ago is not None:
        TaskHeartbeat.objects.create(
            task_uuid=task.uuid,
            done=done,
            total=total,
            message="Import de X",
            beat_at=now - datetime.timedelta(seconds=beat_seconds_ago),
        )
    return task


def test_a_live_task_shows_the_progress_of_its_heartbeat_row(settings):
    settings.PACTE_TASK_HEARTBEAT_TIMEOUT = 60
    task = tasks.refresh_task(running_task(beat_seconds_ago=2, started_seconds_ago=600, done=30, total=120))
    assert task.status == TaskStatus.RUNNING and task.percent == 25 and task.message == "Import de X"


def test_a_task_whose_heartbeat_stopped_is_marked_failed(settings):
    settings.PACTE_TASK_HEARTBEAT_TIMEOUT = 60
    task = tasks.refresh_task(running_task(beat_seconds_ago=61, done=30, total=120))
    assert task.status == TaskStatus.FAILED and task.died and task.message == DIED_MESSAGE
    stored = BackgroundTask.objects.get(pk=task.pk)
    assert stored.status == TaskStatus.FAILED and stored.message == DIED_MESSAGE and stored.finished_at
    assert not TaskHeartbeat.objects.exists()


def test_the_worker_marks_dead_tasks_failed_and_leaves_live_ones(settings):
    settings.PACTE_TASK_HEARTBEAT_TIMEOUT = 60
    dead = running_task(beat_seconds_ago=120)
    never_beat = running_task(started_seconds_ago=120)
    alive = running_task(beat_seconds_ago=1, started_seconds_ago=120)
    assert tasks.fail_dead_tasks() == 2
    statuses = dict(BackgroundTask.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", never_beat.pk: "failed", alive.pk: "running"}
    # Every new task first sweeps the dead ones away.
    other = running_task(beat_seconds_ago=300)
    start(count_to, upto=1)
    assert BackgroundTask.objects.get(pk=other.pk).died


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_heartbeat_thread_stamps_the_row_while_the_work_runs():
    task = BackgroundTask.objects.create(kind="essai", label="Essai")
    old = timezone.now() - datetime.timedelta(hours=1)
    TaskHeartbeat.objects.create(task_uuid=task.uuid, beat_at=old)
    with tasks.Heartbeat(task.uuid, every=0.05) as heartbeat:
        time.sleep(0.4)
    assert not heartbeat.thread.is_alive()
    assert TaskHeartbeat.objects.get().beat_at > old + datetime.timedelta(minutes=59)
