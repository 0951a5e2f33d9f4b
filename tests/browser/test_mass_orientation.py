"""An agent validates 120 proposals in one go and prints their letters, in a real browser: the
proposals of one rule spread over three pages, the agent filters them, selects every result,
confirms the count, validates, prints the letters, follows the progress and downloads one PDF."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from pacte.organizations.enums import OrganizationKind
from pacte.pathways.models import Orientation
from tests.browser.test_orientation import log_in_as_agent
from tests.factories import OrganizationFactory
from tests.pathways.factories import OrientationFactory, RuleFactory
from tests.web.pathways.orientation.conftest import entering

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_agent_validates_120_proposals_in_one_go_and_prints_their_letters(page, live_server):
    world = log_in_as_agent(page, live_server)
    body = OrganizationFactory(
        name="France Travail Limoges Nord",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=world.objects["departement_87"],
    )
    young = RuleFactory(label="Moins de 26 ans", body=body)
    other = RuleFactory(label="Par défaut", body=body)
    chosen = [
        OrientationFactory(
            person=entering(world, last_name=f"Garnier{index:03d}"), body=body, proposed=True, rule=young
        )
        for index in range(120)
    ]
    left = [
        OrientationFactory(
            person=entering(world, last_name=f"Roux{index}"), body=body, proposed=True, rule=other
        )
        for index in range(3)
    ]

    page.goto(f"{live_server.url}/orientation/pre-orientation/")
    assert (
        page.get_by_role("status").filter(has_text="en attente").inner_text()
        == "123 propositions en attente."
    )
    page.get_by_label("Règle").select_option(label="Moins de 26 ans")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("status").filter(has_text="120 propositions en attente pour ce filtre.").wait_for()
    assert "Page 1 sur 3" in page.get_by_role("navigation", name="Pagination").inner_text()
    page.get_by_role("link", name="Page suivante").click()
    assert "Page 2 sur 3" in page.get_by_role("navigation", name="Pagination").inner_text()
    # The filter stays in the page links.
    assert "regle=" in page.url

    page.get_by_label("Sélectionner les 120 résultats du filtre, sur toutes les pages").check()
    page.get_by_role("button", name="Valider les propositions sélectionnées").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Valider les propositions du filtre"
    assert "Vous allez valider 120 propositions" in page.get_by_text("Vous allez valider").inner_text()
    assert Orientation.objects.filter(status="validated").count() == 0
    page.get_by_role("button", name="Valider les 120 propositions").click()

    page.get_by_role("status").filter(has_text="120 orientations validées").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Orientations décidées"
    assert Orientation.objects.filter(pk__in=[o.pk for o in chosen], status="validated").count() == 120
    assert set(Orientation.objects.filter(pk__in=[o.pk for o in left]).values_list("status", flat=True)) == {
        "proposed"
    }
    page.get_by_role("button", name="Imprimer les 120 courriers").click()

    page.get_by_role("heading", name="Impression terminée").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Impression de 120 courriers")
    progress = page.get_by_label("Progression de l'impression : 100 %")
    assert progress.get_attribute("value") == "100"
    assert "120 courriers dans un seul PDF, un par page." in page.get_by_role("alert").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename == "courriers-orientation.pdf"
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    texts = [pdf_page.extract_text() for pdf_page in reader.pages]
    assert len(texts) >= 120
    # Each letter starts on a page of its own, under the département's letterhead.
    assert sum(text.startswith("Conseil départemental") for text in texts) == 120
    assert all(any(o.person.last_name in text for text in texts) for o in chosen)
    assert not any(o.person.last_name in " ".join(texts) for o in left)
    notified = Orientation.objects.filter(pk__in=[o.pk for o in chosen]).values_list("notified_on", flat=True)
    assert set(notified) == {timezone.localdate()}
