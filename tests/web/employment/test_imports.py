import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pacte.employment.models import JobOffer, JobOfferImport
from tests.employment.factories import RomeAppellationFactory
from tests.factories import CommuneFactory

CSV = (
    "siret;intitulé;appellation;commune;contrat;heures;postes;référence\n"
    "73282932000074;Maçon qualifié;16250;87085;cdi;35;2;FT-1\n"
    "73282932000074;Maçon débutant;Maçon / Maçonne;87085;CDD;24,5;1;FT-2\n"
)


def _setup(world):
    RomeAppellationFactory()
    CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    organization = world.objects["employer_87"].organization
    organization.siret = "73282932000074"
    organization.save()


def _upload(client, name, content):
    return client.post(
        reverse("web:employment_job_offer_import"),
        {"departement": "87", "file": SimpleUploadedFile(name, content)},
    )


def test_a_csv_is_reviewed_then_imported_whole(world, relations_client):
    _setup(world)
    response = _upload(relations_client, "offres.csv", CSV.encode("utf-8"))
    entry = JobOfferImport.objects.get(filename="offres.csv")
    assert response["Location"] == reverse("web:employment_job_offer_import_review", args=[entry.uuid])
    page = relations_client.get(response["Location"]).content.decode()
    assert "Importer 2 offres" in page and "Maçon débutant" in page and "Bâti Limousin" in page
    assert not JobOffer.objects.filter(source="imported").exists()
    response = relations_client.post(
        reverse("web:employment_job_offer_import_review", args=[entry.uuid]), follow=True
    )
    assert "2 offre(s) importée(s)" in response.content.decode()
    assert set(JobOffer.objects.filter(source="imported").values_list("title", flat=True)) == {
        "Maçon qualifié",
        "Maçon débutant",
    }


def test_an_xlsx_with_a_wrong_row_shows_it_and_imports_nothing(world, relations_client):
    _setup(world)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["SIRET", "Intitulé", "Appellation", "Commune", "Contrat", "Heures"])
    sheet.append(["73282932000074", "Maçon qualifié", 16250, "87085", "cdi", 35])
    sheet.append(["73282932000074", "Maçon", 16250, "87085", "CDZ", 35])
    content = io.BytesIO()
    workbook.save(content)
    response = _upload(relations_client, "offres.xlsx", content.getvalue())
    review = relations_client.get(response["Location"]).content.decode()
    assert (
        "1 ligne refusée : aucune offre ne sera importée" in review
        and "Type de contrat inconnu : CDZ." in review
    )
    assert "Importer 1 offre" not in review
    entry = JobOfferImport.objects.get(filename="offres.xlsx")
    response = relations_client.post(
        reverse("web:employment_job_offer_import_review", args=[entry.uuid]), follow=True
    )
    assert "1 ligne refusée : rien n&#x27;est importé." in response.content.decode()
    assert not JobOffer.objects.filter(source="imported").exists()
    relations_client.post(reverse("web:employment_job_offer_import_cancel", args=[entry.uuid]))
    entry.refresh_from_db()
    assert entry.status == "cancelled"


def test_a_file_without_the_columns_or_of_another_format_is_refused_on_the_form(world, relations_client):
    response = _upload(relations_client, "offres.csv", "nom;ville\nMaçon;Limoges\n".encode())
    assert "Colonne(s) manquante(s) : siret, intitule, appellation" in response.content.decode()
    response = _upload(relations_client, "offres.pdf", b"%PDF")
    assert "CSV ou XLSX" in response.content.decode()
    assert not JobOfferImport.objects.filter(filename__startswith="offres.").exists()
