"""A référent follows a person in a real browser: opens their caseload and the person's pathway,
prepares and signs the contrat d'engagement, records an appointment's attendance, asks for a
reorientation; the orientation agent then finds the request in their inbox."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from pacte.pathways import services
from pacte.pathways.enums import AppointmentStatus, ContractStatus, ReorientationStatus
from pacte.pathways.models import Appointment, Contract, ReorientationRequest
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory
from tests.permissions.world import build_world, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, live_server, world, role):
    cookie = client_for(world, role).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def followed_person(world):
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        first_name="Lucas",
        last_name="Peyrat",
        dossier=DossierFactory(territory=world.objects["territory_north"]),
    )
    OrientationFactory(
        person=person, body=mdd, decision_date=timezone.localdate() - datetime.timedelta(days=20)
    )
    ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
    services.schedule_appointment(
        actor=None,
        person=person,
        organization=mdd,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Maison du département Nord",
    )
    return person


def test_a_referent_signs_a_contract_records_attendance_and_asks_for_a_reorientation(page, live_server):
    world = build_world()
    person = followed_person(world)
    log_in_as(page, live_server, world, "referent")

    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Mon portefeuille").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mon portefeuille"
    page.get_by_role("link", name="Peyrat Lucas").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Parcours de Lucas Peyrat"

    page.get_by_role("link", name="Préparer un contrat d'engagement").click()
    assert page.get_by_label("Heures d'activité par semaine").input_value() == "15"
    page.get_by_label("Heures d'activité par semaine").fill("10")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert "Motif de l'adaptation des heures" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Heures d'activité par semaine").input_value() == "10"
    page.get_by_label("Motif de l'adaptation des heures").fill("Reprise progressive après un arrêt")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("status").filter(has_text="Le contrat est préparé.").wait_for()

    page.get_by_role("link", name="Signer", exact=True).click()
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.get_by_role("status").filter(has_text="La signature du contrat est enregistrée.").wait_for()
    contract = Contract.objects.get(person=person)
    assert contract.status == ContractStatus.SIGNED and contract.weekly_hours == 10

    page.get_by_role("link", name="Enregistrer la présence").click()
    page.get_by_role("radio", name="Honoré").check()
    page.get_by_role("button", name="Enregistrer la présence").click()
    page.get_by_role("status").filter(has_text="La présence est enregistrée.").wait_for()
    assert Appointment.objects.get(person=person).status == AppointmentStatus.SEEN

    page.get_by_role("link", name="Demander une réorientation").click()
    page.get_by_label("Motif de la demande").fill("Projet d'emploi confirmé dans la logistique.")
    page.get_by_label("Parcours proposé").select_option("professionnelle")
    page.get_by_label("Type d'organisme proposé").select_option("france_travail")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("status").filter(has_text="La demande de réorientation est transmise").wait_for()
    section = page.locator("#reorientations")
    assert "en attente" in section.inner_text()
    assert ReorientationRequest.objects.get(person=person).status == ReorientationStatus.PENDING

    log_in_as(page, live_server, world, "orientation_agent")
    page.goto(f"{live_server.url}/orientation/reorientations/")
    assert "Peyrat" in page.get_by_role("main").inner_text()
