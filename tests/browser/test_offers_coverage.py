"""The direction opens the coverage of the territory, widens the distance (the map and the table
change), and downloads the table of gaps as XLSX."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings

from pacte.pathways.services import record_diagnostic
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
from tests.offers.factories import OfferFactory
from tests.pathways.factories import barrier
from tests.permissions.world import build_world, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILITY = ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]


def log_in_as(page, live_server, world, role):
    cookie = client_for(world, role).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_direction_widens_the_distance_and_downloads_the_table(page, live_server):
    world = build_world()
    north = world.objects["territory_north"]
    limoges = CommuneFactory(
        insee_code="87085", name="Limoges", territory=north, latitude=45.83, longitude=1.26
    )
    bellac = CommuneFactory(
        insee_code="87011", name="Bellac", territory=north, latitude=46.13, longitude=1.26
    )
    OfferFactory(
        organization=world.objects["association_87"], commune=limoges, thematiques=MOBILITY, name="Garage"
    )
    mobility = barrier("mobilite-permis", "mobility", "Pas de permis")
    for commune in (limoges, bellac, bellac):
        record_diagnostic(
            actor=None,
            person=PersonFactory(dossier=DossierFactory(commune=commune, territory=north)),
            made_on=datetime.date(2025, 6, 1),
            professional_situation="job_seeker",
            education_level="4",
            barriers={mobility: ""},
        )

    log_in_as(page, live_server, world, "direction")
    page.goto(f"{live_server.url}/offres/couverture/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Couverture du territoire par l'offre d'insertion"
    )
    page.get_by_label("Frein", exact=True).select_option("mobility")
    page.get_by_role("button", name="Afficher").click()
    table = page.locator("#tableau-ecarts tbody")
    assert "2 / 3" in table.locator("tr", has_text="Nord").inner_text()
    carte = page.get_by_role("img", name="Communes et offres « Mobilité » : accès à moins de 15 km")
    assert carte.get_attribute("data-unreached") == "1"
    assert page.locator("#carte-couverture g.commune.unreached title").text_content().startswith("Bellac")

    page.get_by_label("Distance (km)").fill("40")
    page.get_by_role("button", name="Afficher").click()
    assert "0 / 3" in page.locator("#tableau-ecarts tbody tr", has_text="Nord").inner_text()
    carte = page.get_by_role("img", name="Communes et offres « Mobilité » : accès à moins de 40 km")
    assert carte.get_attribute("data-unreached") == "0"
    assert page.locator("#carte-couverture g.commune.unreached").count() == 0

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le tableau (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "couverture-87-40km-mobility.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][3] == "Dont sans offre à moins de 40 km"
    assert rows[1][:4] == ["Nord", "Mobilité", 3, 0]
