import gzip
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import CafImport, Dossier
from pacte.core.models import BackgroundTask
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import CommuneFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return monthly_series(tmp_path_factory.mktemp("caf"), households=12)


@pytest.fixture
def world():
    world = build_world()
    CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    return world


def upload(client, path, *, departement="87", name=None, data=None):
    content = data if data is not None else path.read_bytes()
    file = SimpleUploadedFile(name or path.name, content)
    return client.post(reverse("web:caf_upload"), {"departement": departement, "file": file})


def test_the_direction_uploads_a_file_and_follows_its_import(world, series, settings):
    client = client_for(world, "direction")
    response = upload(client, series[0][0])
    task = BackgroundTask.objects.get()
    assert response["Location"] == reverse("web:caf_task", kwargs={"uuid": task.uuid})
    assert task.status == "succeeded" and task.result["status"] == "succeeded"
    assert Dossier.objects.filter(departement_code="87").count() == 12 + 2  # plus the world's two
    page = client.get(response["Location"]).content.decode()
    assert "Import terminé" in page and 'value="100"' in page
    assert "Lignes d'historique" in page and "hx-trigger" not in page
    fragment = client.get(reverse("web:caf_task_progress", kwargs={"uuid": task.uuid})).content.decode()
    assert fragment.startswith('<section id="task-progress"') and "<html" not in fragment
    journal = CafImport.objects.get()
    assert (journal.status, journal.households, journal.imported_by) == (
        "succeeded",
        12,
        world.users["direction"],
    )
    assert reverse("web:caf_import_detail", kwargs={"uuid": journal.uuid}) in page
    uploads = settings.MEDIA_ROOT / "caf-uploads"
    assert list(uploads.iterdir()) == []  # the file, full of personal data, is gone once imported


def test_a_running_task_page_polls_its_progress(world):
    task = BackgroundTask.objects.create(
        kind="caf_import", label="Import du fichier X", departement_code="87", status="running",
        progress_done=30, progress_total=120,
    )  # fmt: skip
    page = (
        client_for(world, "direction")
        .get(reverse("web:caf_task", kwargs={"uuid": task.uuid}))
        .content.decode()
    )
    url = reverse("web:caf_task_progress", kwargs={"uuid": task.uuid})
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert '<label for="task-progress-bar">' in page and 'value="25"' in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def test_a_gzip_file_is_imported(world, series):
    path = series[0][0]
    response = upload(
        client_for(world, "direction"), path, name="RSABEM.xml.gz", data=gzip.compress(path.read_bytes())
    )
    assert response.status_code == 302
    assert BackgroundTask.objects.get().result["households"] == 12


def test_a_rejected_file_is_shown_and_journalled(world, series):
    client = client_for(world, "direction")
    truncated = series[0][0].read_bytes()[:-300]
    response = upload(client, series[0][0], name="tronque.xml", data=truncated)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Fichier rejeté : rien n'a été enregistré." in page
    journal = CafImport.objects.get()
    assert journal.status == "rejected" and journal.rejected_reason in page
    assert journal.departement_code == "87" and journal.file_name == "tronque.xml"
    assert Dossier.objects.count() == 3  # the world's dossiers only
    assert AuditEntry.objects.filter(action="caf_import.reject").exists()
    journal_page = client.get(reverse("web:caf_journal")).content.decode()
    assert "tronque.xml" in journal_page and "Rejeté" in journal_page


def test_a_file_of_another_departement_is_refused(world, series):
    client = client_for(world, "superuser")
    response = upload(client, series[0][0], departement="79")
    task = BackgroundTask.objects.get()
    assert task.result["status"] == "rejected"
    assert task.result["reason"] == "Ce fichier concerne le département 87, pas le 79 : import refusé."
    assert "concerne le département 87" in client.get(response["Location"]).content.decode()
    assert Dossier.objects.count() == 3
    assert CafImport.objects.get().departement_code == "79"


def test_the_direction_cannot_send_a_file_for_another_departement(world, series):
    response = upload(client_for(world, "direction"), series[0][0], departement="79")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not BackgroundTask.objects.exists()


def test_a_failed_form_keeps_the_choice_and_says_why(world, settings):
    settings.PACTE_UPLOAD_MAX_MB = 1
    client = client_for(world, "superuser")
    response = upload(client, None, departement="79", name="liste.pdf", data=b"%PDF")
    page = response.content.decode()
    assert "Déposez un fichier .xml ou .gz : « liste.pdf » n&#x27;en est pas un." in page
    assert '<option value="79" selected>' in page
    response = upload(client, None, departement="87", name="gros.xml", data=b"<" * (1024 * 1024 + 1))
    assert "Le fichier dépasse la taille maximale de 1 Mo." in response.content.decode()
    assert not BackgroundTask.objects.exists()


def test_the_journal_is_scoped_to_the_users_departements(world):
    CafImport.objects.create(
        departement_code="87", file_name="RSABEM_87.xml", file_sha256="a", status="succeeded"
    )
    other = CafImport.objects.create(
        departement_code="79", file_name="RSABEM_79.xml", file_sha256="b", status="succeeded"
    )
    client = client_for(world, "direction")
    page = client.get(reverse("web:caf_journal")).content.decode()
    assert "RSABEM_87.xml" in page and "RSABEM_79.xml" not in page
    assert client.get(reverse("web:caf_import_detail", kwargs={"uuid": other.uuid})).status_code == 404
    task = BackgroundTask.objects.create(kind="caf_import", label="x", departement_code="79")
    assert client.get(reverse("web:caf_task", kwargs={"uuid": task.uuid})).status_code == 404


def test_the_journal_lists_newest_first_with_its_report(world, series):
    client = client_for(world, "direction")
    for path, _ in series[:2]:
        upload(client, path)
    page = client.get(reverse("web:caf_journal")).content.decode()
    assert page.index("RSABEI_0.xml") < page.index("RSABEM_0.xml")
    entry = CafImport.objects.get(file_name="RSABEM_0.xml")
    detail = client.get(reverse("web:caf_import_detail", kwargs={"uuid": entry.uuid})).content.decode()
    assert "RSABEM_0.xml" in detail and "28/01/2025" in detail and "Mensuel" in detail


def test_the_detail_lists_unknown_codes_with_their_labels(world):
    entry = CafImport.objects.create(
        departement_code="87", file_name="RSABEM.xml", file_sha256="a", status="succeeded",
        unknown_codes={"MOTISUSVERSRSA": ["ZZ9"], "SITFAM": ["CEL"]},
    )  # fmt: skip
    page = client_for(world, "direction").get(reverse("web:caf_import_detail", kwargs={"uuid": entry.uuid}))
    text = page.content.decode()
    assert "ZZ9" in text and "Code nouveau, sans libellé connu" in text and "Célibataire" in text


def test_the_journal_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    user = world.users["direction"]

    def add(count):
        for index in range(count):
            CafImport.objects.create(
                departement_code="87",
                file_name=f"f{index}.xml",
                file_sha256="x",
                status="succeeded",
                imported_by=user,
            )

    add(5)
    few = queries_for(client, reverse("web:caf_journal"), shows=[f"f{index}.xml" for index in range(5)])
    add(45)
    shown = [f"f{index}.xml" for index in range(45)]
    assert queries_for(client, reverse("web:caf_journal"), shows=shown) == few


def test_uploading_a_file_already_imported_says_so(world, series):
    client = client_for(world, "direction")
    upload(client, series[0][0])
    response = upload(client, series[0][0], name="encore.xml")
    task = BackgroundTask.objects.order_by("-id").first()
    assert task.result["status"] == "already_imported" and task.result["created"] == 0
    page = html.unescape(client.get(response["Location"]).content.decode())
    first = CafImport.objects.get()  # the second upload adds no journal row
    assert "Le fichier encore.xml a déjà été importé le" in page and "rien n'a changé" in page
    assert reverse("web:caf_import_detail", kwargs={"uuid": first.uuid}) in page
    assert Dossier.objects.filter(departement_code="87").count() == 12 + 2
