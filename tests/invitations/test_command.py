import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pacte.invitations.enums import InvitationStatus
from pacte.invitations.senders import SmsBackend, SmsError
from pacte.pathways.models import Appointment
from tests.invitations.helpers import followed, invite

pytestmark = pytest.mark.django_db


class FailingBackend(SmsBackend):
    def send(self, phone, text):
        raise SmsError("Le prestataire SMS ne répond pas.")


def run(*args):
    out = io.StringIO()
    call_command("send-invitation-reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_expires_reminds_and_sends_appointment_sms(settings, sms_dir):
    settings.PACTE_PUBLIC_URL = "https://pacte.cd87.example"
    overdue_person, referent, mdd = followed()
    overdue = invite(overdue_person, referent, mdd, now=timezone.now() - datetime.timedelta(days=11))
    half, *_ = followed(email="half@example.org")
    reminded = invite(half, referent, mdd, now=timezone.now() - datetime.timedelta(days=6))
    phone_only, *_ = followed()
    Appointment.objects.create(
        departement_code="87",
        person=phone_only,
        organization=mdd,
        kind="follow_up",
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        place="MDD Nord",
    )
    mail.outbox.clear()
    assert json.loads(run("--json")) == {"expired": 1, "reminders": 1, "appointment_sms": 1}
    overdue.refresh_from_db(), reminded.refresh_from_db()
    assert overdue.status == InvitationStatus.EXPIRED and reminded.reminder_sent_at is not None
    assert f"https://pacte.cd87.example/invitation/{reminded.token}/" in mail.outbox[0].body
    assert (
        run()
        == "0 invitation(s) sans réponse, 0 relance(s) envoyée(s), 0 rappel(s) de rendez-vous par SMS.\n"
    )


def test_an_sms_provider_that_fails_stops_the_command_in_french(settings):
    settings.PACTE_SMS_BACKEND = f"{__name__}.FailingBackend"
    person, referent, mdd = followed(email="x@example.org")
    invite(person, referent, mdd, channels=["email"], now=timezone.now() - datetime.timedelta(days=6))
    Appointment.objects.create(
        departement_code="87",
        person=followed()[0],
        organization=mdd,
        kind="follow_up",
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        place="MDD Nord",
    )
    with pytest.raises(CommandError, match="Envoi interrompu") as caught:
        run()
    assert caught.value.returncode == 2
