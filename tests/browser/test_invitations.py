"""A référent invites a person by SMS (file backend) from their pathway; the person opens the link
of the SMS, picks the offered slot; the référent then sees the appointment taken."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from pacte.invitations.enums import InvitationStatus
from pacte.invitations.models import Invitation
from pacte.pathways.models import Appointment
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


def test_a_referent_invites_by_sms_and_sees_the_appointment_taken(page, live_server, settings, tmp_path):
    settings.PACTE_SMS_BACKEND = "file"
    settings.PACTE_SMS_FILE_PATH = tmp_path / "sms"
    world = build_world()
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        first_name="Lucas",
        last_name="Peyrat",
        phone="06 12 34 56 78",
        dossier=DossierFactory(territory=world.objects["territory_north"]),
    )
    OrientationFactory(
        person=person, body=mdd, decision_date=timezone.localdate() - datetime.timedelta(days=5)
    )
    ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
    day = timezone.localdate() + datetime.timedelta(days=4)

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}/suivi/personnes/{person.uuid}/")
    page.get_by_role("link", name="Inviter à un rendez-vous").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inviter à un rendez-vous"
    assert page.get_by_role("checkbox", name="SMS").is_checked()
    page.get_by_role("radio", name="Rendez-vous d'accompagnement").check()
    page.get_by_label("Créneau 1 : date").fill(day.isoformat())
    page.get_by_label("Créneau 1 : heure").fill("10:30")
    page.get_by_label("Lieu").fill("Maison du département Nord, 2 place de la mairie")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_role("status").filter(has_text="L'invitation est envoyée.").wait_for()
    assert "Envoyée" in page.locator("#invitations").inner_text()

    [sms] = list((tmp_path / "sms").iterdir())
    text = sms.read_text(encoding="utf-8")
    assert text.startswith("À : +33612345678") and "Bonjour Lucas" in text
    link = re.search(r"https?://\S+/invitation/[\w-]+/", text).group(0)
    assert link.startswith(live_server.url)

    page.context.clear_cookies()
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Lucas"
    assert "Peyrat" not in page.get_by_role("main").inner_text()
    page.get_by_role("radio", name=re.compile(r"à 10 h 30")).check()
    page.get_by_role("button", name="Confirmer ce rendez-vous").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre rendez-vous est pris"

    invitation = Invitation.objects.get(person=person)
    assert invitation.status == InvitationStatus.APPOINTMENT_TAKEN
    appointment = Appointment.objects.get(person=person)
    assert timezone.localtime(appointment.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 10:30"

    log_in_as(page, live_server, world, "referent")
    page.goto(f"{live_server.url}/suivi/personnes/{person.uuid}/")
    section = page.locator("#invitations").inner_text()
    assert "Rendez-vous pris" in section and f"{day:%d/%m/%Y} à 10:30" in section
    assert f"{day:%d/%m/%Y} 10:30" in page.locator("#rendez-vous").inner_text()
