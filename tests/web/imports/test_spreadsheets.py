"""The spreadsheet import from the web: upload, task page, columns, review grid, confirmation.

Tests run the background tasks inline (ImmediateBackend); `deferred_tasks` leaves them pending to
show that no request reads the file."""

import contextlib
import datetime
import html
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.beneficiaries import spreadsheet_files, spreadsheet_xlsx
from pacte.beneficiaries.models import Person, SpreadsheetImport, SpreadsheetMapping
from pacte.beneficiaries.spreadsheet_files import read_sheet
from pacte.core import tasks as core_tasks
from pacte.core.models import DIED_MESSAGE, BackgroundTask
from pacte.web.imports import spreadsheet_tasks
from tests.beneficiaries.test_spreadsheet import COLUMNS, HEADERS, csv_bytes, row, xlsx_bytes
from tests.beneficiaries.test_spreadsheet_files import HEADER_ROW, many_strings, workbook
from tests.factories import DossierFactory, PersonFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    dossier = DossierFactory(numdemrsa="00000012345", territory=world.objects["territory_north"])
    world.objects["known"] = PersonFactory(
        dossier=dossier, last_name="DURAND", birth_name="DURAND", first_name="ÉLODIE", email=""
    )
    return world


def post_upload(client, data, name="liste.xlsx", follow=False, **fields):
    payload = {"departement": "87", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(reverse("web:spreadsheet_upload"), payload, follow=follow)


def columns_payload(columns=COLUMNS, **extra):
    return {**{f"col_{key}": header for key, header in columns.items()}, **extra}


def text(response):
    return html.unescape(response.content.decode())


def url(name, entry):
    return reverse(f"web:{name}", kwargs={"uuid": entry.uuid})


@pytest.fixture
def deferred_tasks(monkeypatch):
    """Tasks are created but left pending, as a busy worker would; `run` runs the oldest."""

    class Deferred(list):
        def run(self):
            task_pk, func_path, kwargs = self.pop(0)
            core_tasks.run_background_task.call(task_pk, func_path, kwargs)  # as a worker would

    pending = Deferred()

    def start_task(*, kind, label, user, departement_code="", func, kwargs=None):
        task = BackgroundTask.objects.create(
            kind=kind, label=label, created_by=user, departement_code=departement_code
        )
        pending.append((task.pk, f"{func.__module__}.{func.__qualname__}", kwargs or {}))
        return task

    monkeypatch.setattr(spreadsheet_tasks, "start_task", start_task)
    return pending


def _refuse_reading(*args, **kwargs):
    raise AssertionError("the file was read outside the background task")


@contextlib.contextmanager
def no_reading(monkeypatch):
    """Reading a sheet, by any path, fails the test inside this block: a request's time, not a task's."""
    with monkeypatch.context() as patch:
        patch.setattr(spreadsheet_files, "csv_rows", _refuse_reading)
        patch.setattr(spreadsheet_xlsx, "xlsx_rows", _refuse_reading)
        yield


def test_upload_choose_columns_review_then_confirm(world, django_capture_on_commit_callbacks):
    client = client_for(world, "direction")
    rows = [
        row(Mail="elodie@example.org"),
        row(Rôle="ENF", Prénom="Léa", **{"Né le": "2015-09-01", "SDD": "non"}),
    ]
    response = post_upload(client, xlsx_bytes(rows))
    entry = SpreadsheetImport.objects.get()
    task_url, columns_url = url("spreadsheet_task", entry), url("spreadsheet_columns", entry)
    assert response["Location"] == task_url
    assert client.get(task_url)["Location"] == columns_url  # the task has read the file
    entry.refresh_from_db()
    assert (entry.status, entry.report["headers"], entry.report["rows"]) == ("review", HEADERS, 2)
    form = client.get(columns_url).content.decode()
    assert 'value="Prénom" selected' in form  # guessed from the header names
    response = client.post(columns_url, columns_payload(save_as="Liste MSA"))
    review_url = url("spreadsheet_review", entry)
    assert response["Location"] == task_url
    assert client.get(task_url)["Location"] == review_url
    page = text(client.get(review_url))
    assert "À mettre à jour" in page and "Courriel : (vide) → elodie@example.org" in page
    assert "À créer" in page and "Confirmer et enregistrer" in page
    assert Person.objects.filter(first_name="Léa").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("spreadsheet_apply", entry))
    assert response["Location"] == task_url
    page = text(client.get(task_url, follow=True))
    assert "Import enregistré : 1 personne(s) ajoutée(s), 1 mise(s) à jour, 0 inchangée(s)." in page
    assert Person.objects.filter(first_name="Léa", dossier__numdemrsa="00000012345").exists()
    world.objects["known"].refresh_from_db()
    assert world.objects["known"].email == "elodie@example.org"
    assert SpreadsheetMapping.objects.get(name="Liste MSA").departement_code == "87"


def test_the_contact_data_imported_shows_on_the_persons_page(world, django_capture_on_commit_callbacks):
    client = client_for(world, "direction")
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)
    data = csv_bytes([row(Mail="elodie@example.org", Tél="06 12 34 56 78")])
    post_upload(client, data, name="liste.csv", mapping=mapping.pk)
    entry = SpreadsheetImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("spreadsheet_apply", entry))
    known = world.objects["known"]
    page = text(client.get(reverse("web:person_detail", kwargs={"uuid": known.uuid})))
    assert "Coordonnées" in page
    assert '<a href="mailto:elodie@example.org">elodie@example.org</a>' in page
    assert '<a href="tel:0612345678">06 12 34 56 78</a>' in page


def test_a_saved_mapping_goes_straight_to_the_review(world):
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)
    client = client_for(world, "direction")
    response = post_upload(client, csv_bytes([row()]), name="liste.csv", mapping=mapping.pk)
    entry = SpreadsheetImport.objects.get()
    response = client.get(response["Location"])
    assert response["Location"] == url("spreadsheet_review", entry)
    assert "Inchangée" in text(client.get(response["Location"]))


def test_a_mapping_that_does_not_fit_the_file_is_explained(world):
    mapping = SpreadsheetMapping.objects.create(
        departement_code="87", name="Ancien", columns={**COLUMNS, "birth_date": "Date naissance"}
    )
    client = client_for(world, "direction")
    post_upload(client, csv_bytes([row()]), name="liste.csv", mapping=mapping.pk)
    response = client.get(url("spreadsheet_task", SpreadsheetImport.objects.get()))
    page = text(client.get(response["Location"]))
    assert "Le modèle « Ancien » ne correspond pas à ce fichier" in page
    assert (
        "La colonne « Date naissance » choisie pour « Date de naissance » n'existe pas dans le fichier"
        in page
    )
    response = client.post(
        response["Location"], columns_payload({k: v for k, v in COLUMNS.items() if k != "birth_date"})
    )
    assert response.status_code == 200
    assert "Choisissez la colonne de « Date de naissance »." in text(response)
    assert "review" not in SpreadsheetImport.objects.get().report


def test_bad_dates_are_errors_and_nothing_can_be_saved(world):
    client = client_for(world, "direction")
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)
    rows = [
        row(Mail="elodie@example.org"),
        row(Prénom="Paul", **{"Né le": "32/01/1990"}),
        row(**{"N° dossier": "55"}),
    ]
    response = post_upload(client, xlsx_bytes(rows), mapping=mapping.pk)
    page = text(client.get(response["Location"], follow=True))
    assert "Ligne 3 : Date de naissance « 32/01/1990 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA attendu)." in page
    assert "Ligne 4 : Dossier RSA 00000000055 inconnu dans le département 87" in page
    assert "2 lignes en erreur" in page and "Confirmer et enregistrer" not in page
    entry = SpreadsheetImport.objects.get()
    response = client.post(url("spreadsheet_apply", entry), follow=True)
    assert "2 lignes en erreur : corrigez le fichier" in text(response)
    assert [path for path, _ in response.redirect_chain] == [
        url("spreadsheet_task", entry),
        url("spreadsheet_review", entry),
    ]
    world.objects["known"].refresh_from_db()
    assert world.objects["known"].email == ""


def test_a_file_of_another_format_keeps_the_form_with_a_french_reason(world):
    client = client_for(world, "direction")
    response = post_upload(client, b"%PDF", name="liste.pdf")
    assert response.status_code == 200
    assert "Déposez un fichier CSV ou XLSX : « liste.pdf » n'en est pas un." in text(response)
    assert not SpreadsheetImport.objects.exists() and not BackgroundTask.objects.exists()


def test_an_unreadable_file_is_refused_by_the_task_in_french(world, django_capture_on_commit_callbacks):
    client = client_for(world, "direction")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, b"Nom;Nom\r\nA;B\r\n", name="liste.csv", follow=True)
    entry = SpreadsheetImport.objects.get()
    assert response.redirect_chain == [(url("spreadsheet_task", entry), 302)]
    page = text(response)
    assert "Fichier refusé : rien n'a été enregistré et le fichier a été supprimé." in page
    assert "La colonne « Nom » apparaît deux fois dans la première ligne." in page
    assert (entry.status, entry.file.name) == ("rejected", "")
    # The list leads to the refusal; the other pages of the import send there too.
    for name in ("spreadsheet_review", "spreadsheet_columns"):
        assert client.get(url(name, entry))["Location"] == url("spreadsheet_task", entry)


def test_cancel_deletes_the_file(world, django_capture_on_commit_callbacks):
    client = client_for(world, "direction")
    post_upload(client, csv_bytes([row()]), name="liste.csv")
    entry = SpreadsheetImport.objects.get()
    path = entry.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:spreadsheet_cancel", kwargs={"uuid": entry.uuid}))
    assert response["Location"] == reverse("web:spreadsheet_list")
    entry.refresh_from_db()
    assert entry.status == "cancelled" and not entry.file
    assert not os.path.exists(path)


def test_imports_of_another_departement_are_not_found(world):
    other = SpreadsheetImport.objects.create(
        departement_code="79", file_name="liste79.csv", report={"headers": HEADERS}
    )
    client = client_for(world, "direction")
    for name in (
        "spreadsheet_review",
        "spreadsheet_columns",
        "spreadsheet_task",
        "spreadsheet_task_progress",
    ):
        assert client.get(reverse(f"web:{name}", kwargs={"uuid": other.uuid})).status_code == 404
    assert "liste79.csv" not in client.get(reverse("web:spreadsheet_list")).content.decode()


def test_the_review_grid_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)

    def review_url(count):
        rows = [row(Prénom=f"Enfant{index}", Rôle="ENF", **{"Né le": "2015-09-01"}) for index in range(count)]
        post_upload(client, csv_bytes(rows), name=f"liste{count}.csv", mapping=mapping.pk)
        entry = SpreadsheetImport.objects.get(file_name=f"liste{count}.csv")
        assert entry.report["review"]["counts"]["create"] == count
        return reverse("web:spreadsheet_review", kwargs={"uuid": entry.uuid})

    few, many = review_url(5), review_url(50)
    assert queries_for(client, many, shows=["Enfant49"]) == queries_for(client, few, shows=["Enfant4"])


def test_the_spreadsheet_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    user = world.users["direction"]
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)

    def add(count):
        for index in range(count):
            SpreadsheetImport.objects.create(
                departement_code="87",
                file_name=f"l{index}.csv",
                mapping=mapping,
                created_by=user,
                report={"rows": 3},
            )

    add(5)
    few = queries_for(client, reverse("web:spreadsheet_list"), shows=[f"l{index}.csv" for index in range(5)])
    add(45)
    shown = [f"l{index}.csv" for index in range(45)]
    assert queries_for(client, reverse("web:spreadsheet_list"), shows=shown) == few


def test_a_hostile_workbook_is_refused_in_french_and_nothing_is_kept(
    world, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(spreadsheet_xlsx, "MAX_SHARED_STRINGS", 100)
    path = workbook(tmp_path / "hostile.xlsx", sheet=[HEADER_ROW], strings=many_strings(101))
    client = client_for(world, "direction")
    persons = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, path.read_bytes(), name="liste.xlsx", follow=True)
    page = text(response)
    assert "Fichier refusé : rien n'a été enregistré et le fichier a été supprimé." in page
    assert "plus de 100 textes différents" in page
    entry = SpreadsheetImport.objects.get()
    assert (entry.status, entry.file.name) == ("rejected", "")
    assert [path for path in (settings.MEDIA_ROOT / "spreadsheets").rglob("*") if path.is_file()] == []
    assert Person.objects.count() == persons and not SpreadsheetMapping.objects.exists()
    assert AuditEntry.objects.for_object(entry).get(action="spreadsheet_import.reject").data == {
        "from": "reading",
        "to": "rejected",
    }
    assert "<td>Refusé</td>" in text(client.get(reverse("web:spreadsheet_list")))


def test_no_request_reads_the_file_the_tasks_do(world, deferred_tasks, monkeypatch):
    for data, name in ((csv_bytes([row()]), "a.csv"), (xlsx_bytes([row()]), "a.xlsx")):
        with no_reading(monkeypatch), pytest.raises(AssertionError, match="read outside"):
            read_sheet(io.BytesIO(data), file_name=name)  # the guard holds for both readers
    client = client_for(world, "direction")
    with no_reading(monkeypatch):
        response = post_upload(client, csv_bytes([row(Mail="elodie@example.org")]), name="liste.csv")
    entry = SpreadsheetImport.objects.get()
    task_url, progress_url = url("spreadsheet_task", entry), url("spreadsheet_task_progress", entry)
    assert response["Location"] == task_url
    assert (entry.status, entry.report, len(deferred_tasks)) == ("reading", {}, 1)
    with no_reading(monkeypatch):
        page = text(client.get(task_url))
        assert "Lecture du fichier liste.csv" in page and f'hx-get="{progress_url}"' in page
        assert 'value="0"' in page and "En attente" in page
        for name in ("spreadsheet_columns", "spreadsheet_review"):
            assert client.get(url(name, entry))["Location"] == task_url
        assert client.post(url("spreadsheet_apply", entry))["Location"] == task_url
        assert len(deferred_tasks) == 1  # nothing started while the file is being read
    deferred_tasks.run()
    with no_reading(monkeypatch):
        response = client.get(progress_url, HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == url("spreadsheet_columns", entry)
        response = client.post(url("spreadsheet_columns", entry), columns_payload())
        assert response["Location"] == task_url
        assert "Vérification du fichier liste.csv" in text(client.get(task_url))
    deferred_tasks.run()
    with no_reading(monkeypatch):
        assert client.get(progress_url)["HX-Redirect"] == url("spreadsheet_review", entry)
        assert client.post(url("spreadsheet_apply", entry))["Location"] == task_url
    assert SpreadsheetImport.objects.get().status == "review"  # the confirmation waits for its task
    deferred_tasks.run()
    with no_reading(monkeypatch):
        response = client.get(task_url, follow=True)
    assert "Import enregistré : 0 personne(s) ajoutée(s), 1 mise(s) à jour" in text(response)
    world.objects["known"].refresh_from_db()
    assert world.objects["known"].email == "elodie@example.org"


def test_a_review_the_task_refuses_keeps_the_columns_chosen(world):
    client = client_for(world, "direction")
    post_upload(client, csv_bytes([row()]), name="liste.csv")
    entry = SpreadsheetImport.objects.get()
    entry.file.delete(save=True)  # the check now fails in the task, after the form was accepted
    chosen = {**COLUMNS, "email": "Tél"}
    response = client.post(url("spreadsheet_columns", entry), columns_payload(chosen, save_as="Mon modèle"))
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain == [(url("spreadsheet_columns", entry), 302)]
    page = text(response)
    assert "La vérification n'a pas abouti : Le fichier de cet import n'est plus disponible" in page
    assert '<option value="Tél" selected>' in page.split('name="col_email"')[1].split("</select>")[0]
    assert 'value="Mon modèle"' in page
    assert not SpreadsheetMapping.objects.exists()


def test_a_reading_whose_process_died_says_so_and_can_be_cancelled(world, deferred_tasks):
    client = client_for(world, "direction")
    post_upload(client, csv_bytes([row()]), name="liste.csv")
    entry = SpreadsheetImport.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    BackgroundTask.objects.filter(pk=entry.task_id).update(status="running", started_at=long_ago)
    page = text(client.get(url("spreadsheet_task", entry)))
    assert DIED_MESSAGE in page and "hx-get" not in page
    response = client.post(url("spreadsheet_cancel", entry))
    assert response["Location"] == reverse("web:spreadsheet_list")
    assert SpreadsheetImport.objects.get().status == "cancelled"


def test_an_import_at_work_cannot_be_cancelled(world, deferred_tasks):
    client = client_for(world, "direction")
    post_upload(client, csv_bytes([row()]), name="liste.csv")
    entry = SpreadsheetImport.objects.get()
    response = client.post(url("spreadsheet_cancel", entry), follow=True)
    assert "Le fichier est en cours de traitement : attendez la fin pour abandonner l'import." in text(
        response
    )
    assert SpreadsheetImport.objects.get().status == "reading"
