import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.invitations import senders, services
from pacte.invitations.enums import INVITATION_TRANSITIONS, Channel, InvitationKind, InvitationStatus
from pacte.invitations.models import Invitation
from pacte.pathways.enums import AppointmentKind, AppointmentStatus
from pacte.pathways.models import Appointment
from tests.factories import DepartementFactory
from tests.invitations.helpers import BASE_URL, followed, invite, slots

pytestmark = pytest.mark.django_db


def sms_texts(sms_dir):
    return [path.read_text(encoding="utf-8") for path in sorted(sms_dir.glob("*.txt"))]


def test_a_person_with_a_mobile_number_only_is_invited_by_sms_with_the_public_link(sms_dir):
    person, referent, mdd = followed(first_name="ÉLODIE")
    invitation = invite(person, referent, mdd)
    assert invitation.channels == [Channel.SMS]
    assert invitation.status == InvitationStatus.SENT
    [text] = sms_texts(sms_dir)
    assert f"{BASE_URL}invitation/{invitation.token}/" in text
    assert "Bonjour Élodie" in text and mdd.name in text
    assert len(invitation.token) >= 24
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="invitation.send")
    assert entry.object_id == str(invitation.uuid) and entry.data["channels"] == ["sms"]


def test_e_mail_and_sms_when_the_person_has_both(sms_dir):
    person, referent, mdd = followed(email="elodie@example.org")
    invitation = invite(person, referent, mdd, kind=InvitationKind.ORIENTATION)
    assert invitation.channels == [Channel.EMAIL, Channel.SMS]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["elodie@example.org"]
    assert mail.outbox[0].subject == "Invitation à un rendez-vous d'orientation"
    assert invitation.token in mail.outbox[0].body
    assert len(sms_texts(sms_dir)) == 1


def test_a_person_without_any_contact_gets_a_letter(sms_dir):
    person, referent, mdd = followed(phone="")
    assert services.default_channels(person) == [Channel.LETTER]
    invitation = invite(person, referent, mdd)
    assert invitation.channels == [Channel.LETTER] and invitation.by_letter
    assert mail.outbox == [] and sms_texts(sms_dir) == []


def test_a_landline_is_not_an_sms_channel_and_a_channel_without_contact_is_refused():
    person, referent, mdd = followed(phone="05 55 45 10 10")
    assert services.available_channels(person) == [Channel.LETTER]
    with pytest.raises(DomainError, match="Envoi par sms impossible"):
        invite(person, referent, mdd, channels=[Channel.SMS])
    with pytest.raises(DomainError, match="pas d'adresse électronique"):
        invite(person, referent, mdd, channels=[Channel.EMAIL])


def test_without_an_sms_provider_a_mobile_number_falls_back_to_the_letter(settings):
    settings.PACTE_SMS_BACKEND = "none"
    person, referent, mdd = followed()
    assert services.default_channels(person) == [Channel.LETTER]


def test_slots_must_be_offered_in_the_future_and_at_most_three():
    person, referent, mdd = followed()
    with pytest.raises(DomainError, match="au moins un créneau"):
        invite(person, referent, mdd, slots=[])
    with pytest.raises(DomainError, match="à venir"):
        invite(person, referent, mdd, slots=[timezone.now() - datetime.timedelta(hours=1)])
    with pytest.raises(DomainError, match="au plus 3"):
        invite(person, referent, mdd, slots=slots(2, 3, 4, 5))


def test_one_open_invitation_per_kind():
    person, referent, mdd = followed()
    invite(person, referent, mdd)
    with pytest.raises(DomainError, match="attend déjà"):
        invite(person, referent, mdd)
    invite(person, referent, mdd, kind=InvitationKind.ORIENTATION)


def test_the_structure_of_another_departement_cannot_invite():
    person, referent, _ = followed()
    _, _, mdd_79 = followed(departement_code="79")
    with pytest.raises(DomainError, match="n'appartient pas au département"):
        invite(person, referent, mdd_79)


def test_the_delay_is_the_departements_ten_days_by_default():
    person, referent, mdd = followed()
    now = timezone.now()
    invitation = invite(person, referent, mdd, now=now)
    assert invitation.expires_at - now == datetime.timedelta(days=10)
    assert invitation.remind_at - now == datetime.timedelta(days=5)
    services.set_expiry_days(actor=referent, departement_code="87", days=6)
    other, *_ = followed()
    later = invite(other, referent, mdd, now=now)
    assert later.expires_at - now == datetime.timedelta(days=6)
    with pytest.raises(DomainError, match="entre 2 et 60"):
        services.set_expiry_days(actor=referent, departement_code="87", days=90)


def test_opening_is_recorded_once_then_the_slot_taken_creates_the_appointment():
    person, referent, mdd = followed()
    invitation = invite(person, referent, mdd)
    services.record_opened(invitation)
    opened_at = invitation.opened_at
    assert invitation.status == InvitationStatus.OPENED and opened_at is not None
    services.record_opened(invitation)
    assert invitation.opened_at == opened_at
    chosen = services.slot_times(invitation)[1]
    invitation = services.take_slot(invitation=invitation, slot=chosen)
    assert invitation.status == InvitationStatus.APPOINTMENT_TAKEN
    appointment = Appointment.objects.get(person=person)
    assert invitation.appointment == appointment
    assert appointment.starts_at == chosen and appointment.organization == mdd
    assert (
        appointment.kind == AppointmentKind.CONVOCATION and appointment.status == AppointmentStatus.SCHEDULED
    )
    assert appointment.place == "Maison du département, 11 rue Jean Jaurès, Limoges"
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "invitation.open",
        "invitation.appointment_taken",
        "appointment.schedule",
    }
    with pytest.raises(DomainError, match="déjà été pris"):
        services.take_slot(invitation=invitation, slot=chosen)


def test_a_slot_not_offered_is_refused():
    person, referent, mdd = followed()
    invitation = invite(person, referent, mdd)
    with pytest.raises(DomainError, match="l'un des créneaux proposés"):
        services.take_slot(invitation=invitation, slot=timezone.now() + datetime.timedelta(days=9))
    assert not Appointment.objects.exists()


def test_an_invitation_past_its_delay_is_refused_and_counted_without_answer():
    person, referent, mdd = followed()
    sent = timezone.now() - datetime.timedelta(days=11)
    invitation = invite(person, referent, mdd, now=sent, slots=slots(3, 20))
    assert services.is_expired(invitation)
    with pytest.raises(DomainError, match="délai pour répondre"):
        services.take_slot(invitation=invitation, slot=services.slot_times(invitation)[1])
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED and not Appointment.objects.exists()


def test_expire_turns_the_overdue_open_invitations_into_no_answer():
    person, referent, mdd = followed()
    other, *_ = followed()
    overdue = invite(person, referent, mdd, now=timezone.now() - datetime.timedelta(days=10, minutes=1))
    current = invite(other, referent, mdd)
    assert services.expire_invitations() == 1
    overdue.refresh_from_db(), current.refresh_from_db()
    assert overdue.status == InvitationStatus.EXPIRED and current.status == InvitationStatus.SENT
    assert services.expire_invitations() == 0


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        ("sent", "opened", True),
        ("sent", "appointment_taken", True),
        ("opened", "appointment_taken", True),
        ("opened", "expired", True),
        ("sent", "expired", True),
        ("expired", "appointment_taken", False),
        ("appointment_taken", "expired", False),
        ("opened", "sent", False),
    ],
)
def test_the_transition_table(source, target, allowed):
    assert INVITATION_TRANSITIONS.allows(source, target) is allowed
    if not allowed:
        with pytest.raises(TransitionError, match="Passage impossible"):
            INVITATION_TRANSITIONS.check(source, target)


def test_one_reminder_at_half_the_delay_by_the_digital_channels(sms_dir):
    person, referent, mdd = followed(email="elodie@example.org")
    lettered, *_ = followed(phone="")
    now = timezone.now()
    invitation = invite(person, referent, mdd, now=now - datetime.timedelta(days=5, minutes=1))
    invite(lettered, referent, mdd, now=now - datetime.timedelta(days=6))
    fresh, *_ = followed()
    fresh_invitation = invite(fresh, referent, mdd, now=now - datetime.timedelta(days=4))
    mail.outbox.clear()
    before = len(sms_texts(sms_dir))
    reminded = services.send_invitation_reminders(base_url=BASE_URL, now=now)
    assert reminded == [invitation]
    assert [m.subject for m in mail.outbox] == ["Rappel : Invitation à un rendez-vous d'accompagnement"]
    new = sms_texts(sms_dir)[before:]
    assert len(new) == 1 and "Rappel : Bonjour" in new[0] and invitation.token in new[0]
    invitation.refresh_from_db()
    assert invitation.reminder_sent_at == now
    # A day later: the one sent a day after is due, the first is not reminded twice.
    later = services.send_invitation_reminders(base_url=BASE_URL, now=now + datetime.timedelta(days=1))
    assert later == [fresh_invitation]


def test_the_appointment_reminder_goes_by_sms_to_those_without_e_mail(sms_dir):
    person, referent, mdd = followed()
    with_email, *_ = followed(email="x@example.org")
    landline, *_ = followed(phone="05 55 00 00 00")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    for someone in (person, with_email, landline):
        Appointment.objects.create(
            departement_code="87",
            person=someone,
            organization=mdd,
            kind="follow_up",
            starts_at=tomorrow,
            place="MDD Nord",
        )
    sent = services.send_appointment_sms_reminders()
    assert [a.person for a in sent] == [person]
    [text] = sms_texts(sms_dir)
    assert "+33612345678" in text and "Nous vous rappelons votre rendez-vous" in text
    assert re.search(r"\d\d/\d\d/\d{4} à \d\d:\d\d", text)
    assert Appointment.objects.get(person=person).reminder_sent_at is not None
    assert services.send_appointment_sms_reminders() == []


def test_templates_saved_are_audited():
    DepartementFactory(code="87")
    services.save_template(
        actor=None,
        departement_code="87",
        kind="orientation",
        channel="email",
        subject="Objet",
        body="Bonjour {prenom}",
    )
    assert AuditEntry.objects.filter(action="invitation.template.update", departement_code="87").count() == 1


def test_a_mail_server_down_refuses_the_invitation_in_french_and_records_nothing(monkeypatch):
    def down(*args):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(senders, "send_email", down)
    person, referent, mdd = followed(email="elodie@example.org")
    with pytest.raises(senders.SendError, match="Envoi par courriel impossible pour l'instant"):
        invite(person, referent, mdd, channels=[Channel.EMAIL])
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(action="invitation.send").exists()
