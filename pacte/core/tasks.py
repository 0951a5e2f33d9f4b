"""Background tasks that need no extra server: a thread of the web process writes its progress
into a `BackgroundTask` row, which the page polls. Tests run them inline."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from pacte.core.models import BackgroundTask, TaskStatus
from pacte.core.progress import NullProgress

logger = logging.getLogger(__name__)


class TaskProgress(NullProgress):
    """Writes progress to the task row, at most every `every` steps to spare the database."""

    def __init__(self, task, every=200):
        self.task = task
        self.every = every
        self.pending = 0

    def start(self, total, label="", unit=" éléments"):
        self.task.progress_total = total
        self.task.progress_done = 0
        if label:
            self.task.message = label
        self._save()

    def advance(self, step=1):
        self.task.progress_done += step
        self.pending += step
        if self.pending >= self.every:
            self._save()

    def finish(self):
        self.task.progress_done = self.task.progress_total
        self._save()

    def _save(self):
        self.pending = 0
        # A separate short write: the import's own transaction is on another connection only
        # in the PostgreSQL case; on SQLite the update waits for it, which is why `every` is large.
        BackgroundTask.objects.filter(pk=self.task.pk).update(
            progress_done=self.task.progress_done,
            progress_total=self.task.progress_total,
            message=self.task.message,
        )


def start_task(*, kind, label, user, departement_code="", func, kwargs=None):
    """Create a task row and run `func(progress=..., **kwargs)` in the background.

    `func` returns a JSON-serialisable result; an exception marks the task failed with its message.
    """
    task = BackgroundTask.objects.create(
        kind=kind, label=label, created_by=user, departement_code=departement_code
    )
    runner = _run if not settings.PACTE_TASKS_IN_THREAD else _run_in_thread
    runner(task.pk, func, kwargs or {})
    task.refresh_from_db()
    return task


def _run_in_thread(task_pk, func, kwargs):
    thread = threading.Thread(target=_run_and_close, args=(task_pk, func, kwargs), daemon=True)
    thread.start()


def _run_and_close(task_pk, func, kwargs):
    close_old_connections()
    try:
        _run(task_pk, func, kwargs)
    finally:
        connection.close()


def _run(task_pk, func, kwargs):
    task = BackgroundTask.objects.get(pk=task_pk)
    BackgroundTask.objects.filter(pk=task_pk).update(status=TaskStatus.RUNNING, started_at=timezone.now())
    try:
        result = func(progress=TaskProgress(task), **kwargs)
    except Exception as error:  # noqa: BLE001 - the task records every failure for the page
        logger.exception("Background task %s failed", task_pk)
        message = getattr(error, "message", None) or str(error) or error.__class__.__name__
        BackgroundTask.objects.filter(pk=task_pk).update(
            status=TaskStatus.FAILED, message=message, finished_at=timezone.now()
        )
        return
    BackgroundTask.objects.filter(pk=task_pk).update(
        status=TaskStatus.SUCCEEDED,
        result=result or {},
        progress_done=task.progress_total,
        finished_at=timezone.now(),
    )
