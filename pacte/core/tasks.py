"""Background tasks through Django's tasks API (the django-tasks backport, database backend).

`start_task` writes a `BackgroundTask` row, which the page polls, and enqueues one generic task that
a worker process (`pacte db_worker`) runs. While it runs, its progress and a heartbeat go to a
`TaskHeartbeat` row in the volatile database, outside the transaction of the work itself; a task
whose heartbeat stops (its process died) is marked failed. Tests run tasks inline (ImmediateBackend).
See docs/decisions/002-background-tasks.md.
"""

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from pacte.core.models import DIED_MESSAGE, BackgroundTask, TaskHeartbeat, TaskStatus
from pacte.core.progress import NullProgress
from pacte.core.routers import VOLATILE

logger = logging.getLogger(__name__)


class TaskFailed(Exception):
    """What the tasks backend records of a failure: the original exception's type, not its text."""


class TaskProgress(NullProgress):
    """Writes the progress to the task's heartbeat row, at most every `interval` seconds."""

    def __init__(self, task, interval=None):
        self.task = task
        self.interval = settings.PACTE_TASK_PROGRESS_SECONDS if interval is None else interval
        self.done = self.total = 0
        self.message = ""
        self.saved_at = 0.0

    def start(self, total, label="", unit=" éléments"):
        self.total, self.done = total, 0
        self.message = label or self.message
        self._save()

    def advance(self, step=1):
        self.done += step
        if time.monotonic() - self.saved_at >= self.interval:
            self._save()

    def finish(self):
        self.done = self.total
        self._save()

    def _save(self):
        self.saved_at = time.monotonic()
        TaskHeartbeat.objects.filter(task_uuid=self.task.uuid).update(
            done=self.done, total=self.total, message=self.message, beat_at=timezone.now()
        )


def start_task(*, kind, label, user, departement_code="", func, kwargs=None):
    """Create a task row and have a worker run `func(progress=..., **kwargs)`.

    `func` is a module-level function returning a JSON-serialisable result; `kwargs` are
    JSON-serialisable. An exception marks the task failed with its message.
    """
    func_path = f"{func.__module__}.{func.__qualname__}"
    if not _importable(func_path, func):
        raise ValueError(f"{func_path} n'est pas une fonction de module : une tâche ne peut pas la lancer.")
    background = BackgroundTask.objects.create(
        kind=kind, label=label, created_by=user, departement_code=departement_code
    )
    result = run_background_task.enqueue(background.pk, func_path, kwargs or {})
    BackgroundTask.objects.filter(pk=background.pk).update(queue_id=str(result.id))
    background.refresh_from_db()
    return background


def _importable(func_path, func):
    try:
        return import_string(func_path) is func
    except ImportError:
        return False


@task()
def run_background_task(task_pk, func_path, kwargs):
    """The one task the queue knows: runs `func_path` for the `BackgroundTask` row `task_pk`."""
    fail_dead_tasks()
    background = BackgroundTask.objects.get(pk=task_pk)
    TaskHeartbeat.objects.update_or_create(
        task_uuid=background.uuid,
        defaults={"beat_at": timezone.now(), "worker": f"{socket.gethostname()}:{os.getpid()}"},
    )
    BackgroundTask.objects.filter(pk=task_pk).update(status=TaskStatus.RUNNING, started_at=timezone.now())
    progress = TaskProgress(background)
    try:
        with Heartbeat(background.uuid):
            result = import_string(func_path)(progress=progress, **kwargs)
    except Exception as error:
        message = getattr(error, "message", None) or str(error) or error.__class__.__name__
        _finish(background, progress, status=TaskStatus.FAILED, message=message)
        # The message (shown on the task's page to whoever started it) may quote a person: the logs
        # and the backend's result row get the exception's type and its frames, never its text.
        frames = "".join(traceback.format_tb(error.__traceback__))
        logger.error("Task %s (%s) failed: %s\n%s", background.uuid, func_path, type(error).__name__, frames)
        raise TaskFailed(f"{type(error).__name__} in {func_path}") from None
    _finish(background, progress, status=TaskStatus.SUCCEEDED, result=result or {})


def _finish(background, progress, *, status, message=None, result=None):
    done = progress.total if status == TaskStatus.SUCCEEDED else progress.done
    BackgroundTask.objects.filter(pk=background.pk).update(
        status=status,
        message=progress.message if message is None else message,
        result=result or {},
        progress_done=done,
        progress_total=progress.total,
        finished_at=timezone.now(),
    )
    TaskHeartbeat.objects.filter(task_uuid=background.uuid).delete()


class Heartbeat:
    """A thread that stamps the heartbeat row every few seconds while the task runs, whatever the
    work is doing (parsing, a long commit); it dies with the process, which is the point."""

    def __init__(self, task_uuid, every=None):
        self.task_uuid = task_uuid
        self.every = settings.PACTE_TASK_HEARTBEAT_SECONDS if every is None else every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{task_uuid}", daemon=True)

    def __enter__(self):
        if self.every:
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()

    def _beat(self):
        try:
            while not self.stopped.wait(self.every):
                TaskHeartbeat.objects.filter(task_uuid=self.task_uuid).update(beat_at=timezone.now())
        finally:
            connections[VOLATILE].close()


def refresh_task(background):
    """The task as the page shows it: its live progress, and failed if its process died."""
    if background.is_finished:
        return background
    beat = TaskHeartbeat.objects.filter(task_uuid=background.uuid).first()
    if beat is not None:
        background.progress_done, background.progress_total = beat.done, beat.total
        background.message = beat.message or background.message
    if background.status == TaskStatus.RUNNING and _is_dead(background, beat):
        _mark_dead([background])
        background.status, background.message = TaskStatus.FAILED, DIED_MESSAGE
    return background


def fail_dead_tasks():
    """Mark failed every running task whose heartbeat stopped; returns how many."""
    running = list(BackgroundTask.objects.filter(status=TaskStatus.RUNNING))
    beats = {
        beat.task_uuid: beat
        for beat in TaskHeartbeat.objects.filter(task_uuid__in=[task.uuid for task in running])
    }
    dead = [task for task in running if _is_dead(task, beats.get(task.uuid))]
    _mark_dead(dead)
    return len(dead)


def _is_dead(background, beat):
    limit = timezone.now() - timedelta(seconds=settings.PACTE_TASK_HEARTBEAT_TIMEOUT)
    last_sign = beat.beat_at if beat is not None else (background.started_at or background.created_at)
    return last_sign < limit


def _mark_dead(tasks):
    if not tasks:
        return
    now = timezone.now()
    try:
        BackgroundTask.objects.filter(pk__in=[task.pk for task in tasks], status=TaskStatus.RUNNING).update(
            status=TaskStatus.FAILED, message=DIED_MESSAGE, finished_at=now
        )
        DBTaskResult.objects.filter(
            id__in=[task.queue_id for task in tasks if task.queue_id], status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.FAILED, finished_at=now)
    except DatabaseError:
        # SQLite: another import holds the write lock; the next poll or worker start will do it.
        logger.warning("Could not mark %s dead tasks failed yet", len(tasks), exc_info=True)
        return
    TaskHeartbeat.objects.filter(task_uuid__in=[task.uuid for task in tasks]).delete()
