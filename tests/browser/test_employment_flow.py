"""An employer-relations officer records a job offer, opens its matching people, positions one,
records the interview then the hire; the person's référent then reads the hire on the person's
timeline. In a real browser.

The offer's page links no matching page yet: the officer goes there by its address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.employment.models import JobOffer, Positioning
from pacte.organizations.enums import OrganizationKind
from pacte.pathways.models import PathwayExit
from pacte.pathways.services.employment_project import record_employment_project
from tests.browser.test_followup import log_in_as
from tests.employment.factories import EmployerProfileFactory, RomeAppellationFactory
from tests.factories import CommuneFactory, DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory, exit_reason
from tests.permissions.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def scene(world):
    departement = world.objects["departement_87"]
    limoges = CommuneFactory(
        insee_code="87085", name="Limoges", departement=departement, latitude=45.8336, longitude=1.2611
    )
    couzeix = CommuneFactory(
        insee_code="87050", name="Couzeix", departement=departement, latitude=45.8747, longitude=1.2389
    )
    employer = EmployerProfileFactory(
        organization=OrganizationFactory(
            name="Bâti Limousin", kind=OrganizationKind.EMPLOYER, departement=departement
        ),
        commune=limoges,
    )
    appellation = RomeAppellationFactory()  # 16250, « Maçon / Maçonne », F1703
    exit_reason("emploi-cdi")
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        first_name="Nadia",
        last_name="Bertrand",
        dossier=DossierFactory(territory=world.objects["territory_north"], commune=couzeix),
    )
    OrientationFactory(person=person, body=mdd, decision_date=TODAY - datetime.timedelta(days=40))
    ReferentAssignmentFactory(
        person=person,
        referent=world.users["referent"],
        organization=mdd,
        start_date=TODAY - datetime.timedelta(days=30),
    )
    record_employment_project(actor=None, person=person, romes=[appellation.rome], mobility_radius_km=20)
    return employer, person


def test_an_officer_positions_a_matching_person_records_the_hire_and_the_referent_sees_it(page, live_server):
    world = build_world()
    employer, person = scene(world)

    log_in_as(page, live_server, world, "employer_relations")
    page.goto(f"{live_server.url}{reverse('web:employment_employer_detail', args=[employer.uuid])}")
    page.get_by_role("link", name="Nouvelle offre d'emploi").click()
    page.get_by_label("Intitulé de l'offre").fill("Maçon en rénovation")
    page.get_by_label("Appellation ROME").fill("16250")
    page.get_by_label("Commune du poste").fill("87085")
    page.get_by_label("Type de contrat").select_option("cdi")
    page.get_by_role("button", name="Enregistrer l'offre").click()
    page.get_by_role("status").filter(has_text="L'offre d'emploi est enregistrée.").wait_for()
    offer = JobOffer.objects.get(title="Maçon en rénovation")

    page.goto(f"{live_server.url}{reverse('web:employment_offer_matches', args=[offer.uuid])}")
    matches = page.get_by_role("table").inner_text()
    assert "Nadia Bertrand" in matches and "Couzeix" in matches
    page.get_by_role("link", name="Positionner Nadia Bertrand").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Positionner sur « Maçon en rénovation »"
    card = page.get_by_role("region", name="Personne à positionner").inner_text()
    assert "Nadia Bertrand" in card and "Couzeix" in card
    page.get_by_label("Observations pour le suivi").fill("Disponible dès lundi.")
    page.get_by_role("button", name="Positionner cette personne").click()
    page.get_by_role("status").filter(has_text="La personne est positionnée.").wait_for()
    positioning = Positioning.objects.get(person=person, job_offer=offer)
    assert positioning.status == "proposed"

    page.get_by_role("link", name="Enregistrer l'entretien").click()
    page.get_by_label("Date de l'entretien").fill(TODAY.isoformat())
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    page.get_by_role("status").filter(has_text="L'entretien est enregistré.").wait_for()

    page.get_by_role("link", name="Enregistrer le recrutement").click()
    page.get_by_label("Date d'embauche").fill(TODAY.isoformat())
    page.get_by_label("Type de contrat").select_option("cdi")
    page.get_by_role("button", name="Enregistrer le recrutement").click()
    page.get_by_role("status").filter(has_text="Le recrutement est enregistré.").wait_for()
    assert "Sortie vers l'emploi enregistrée" in page.locator("main").inner_text()
    positioning.refresh_from_db()
    assert (positioning.status, positioning.hired_on, positioning.contract_type) == ("hired", TODAY, "cdi")
    assert PathwayExit.objects.get(person=person).employment_contract_type == "cdi"
    assert JobOffer.objects.get(pk=offer.pk).status == "filled"

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}{reverse('web:followup_pathway', args=[person.uuid])}")
    timeline = page.get_by_role("region", name="Chronologie du parcours").inner_text()
    assert "Recrutement (CDI) : « Maçon en rénovation » (Bâti Limousin)" in timeline
    assert "Entretien d'embauche : « Maçon en rénovation »" in timeline
    assert "Positionnement sur « Maçon en rénovation »" in timeline
