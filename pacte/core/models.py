import uuid

from django.conf import settings
from django.db import models

from pacte.territory import scoping

# The message of a task whose process died (pacte.core.tasks marks it failed).
DIED_MESSAGE = "Le traitement s'est interrompu (processus arrêté). Relancez l'import : rien n'a été écrit."


class TaskStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminée"
    FAILED = "failed", "En échec"


class BackgroundTaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The tasks of the départements `user` manages (the direction's imports)."""
        return self.filter(scoping.managed_q(user, "departement_code"))


class BackgroundTask(models.Model):
    """Long work started from the web (an import, a report), whose progress a page shows."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("type", max_length=50)
    label = models.CharField("libellé", max_length=200)
    # The task outlives its creator's account: keep the row, forget the link.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    departement_code = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    # The id of the django-tasks result row (django_tasks_db) that runs it, for the admin and the reaper.
    queue_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label

    @property
    def percent(self):
        if not self.progress_total:
            return 0 if self.status != TaskStatus.SUCCEEDED else 100
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def died(self):
        return self.status == TaskStatus.FAILED and self.message == DIED_MESSAGE

    @property
    def is_finished(self):
        return self.status in (TaskStatus.SUCCEEDED, TaskStatus.FAILED)


class TaskHeartbeat(models.Model):
    """The live state of a task being run: its progress and the worker's last sign of life.

    Kept in the volatile database (`pacte.core.routers`), so that it is written outside the
    transaction of the work it reports on; no foreign key, since on SQLite that is another file.
    """

    task_uuid = models.UUIDField(unique=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "battement de tâche"
        verbose_name_plural = "battements de tâches"

    def __str__(self):
        return str(self.task_uuid)
