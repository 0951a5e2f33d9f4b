"""The diagnostic in a real browser: Enter in the ROME search field searches without submitting the
form; the barriers' levels chosen are recorded and the national criteria propose from them."""

import pytest
from playwright.sync_api import expect

from pacte.pathways.models import Diagnostic, Orientation
from pacte.referentials.models import Barrier, RomeAppellation, RomeCode
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


def test_an_agent_records_a_strong_barrier_and_the_national_criteria_propose_the_social_track(
    page, live_server
):
    world = log_in_as_agent(page, live_server)
    person = entering(world, first_name="Maëlle", last_name="Vernet")
    Barrier.objects.create(
        code="hebergement-precaire", theme="housing", label="Hébergement précaire", position=1
    )
    Barrier.objects.create(
        code="pas-de-permis", theme="mobility", label="Pas de permis de conduire", position=1
    )

    page.goto(f"{live_server.url}/orientation/personnes/{person.uuid}/diagnostic/")
    page.get_by_label("Sans activité").check()
    page.get_by_label("Niveau de formation").select_option(label="CAP, BEP (niveau 3)")
    page.get_by_label("Non, pas pour le moment").check()
    page.get_by_label("Hébergement précaire", exact=True).check()
    page.get_by_label("Niveau du frein « Hébergement précaire »").select_option(label="Frein fort")
    page.get_by_label("Pas de permis de conduire", exact=True).check()
    page.get_by_label("Niveau du frein « Pas de permis de conduire »").select_option(label="Sans impact")
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.get_by_text("Logement : Hébergement précaire (frein fort)")).to_be_visible()
    expect(page.get_by_text("Mobilité : Pas de permis de conduire (sans impact)")).to_be_visible()
    links = {
        link.barrier_id: link.level for link in Diagnostic.objects.get(person=person).barrier_links.all()
    }
    assert links == {"hebergement-precaire": "strong", "pas-de-permis": "no_impact"}

    page.goto(f"{live_server.url}/orientation/pre-orientation/")
    page.get_by_role("button", name="Lancer les règles sur toute la file d'attente").click()
    proposal = Orientation.objects.get(person=person)
    page.goto(f"{live_server.url}/orientation/pre-orientation/{proposal.uuid}/")
    expect(page.get_by_text("Frein fort, sans activité récente")).to_be_visible()
    expect(
        page.get_by_text("Critère national : frein fort « Logement : Hébergement précaire », sans activité")
    ).to_be_visible()
