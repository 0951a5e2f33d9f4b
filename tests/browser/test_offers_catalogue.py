"""A partner publishes an offer in a real browser: creates it with its nomenclatures, adds a session,
publishes it; a référent then finds it in the catalogue by commune and radius, at its distance."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from pacte.offers import search
from pacte.offers.models import Offer
from tests.factories import CommuneFactory
from tests.permissions.world import build_world, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, live_server, world, role):
    cookie = client_for(world, role).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_partner_publishes_an_offer_that_a_referent_finds_near_a_commune(page, live_server):
    world = build_world()
    departement = world.objects["departement_87"]
    CommuneFactory(
        insee_code="87085", name="Limoges", departement=departement, latitude=45.8336, longitude=1.2611
    )
    CommuneFactory(
        insee_code="87154", name="Saint-Junien", departement=departement, latitude=45.8878, longitude=0.9017
    )
    log_in_as(page, live_server, world, "partner")

    page.goto(f"{live_server.url}/structure/offres/")
    assert page.get_by_role("heading", level=1).inner_text() == "Offres de ma structure"
    page.get_by_role("link", name="Créer une offre").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nouvelle offre d'insertion"
    page.get_by_label("Nom de l'offre").fill("Garage solidaire de Limoges")
    page.get_by_label("Description").fill("Réparer sa voiture à petit prix, accompagné d'un mécanicien.")
    page.get_by_text("Mobilité", exact=True).click()  # the category opens
    page.get_by_label("Accéder à un véhicule").check()
    page.get_by_label("Lever les freins sociaux").check()
    page.get_by_label("Bénéficiaires des minimas sociaux").check()
    page.get_by_label("En présentiel").check()
    page.get_by_label("Commune").select_option("87085")
    page.get_by_label("Places", exact=True).fill("8")
    page.get_by_role("button", name="Enregistrer l'offre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Garage solidaire de Limoges"
    assert "créée en brouillon" in page.get_by_role("status").first.inner_text()

    page.get_by_role("link", name="Ajouter une session").click()
    start = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Début").fill(start.isoformat())
    page.get_by_label("Lieu").fill("Atelier de la rue Nationale")
    page.get_by_role("button", name="Enregistrer la session").click()
    sessions = page.get_by_role("table").last
    assert f"Le {start:%d/%m/%Y}" in sessions.inner_text()
    assert "Atelier de la rue Nationale, Limoges" in sessions.inner_text()

    page.get_by_role("button", name="Publier").click()
    assert "maintenant « publiée »" in page.get_by_role("status").first.inner_text()
    assert Offer.objects.get().status == "published"

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}/offres/")
    search_form = page.get_by_role("search", name="Rechercher une offre")
    search_form.get_by_label("Commune").fill("Saint-Junien")
    search_form.get_by_label("Rayon (km)").fill("30")
    search_form.get_by_label("Besoin (frein)").select_option(label="Mobilité")
    search_form.get_by_role("button", name="Rechercher").click()
    distance = search.haversine_km(45.8878, 0.9017, 45.8336, 1.2611)
    results = page.get_by_role("table")
    row = results.get_by_role("row").filter(has_text="Garage solidaire de Limoges")
    assert f"à {distance:.1f} km".replace(".", ",") in row.inner_text()
    row.get_by_role("link", name="Garage solidaire de Limoges").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Garage solidaire de Limoges"
    assert "Atelier de la rue Nationale" in page.get_by_role("table").last.inner_text()
    assert page.get_by_role("button", name="Publier").count() == 0  # a référent reads, does not edit
