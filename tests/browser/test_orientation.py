"""An orientation agent works the queue in a real browser: opens a person, decides their
orientation, sees it recorded, then downloads the notification letter."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from pacte.organizations.enums import OrganizationKind
from pacte.pathways.models import Orientation
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.permissions.world import build_world, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_agent(page, live_server):
    world = build_world()
    client = client_for(world, "orientation_agent")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return world


def test_an_agent_orients_a_person_and_downloads_the_letter(page, live_server):
    world = log_in_as_agent(page, live_server)
    OrganizationFactory(
        name="France Travail Limoges Nord",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=world.objects["departement_87"],
    )
    entered = timezone.localdate() - datetime.timedelta(days=12)
    person = PersonFactory(
        first_name="Inès",
        last_name="Delorme",
        dossier=DossierFactory(territory=world.objects["territory_north"], dtdemrsa=entered),
    )

    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Orientation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "File d'attente de l'orientation"
    row = page.get_by_role("row").filter(has_text="Delorme Inès")
    assert "30 jours restants" in row.inner_text()
    row.get_by_role("link", name="Delorme Inès").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Orientation de Inès Delorme"
    page.get_by_role("link", name="Décider l'orientation").click()
    page.get_by_role("radio", name="Professionnelle", exact=True).check()
    page.get_by_label("Type d'organisme").select_option("france_travail")
    body = page.get_by_role("combobox", name="Organisme", exact=True)
    # htmx reloads the organisations of the chosen kind: the Maison du département leaves the list.
    expect(body.locator("option", has_text="Maison du département Nord")).to_have_count(0)
    body.select_option(label="France Travail Limoges Nord (France Travail)")
    page.get_by_role("button", name="Enregistrer la décision").click()

    page.get_by_role("status").filter(has_text="Orientation enregistrée").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Orientation de Inès Delorme"
    orientations = page.get_by_role("table").filter(has_text="Orientation professionnelle").inner_text()
    assert "France Travail Limoges Nord" in orientations and "Validée" in orientations
    orientation = Orientation.objects.get(person=person)
    assert orientation.status == "validated" and orientation.decided_by == world.users["orientation_agent"]

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le courrier de notification").click()
    download = info.value
    assert download.suggested_filename == f"decision-orientation-{orientation.uuid}.pdf"
    with open(download.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-"
