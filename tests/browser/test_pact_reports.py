"""A pact contributor writes the 2024 report of the action they report on and submits it; the
direction finds it in its review queue, validates it, then downloads the pact's annual review from
the pact's page and the PDF holds the action, its progress and its difficulties. In a real browser."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pacte.pact.enums import ReportStatus
from pacte.pact.models import ActionReport
from tests.browser.test_followup import log_in_as
from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory
from tests.permissions.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scene(world):
    pact = PactFactory(
        departement=world.objects["departement_87"], slug="pti-87", title="Pacte territorial d'insertion 87",
        start_year=2022, end_year=2025,
    )  # fmt: skip
    thematic = ThematicFactory(pact=pact, title="Mieux orienter les personnes")
    action = ActionFactory(
        objective=ObjectiveFactory(thematic=thematic, title="Raccourcir les délais"),
        title="Plateforme d'orientation",
        pilot=world.objects["association_87"],
    )
    action.reporters.add(world.users["pact_contributor"])
    return pact, action


def test_a_contributor_submits_a_report_the_direction_validates_it_and_downloads_the_bilan(page, live_server):
    world = build_world()
    pact, action = scene(world)

    log_in_as(page, live_server, world, "pact_contributor")
    page.goto(f"{live_server.url}{reverse('web:home')}")
    page.get_by_role("link", name="Mes bilans d'action à rédiger").click()
    page.get_by_label("Année du bilan").select_option("2024")
    page.get_by_role("button", name="Afficher").click()
    assert "Non commencé" in page.get_by_role("table").inner_text()
    page.get_by_role("link", name="Rédiger le bilan 2024 de « Plateforme d'orientation »").click()
    page.get_by_label("Avancement (%)").fill("120")
    page.get_by_label("Avancées de l'année").fill("La plateforme reçoit les nouveaux entrants.")
    page.get_by_role("button", name="Transmettre à la direction").click()
    # Refused: the error is next to the field, and what was typed is kept.
    assert "Le formulaire contient 1 erreur" in page.get_by_role("alert").inner_text()
    assert (
        page.get_by_label("Avancées de l'année").input_value()
        == "La plateforme reçoit les nouveaux entrants."
    )
    page.get_by_label("Avancement (%)").fill("80")
    page.get_by_label("Réalisations chiffrées").fill("312 orientations en moins de 30 jours")
    page.get_by_label("Difficultés rencontrées").fill("Recrutement des conseillers plus lent que prévu")
    page.get_by_role("button", name="Transmettre à la direction").click()
    page.get_by_role("status").filter(has_text="Le bilan est transmis à la direction.").wait_for()
    report = ActionReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.progress_percent == 80

    log_in_as(page, live_server, world, "direction")
    page.goto(f"{live_server.url}{reverse('web:home')}")
    page.get_by_role("link", name="les bilans d'action à relire").click()
    page.get_by_role("link", name="Plateforme d'orientation").click()
    assert "312 orientations en moins de 30 jours" in page.locator("main").inner_text()
    page.get_by_label("Valider le bilan").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_role("status").filter(has_text="Le bilan est validé.").wait_for()
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED

    page.goto(f"{live_server.url}{reverse('web:pact_detail', args=[pact.slug])}")
    tree_item = page.get_by_role("listitem").filter(has_text="Plateforme d'orientation —").last
    assert "bien avancée (75 à 99 %)" in tree_item.inner_text()
    page.get_by_role("link", name="Bilan annuel du pacte").click()
    page.get_by_label("Année du bilan").select_option("2024")
    page.get_by_label("PDF, pour diffuser le bilan").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le bilan").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
    text = " ".join(text.split())
    assert "Plateforme d'orientation" in text or "Plateforme d’orientation" in text
    assert "Recrutement des conseillers plus lent que prévu" in text
    assert "80" in text
