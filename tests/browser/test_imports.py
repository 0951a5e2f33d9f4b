"""A direction user uploads a CAF file in a real browser, watches the htmx-polled progress of the
background task, then reads the import report."""

import pytest
from django.conf import settings

from pacte.core import tasks as core_tasks
from pacte.core.models import BackgroundTask
from pacte.web.imports import tasks as import_tasks
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import CommuneFactory
from tests.permissions.world import build_world, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deferred_tasks(monkeypatch):
    """Tasks are created but left pending, so that the page shows them running; the test runs them."""
    pending = []

    def start_task(*, kind, label, user, departement_code="", func, kwargs=None):
        task = BackgroundTask.objects.create(
            kind=kind, label=label, created_by=user, departement_code=departement_code
        )
        pending.append((task.pk, f"{func.__module__}.{func.__qualname__}", kwargs or {}))
        return task

    monkeypatch.setattr(import_tasks, "start_task", start_task)
    return pending


def log_in_as_direction(page, live_server):
    world = build_world()
    CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    client = client_for(world, "direction")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_direction_uploads_a_file_and_sees_progress_then_report(
    page, live_server, tmp_path, deferred_tasks
):
    path, _ = monthly_series(tmp_path, households=12, months=1)[0]
    log_in_as_direction(page, live_server)
    page.goto(f"{live_server.url}/imports/caf/")
    page.get_by_label("Fichier CAF ou MSA").set_input_files(str(path))
    page.get_by_role("button", name="Importer le fichier").click()
    page.wait_for_url("**/imports/caf/taches/**")
    progress = page.get_by_role("progressbar", name="Progression de l'import")
    assert progress.get_attribute("value") == "0"
    assert page.get_by_role("heading", name="Import en cours").is_visible()

    task_pk, func_path, kwargs = deferred_tasks.pop()
    core_tasks.run_background_task.call(task_pk, func_path, kwargs)  # as a worker would

    page.get_by_role("heading", name="Import terminé").wait_for()  # swapped in by htmx polling
    assert page.get_by_role("progressbar", name="Progression de l'import").get_attribute("value") == "100"
    report = page.locator(".stats").inner_text()
    assert "Foyers\n12" in report and "Dossiers créés\n12" in report
    page.get_by_role("link", name="Voir cet import dans le journal").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Import du fichier {path.name}"
