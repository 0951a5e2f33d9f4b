"""What `/healthz` tells the supervision (docs/deploy.md): the databases answer, a task worker takes
the queued tasks, the CAF files keep coming. Statuses and ages only: no personal data, no counts.

- database: "ok" when a trivial query answers on the main database and the volatile one, else "down".
- worker: a `pacte db_worker` leaves no trace while idle, so the sign of a missing worker is a task
  queued (django-tasks' database backend, ready to run) for more than PACTE_HEALTH_WORKER_MINUTES
  and not started: "stalled"; else "ok".
- last_caf_import: the age in days of each département's latest succeeded CAF import; "late" when one
  is older than PACTE_HEALTH_CAF_IMPORT_DAYS, "never" when no file was ever imported, else "ok".

The whole is "down" when the database is, "degraded" when the worker or the imports are not "ok".
"""

from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pacte.beneficiaries.models import CafImport, ImportStatus
from pacte.core.routers import VOLATILE

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def database():
    try:
        for alias in (DEFAULT_DB_ALIAS, VOLATILE):
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except DatabaseError:
        return DOWN
    return OK


def worker(now):
    limit = now - timedelta(minutes=settings.PACTE_HEALTH_WORKER_MINUTES)
    waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit)
    return "stalled" if waiting.exists() else OK


def last_caf_import(now):
    latest = (
        CafImport.objects.filter(status=ImportStatus.SUCCEEDED)
        .values("departement_code")
        .annotate(at=Max("started_at"))
        .order_by("departement_code")
    )
    ages = {row["departement_code"]: (now - row["at"]).days for row in latest}
    if not ages:
        return {"status": "never", "age_days": None, "late": []}
    limit = settings.PACTE_HEALTH_CAF_IMPORT_DAYS
    late = [code for code, age in ages.items() if age > limit]
    return {"status": "late" if late else OK, "age_days": max(ages.values()), "late": late}


def check():
    """The answer of `/healthz`: (HTTP status, JSON body)."""
    now = timezone.now()
    body = {"status": OK, "database": database(), "worker": "unknown", "last_caf_import": None}
    if body["database"] == DOWN:
        body["status"] = DOWN
        return 503, body
    try:
        body["worker"] = worker(now)
        body["last_caf_import"] = last_caf_import(now)
    except DatabaseError:
        body["status"] = DOWN
        return 503, body
    if body["worker"] != OK or body["last_caf_import"]["status"] != OK:
        body["status"] = DEGRADED
    return 200, body
