"""`/healthz`: anonymous, never cached, behind the security headers; ok, degraded (a queued task no
worker took, a late CAF import) or down (the database), with statuses and ages only."""

import datetime
import json

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from pacte.beneficiaries.models import CafImport, ImportStatus
from pacte.web import health

pytestmark = pytest.mark.django_db(databases=["default", "volatile"])

KEYS = {"status", "database", "worker", "last_caf_import"}


def caf_import(code, days_ago, status=ImportStatus.SUCCEEDED):
    row = CafImport.objects.create(
        departement_code=code,
        file_name=f"RSABEM_{code}.xml",
        file_sha256="0" * 64,
        status=status,
        persons=1234,
    )
    CafImport.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(days=days_ago))


def queued_task(minutes_ago):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="pacte.core.tasks.run_background_task",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def probe(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == KEYS
    return response, body


def test_all_ok_anonymous_and_never_stored(client):
    caf_import("87", days_ago=3)
    caf_import("79", days_ago=10)
    queued_task(minutes_ago=1)  # a worker has a few minutes to take it
    response, body = probe(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "worker": "ok",
        "last_caf_import": {"status": "ok", "age_days": 10, "late": []},
    }
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "1234" not in response.content.decode()  # no counts of persons


def test_a_task_queued_for_long_means_no_worker(client, settings):
    settings.PACTE_HEALTH_WORKER_MINUTES = 5
    caf_import("87", days_ago=1)
    queued_task(minutes_ago=6)
    response, body = probe(client)
    assert (response.status_code, body["status"], body["worker"]) == (200, "degraded", "stalled")


def test_a_late_import_of_one_departement_degrades(client, settings):
    settings.PACTE_HEALTH_CAF_IMPORT_DAYS = 35
    caf_import("87", days_ago=2)
    caf_import("79", days_ago=36)
    caf_import("79", days_ago=1, status=ImportStatus.REJECTED)  # a rejected file is no import
    response, body = probe(client)
    assert body["status"] == "degraded"
    assert body["last_caf_import"] == {"status": "late", "age_days": 36, "late": ["79"]}


def test_no_import_yet_degrades(client):
    _, body = probe(client)
    assert body["status"] == "degraded"
    assert body["last_caf_import"] == {"status": "never", "age_days": None, "late": []}


def test_an_unreachable_database_is_down(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connections["default"], "cursor", unreachable)
    response, body = probe(client)
    assert response.status_code == 503
    assert body == {"status": "down", "database": "down", "worker": "unknown", "last_caf_import": None}


def test_plain_http_is_not_redirected_for_the_probe(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/connexion/").status_code == 301


def test_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
