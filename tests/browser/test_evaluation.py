"""The direction opens the evaluation dashboard, filters it by territory, sees its charts, moves to
the survival curves and downloads a table."""

import csv
import io

import pytest
from django.conf import settings

from pacte.evaluation import engine
from tests.permissions.world import build_world, client_for
from tests.web.evaluation.test_dashboard import populate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, live_server, world, role):
    cookie = client_for(world, role).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_direction_filters_the_dashboard_and_sees_the_charts(page, live_server):
    world = build_world()
    populate(world, 9)
    populate(world, 6, territory_key="territory_south")
    south = world.objects["territory_south"]

    log_in_as(page, live_server, world, "direction")
    page.goto(f"{live_server.url}/evaluation/?annee=2025")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Évaluation : indicateurs")
    everyone = engine.compute("87", 2025)["indicators"]["B1"]
    b1 = page.locator("#tableau-indicateurs tbody tr", has_text="B1").first
    assert str(everyone["denominator"]) in b1.inner_text()
    assert page.get_by_role(
        "img", name="Part des personnes soumises aux droits et devoirs orientées (B1)"
    ).is_visible()
    assert page.get_by_role("img", name="Évolution sur les années (%)").is_visible()

    page.get_by_label("Territoire d'action", exact=True).select_option(south.code)
    page.get_by_role("button", name="Afficher").click()
    only_south = engine.compute("87", 2025, territory=south)["indicators"]["B1"]
    assert only_south["denominator"] != everyone["denominator"]
    cells = page.locator("#tableau-indicateurs tbody tr", has_text="B1").first.locator("td")
    assert cells.nth(2).inner_text() == str(only_south["denominator"])
    assert "Sud" in page.get_by_text("territoire :").inner_text()

    page.get_by_role("link", name="Délai d'orientation et durée dans le RSA").click()
    curves = page.locator("svg#courbes-survie")
    assert curves.is_visible() and curves.locator("polyline.cohort").count() >= 1
    assert page.locator("#tableau-survie tbody tr").count() == 4

    with page.expect_download() as download_info:
        page.locator("#survie-titre").locator("xpath=..").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "evaluation-survie-87-2025-survie.csv"
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Délai de la demande à la première orientation"
    assert [row[0] for row in rows[1:]] == [
        "0 à 30 jours",
        "31 à 60 jours",
        "61 à 90 jours",
        "plus de 90 jours",
    ]
