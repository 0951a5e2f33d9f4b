"""A référent finds an offer near a person's home for their mobility barrier and prescribes it; the
partner accepts it in one click and records the day's attendance; the référent then reads
"Prescription acceptée" on the person's timeline. In a real browser."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.offers.models import Attendance, OfferSession, Prescription
from pacte.pathways.services.diagnostics import record_diagnostic
from tests.browser.test_followup import log_in_as
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
from tests.offers.factories import OfferFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory, barrier
from tests.permissions.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scene(world):
    departement = world.objects["departement_87"]
    limoges = CommuneFactory(
        insee_code="87085", name="Limoges", departement=departement, latitude=45.8336, longitude=1.2611
    )
    couzeix = CommuneFactory(
        insee_code="87050", name="Couzeix", departement=departement, latitude=45.8747, longitude=1.2389
    )
    bellac = CommuneFactory(
        insee_code="87011", name="Bellac", departement=departement, latitude=46.1219, longitude=1.0494
    )
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        first_name="Nadia",
        last_name="Bertrand",
        phone="06 12 34 56 78",
        dossier=DossierFactory(territory=world.objects["territory_north"], commune=limoges),
    )
    OrientationFactory(
        person=person, body=mdd, decision_date=timezone.localdate() - datetime.timedelta(days=20)
    )
    ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
    record_diagnostic(
        actor=None,
        person=person,
        made_on=timezone.localdate() - datetime.timedelta(days=10),
        professional_situation="job_seeker",
        education_level="4",
        barriers={barrier("permis", "mobility", "Pas de permis de conduire"): ""},
    )
    association = world.objects["association_87"]
    mobility = ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]
    garage = OfferFactory(
        organization=association, name="Garage solidaire", commune=couzeix, thematiques=mobility
    )
    OfferFactory(organization=association, name="Auto-école de Bellac", commune=bellac, thematiques=mobility)
    OfferFactory(
        organization=association,
        name="Atelier ordinateur",
        commune=limoges,
        thematiques=["numerique--acceder-a-du-materiel"],
    )
    session = OfferSession.objects.create(
        departement_code="87",
        offer=garage,
        start_date=timezone.localdate() + datetime.timedelta(days=5),
        place="Garage de Couzeix",
    )
    return person, garage, session


def test_a_referent_prescribes_an_offer_near_home_the_partner_accepts_and_reports_attendance(
    page, live_server
):
    world = build_world()
    person, garage, session = scene(world)

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}{reverse('web:person_detail', kwargs={'uuid': person.uuid})}")
    page.get_by_role("link", name="Chercher une offre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Chercher une offre pour Nadia Bertrand"
    assert page.get_by_label("Commune de départ").input_value() == "Limoges (87085)"
    assert page.get_by_role("checkbox", name="Mobilité").is_checked()
    results = page.locator("#results-title").locator("xpath=..").inner_text()
    assert "Garage solidaire" in results and "à 4,9 km" in results
    assert "Auto-école de Bellac" not in results and "Atelier ordinateur" not in results
    page.get_by_role("link", name="Prescrire « Garage solidaire »").click()

    assert page.get_by_label("Besoin auquel l'offre répond").input_value() == "mobility"
    page.get_by_label("Session").select_option(str(session.uuid))
    page.get_by_label("Message à la structure").fill("Disponible le matin, sans voiture.")
    page.get_by_role("button", name="Envoyer la prescription").click()
    page.get_by_role("status").filter(has_text="Prescription envoyée").wait_for()
    prescription = Prescription.objects.get(person=person, offer=garage)
    assert prescription.status == "sent" and prescription.session.place == "Garage de Couzeix"

    log_in_as(page, live_server, world, "partner")
    page.goto(f"{live_server.url}{reverse('web:prescriptions_received')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Prescriptions reçues"
    page.get_by_role("button", name="Accepter la prescription de Nadia Bertrand").click()
    page.get_by_role("status").filter(has_text="Prescription de Nadia Bertrand acceptée.").wait_for()
    prescription.refresh_from_db()
    assert prescription.status == "accepted"

    # The day to report: today, or the last weekday when the test runs on a weekend (the grid holds
    # Monday to Friday, and a day before the prescription cannot be reported).
    day = timezone.localdate()
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    if day < prescription.sent_on:
        Prescription.objects.filter(pk=prescription.pk).update(sent_on=day)
    page.get_by_role("link", name="Déclarer les présences de la semaine").click()
    page.goto(f"{live_server.url}{reverse('web:prescriptions_attendance')}?semaine={day.isoformat()}")
    page.locator(f'select[name="presence-{prescription.uuid}-{day:%Y%m%d}"]').select_option("present")
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_role("status").filter(has_text="1 présence enregistrée.").wait_for()
    assert Attendance.objects.get(prescription=prescription).status == "present"

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}{reverse('web:followup_pathway', kwargs={'uuid': person.uuid})}")
    timeline = page.locator("#chronologie").inner_text()
    assert "Prescription acceptée : « Garage solidaire »" in timeline
