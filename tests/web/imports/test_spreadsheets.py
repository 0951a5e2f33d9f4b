import html
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pacte.beneficiaries.models import Person, SpreadsheetImport, SpreadsheetMapping
from tests.beneficiaries.test_spreadsheet import COLUMNS, HEADERS, csv_bytes, row, xlsx_bytes
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


def post_upload(client, data, name="liste.xlsx", **fields):
    payload = {"departement": "87", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(reverse("web:spreadsheet_upload"), payload)


def columns_payload(columns=COLUMNS, **extra):
    return {**{f"col_{key}": header for key, header in columns.items()}, **extra}


def text(response):
    return html.unescape(response.content.decode())


def test_upload_choose_columns_review_then_confirm(world, django_capture_on_commit_callbacks):
    client = client_for(world, "direction")
    rows = [
        row(Mail="elodie@example.org"),
        row(Rôle="ENF", Prénom="Léa", **{"Né le": "2015-09-01", "SDD": "non"}),
    ]
    response = post_upload(client, xlsx_bytes(rows))
    entry = SpreadsheetImport.objects.get()
    columns_url = reverse("web:spreadsheet_columns", kwargs={"uuid": entry.uuid})
    assert response["Location"] == columns_url
    form = client.get(columns_url).content.decode()
    assert 'value="Prénom" selected' in form  # guessed from the header names
    response = client.post(columns_url, columns_payload(save_as="Liste MSA"))
    review_url = reverse("web:spreadsheet_review", kwargs={"uuid": entry.uuid})
    assert response["Location"] == review_url
    page = text(client.get(review_url))
    assert "À mettre à jour" in page and "Courriel : (vide) → elodie@example.org" in page
    assert "À créer" in page and "Confirmer et enregistrer" in page
    assert Person.objects.filter(first_name="Léa").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:spreadsheet_apply", kwargs={"uuid": entry.uuid}))
    page = text(client.get(response["Location"]))
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
        client.post(reverse("web:spreadsheet_apply", kwargs={"uuid": entry.uuid}))
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
    assert response["Location"] == reverse("web:spreadsheet_review", kwargs={"uuid": entry.uuid})
    assert "Inchangée" in text(client.get(response["Location"]))


def test_a_mapping_that_does_not_fit_the_file_is_explained(world):
    mapping = SpreadsheetMapping.objects.create(
        departement_code="87", name="Ancien", columns={**COLUMNS, "birth_date": "Date naissance"}
    )
    client = client_for(world, "direction")
    response = post_upload(client, csv_bytes([row()]), name="liste.csv", mapping=mapping.pk)
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
    page = text(client.get(response["Location"]))
    assert "Ligne 3 : Date de naissance « 32/01/1990 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA attendu)." in page
    assert "Ligne 4 : Dossier RSA 00000000055 inconnu dans le département 87" in page
    assert "2 lignes en erreur" in page and "Confirmer et enregistrer" not in page
    entry = SpreadsheetImport.objects.get()
    response = client.post(reverse("web:spreadsheet_apply", kwargs={"uuid": entry.uuid}))
    assert "2 lignes en erreur : corrigez le fichier" in text(client.get(response["Location"]))
    world.objects["known"].refresh_from_db()
    assert world.objects["known"].email == ""


def test_an_unreadable_file_keeps_the_form_with_a_french_reason(world):
    client = client_for(world, "direction")
    response = post_upload(client, b"Nom;Nom\r\nA;B\r\n", name="liste.csv")
    assert response.status_code == 200
    assert "La colonne « Nom » apparaît deux fois dans la première ligne." in text(response)
    response = post_upload(client, b"%PDF", name="liste.pdf")
    assert "Déposez un fichier CSV ou XLSX : « liste.pdf » n'en est pas un." in text(response)
    assert not SpreadsheetImport.objects.exists()


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
    for name in ("spreadsheet_review", "spreadsheet_columns"):
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
    assert queries_for(client, many) == queries_for(client, few)


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
    few = queries_for(client, reverse("web:spreadsheet_list"))
    add(45)
    assert queries_for(client, reverse("web:spreadsheet_list")) == few
