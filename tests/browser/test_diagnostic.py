"""The diagnostic's ROME search in a real browser: Enter in the search field searches, and the
diagnostic form is not submitted."""

import pytest
from playwright.sync_api import expect

from pacte.pathways.models import Diagnostic
from pacte.referentials.models import RomeAppellation, RomeCode
from tests.browser.test_orientation import log_in_as_agent
from tests.web.pathways.orientation.conftest import entering

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_in_the_rome_search_searches_without_submitting_the_form(page, live_server):
    world = log_in_as_agent(page, live_server)
    person = entering(world)
    cook = RomeCode.objects.create(code="G1602", label="Personnel de cuisine")
    RomeAppellation.objects.create(code_ogr=12345, label="Commis de cuisine", short_label="Commis", rome=cook)

    page.goto(f"{live_server.url}/orientation/personnes/{person.uuid}/diagnostic/")
    page.get_by_label("Observations").fill("Brouillon non enregistré")
    # A marker of this page load: a submitted form would load another page, without it.
    page.evaluate("window.sameLoad = true")
    search = page.get_by_label("Rechercher un métier (code ROME, intitulé ou appellation)")
    search.fill("commis")
    search.press("Enter")
    expect(page.get_by_text("G1602 – Personnel de cuisine")).to_be_visible()
    assert page.evaluate("window.sameLoad === true")
    assert page.get_by_label("Observations").input_value() == "Brouillon non enregistré"
    assert not Diagnostic.objects.filter(person=person).exists()
