import io

import pytest
from django.core import mail

from pacte.invitations import senders


def test_the_file_backend_writes_one_file_per_sms(sms_dir):
    senders.send_sms("06 12 34 56 78", "Bonjour Élodie, votre lien : https://x/")
    senders.send_sms("07 00 00 00 01", "Second message")
    files = sorted(sms_dir.iterdir())
    assert len(files) == 2
    texts = sorted(path.read_text(encoding="utf-8") for path in files)
    assert texts[0].startswith("À : +33612345678\n")
    assert "Bonjour Élodie, votre lien : https://x/" in texts[0]
    assert texts[1].startswith("À : +33700000001\n") and texts[1].rstrip().endswith("Second message")


def test_the_console_backend_prints_the_sms(settings, capsys):
    settings.PACTE_SMS_BACKEND = "console"
    senders.send_sms("0612345678", "Rappel de rendez-vous")
    out = capsys.readouterr().out
    assert "SMS pour +33612345678" in out and "Rappel de rendez-vous" in out
    stream = io.StringIO()
    senders.ConsoleSmsBackend(stream=stream).send("+33612345678", "Texte")
    assert "Texte" in stream.getvalue()


def test_without_a_provider_sms_is_not_offered_and_refused(settings):
    settings.PACTE_SMS_BACKEND = "none"
    assert senders.sms_available() is False
    with pytest.raises(senders.SmsError, match="Aucun prestataire SMS"):
        senders.send_sms("0612345678", "x")


class RecordingBackend(senders.SmsBackend):
    sent = []

    def send(self, phone, text):
        self.sent.append((phone, text))


def test_a_departement_plugs_its_provider_by_dotted_path(settings):
    settings.PACTE_SMS_BACKEND = f"{__name__}.RecordingBackend"
    senders.send_sms("06 11 22 33 44", "Bonjour")
    assert RecordingBackend.sent[-1] == ("+33611223344", "Bonjour")


def test_the_email_sender_uses_django_mail():
    senders.send_email("elodie@example.org", "Invitation", "Bonjour")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["elodie@example.org"] and mail.outbox[0].subject == "Invitation"


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [
        ("06 12 34 56 78", True),
        ("07.12.34.56.78", True),
        ("+33 7 12 34 56 78", True),
        ("05 55 00 00 00", False),
        ("0612", False),
    ],
)
def test_only_mobile_numbers_receive_sms(phone, mobile):
    assert senders.is_mobile(phone) is mobile


def test_sms_length_counts_gsm_characters_unicode_and_parts():
    assert senders.sms_length("a" * 160) == (160, 1)
    assert senders.sms_length("a" * 161) == (161, 2)
    assert senders.sms_length("é" * 153 * 2) == (306, 2)
    assert senders.sms_length("€" * 80) == (160, 1)  # an extended character counts twice
    assert senders.sms_length("ê" * 70) == (70, 1)  # outside the GSM alphabet: Unicode
    assert senders.sms_length("ê" * 71) == (71, 2)
    assert senders.sms_limit_text("a" * 161) == "161 caractères, 2 SMS (envoi en plusieurs parties)"
