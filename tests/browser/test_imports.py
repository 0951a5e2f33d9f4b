"""A direction user uploads a CAF file or a spreadsheet in a real browser, watches the htmx-polled
progress of the background task, then reads the import report or goes on to the next page."""

import re

import pytest
from django.conf import settings

from pacte.beneficiaries.models import Person
from pacte.beneficiaries.spreadsheet_read import COLUMNS_BY_KEY
from pacte.core import tasks as core_tasks
from pacte.core.models import BackgroundTask
from pacte.web.imports import spreadsheet_tasks
from pacte.web.imports import tasks as import_tasks
from tests.beneficiaries.caf_files import monthly_series
from tests.beneficiaries.test_spreadsheet import COLUMNS, csv_bytes, row
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
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
    monkeypatch.setattr(spreadsheet_tasks, "start_task", start_task)
    return pending


def run_next(pending):
    task_pk, func_path, kwargs = pending.pop(0)
    core_tasks.run_background_task.call(task_pk, func_path, kwargs)  # as a worker would


def log_in_as_direction(page, live_server):
    world = build_world()
    CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    client = client_for(world, "direction")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return world


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


def test_the_direction_uploads_a_spreadsheet_and_follows_each_task_to_the_next_page(
    page, live_server, tmp_path, deferred_tasks
):
    world = log_in_as_direction(page, live_server)
    dossier = DossierFactory(numdemrsa="00000012345", territory=world.objects["territory_north"])
    known = PersonFactory(
        dossier=dossier, last_name="DURAND", birth_name="DURAND", first_name="ÉLODIE", email=""
    )
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes([row(Mail="elodie@example.org")]))
    page.goto(f"{live_server.url}/imports/tableurs/nouveau/")
    page.get_by_label("Tableur des bénéficiaires").set_input_files(str(path))
    page.get_by_role("button", name="Déposer le fichier").click()
    page.wait_for_url("**/traitement/")
    assert page.get_by_role("heading", name="Lecture du fichier liste.csv").is_visible()
    assert page.get_by_role("progressbar", name="Progression du traitement").get_attribute("value") == "0"

    run_next(deferred_tasks)
    page.wait_for_url("**/colonnes/")  # sent on by the polled fragment once the file is read
    for key, header in COLUMNS.items():
        page.get_by_label(COLUMNS_BY_KEY[key].label, exact=True).select_option(header)
    page.get_by_role("button", name="Vérifier les lignes").click()
    page.wait_for_url("**/traitement/")
    assert page.get_by_role("heading", name="Vérification du fichier liste.csv").is_visible()

    run_next(deferred_tasks)
    page.wait_for_url(re.compile(r".*/imports/tableurs/[0-9a-f-]+/$"))
    assert page.get_by_text("Courriel : (vide) → elodie@example.org").is_visible()
    page.get_by_role("button", name="Confirmer et enregistrer").click()
    page.wait_for_url("**/traitement/")

    run_next(deferred_tasks)
    page.get_by_text(
        "Import enregistré : 0 personne(s) ajoutée(s), 1 mise(s) à jour, 0 inchangée(s)."
    ).wait_for()
    assert Person.objects.get(pk=known.pk).email == "elodie@example.org"
