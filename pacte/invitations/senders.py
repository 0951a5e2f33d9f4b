"""How invitations and reminders reach a person: e-mail through Django's mail API, SMS through a
pluggable backend, letters as PDF for the post (`letters.py`).

SMS backend: `PACTE_SMS_BACKEND` names it, either one of the aliases below or the dotted path of a
class. A département plugs in its SMS provider by writing a subclass of `SmsBackend`:

    class MyProviderBackend(SmsBackend):
        enabled = True

        def send(self, phone, text):
            response = requests.post(URL, json={"to": phone, "text": text}, timeout=10)
            if response.status_code != 200:
                raise SmsError("Le prestataire SMS a refusé le message.")

and setting `PACTE_SMS_BACKEND=mypackage.sms.MyProviderBackend`. `send` receives a French number
in international form (+33...) and the final text; it raises `SmsError` when the message did not
leave, so that the invitation is not recorded as sent.
"""

import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from pacte.core.errors import DomainError


class SendError(DomainError):
    """A message that did not leave (mail server or SMS provider unreachable)."""


class SmsError(SendError):
    """An SMS that did not leave."""


class SmsBackend:
    """The interface: `send(phone, text)`. `enabled` says whether SMS can be offered at all."""

    enabled = True

    def send(self, phone, text):
        raise NotImplementedError


class DisabledSmsBackend(SmsBackend):
    """No SMS provider configured: the SMS channel is not offered."""

    enabled = False

    def send(self, phone, text):
        raise SmsError("Aucun prestataire SMS n'est configuré (PACTE_SMS_BACKEND).")


class ConsoleSmsBackend(SmsBackend):
    """Writes each SMS on standard output (a workstation)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, phone, text):
        stream = self.stream or sys.stdout
        stream.write(f"SMS pour {phone}\n{text}\n{'-' * 40}\n")
        stream.flush()


class FileSmsBackend(SmsBackend):
    """Writes one file per SMS under `PACTE_SMS_FILE_PATH` (the demo: var/sms/)."""

    def __init__(self, directory=None):
        self.directory = Path(directory or settings.PACTE_SMS_FILE_PATH)

    def send(self, phone, text):
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{secrets.token_hex(4)}.txt"
        path.write_text(f"À : {phone}\nDate : {timezone.now().isoformat()}\n\n{text}\n", encoding="utf-8")
        return path


ALIASES = {
    "none": DisabledSmsBackend,
    "console": ConsoleSmsBackend,
    "file": FileSmsBackend,
}


def sms_backend():
    name = settings.PACTE_SMS_BACKEND
    backend = ALIASES.get(name) or import_string(name)
    return backend()


def sms_available():
    return sms_backend().enabled


def international(phone):
    """A French number as the providers want it: "06 12 34 56 78" -> "+33612345678"."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    if len(digits) == 10 and digits.startswith("0"):
        return f"+33{digits[1:]}"
    return digits


def is_mobile(phone):
    """A French mobile number (06, 07), the only ones an SMS reaches."""
    number = international(phone)
    return number.startswith(("+336", "+337")) and len(number) == 12


def send_sms(phone, text):
    sms_backend().send(international(phone), text)


def send_email(address, subject, text):
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


# GSM 03.38 basic character set: a message in it takes 160 characters (153 per part when split);
# any other character (a "œ", an emoji) makes the whole message Unicode: 70 (67 per part).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def sms_length(text):
    """(characters counted, parts): the extended GSM characters count twice."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        count = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        single, part = 160, 153
    else:
        count = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    parts = 1 if count <= single else -(-count // part)
    return count, parts


def sms_limit_text(text):
    """What the template form says of an SMS's length."""
    count, parts = sms_length(text)
    unit = "caractère" if count < 2 else "caractères"
    return f"{count} {unit}, {parts} SMS" + (" (envoi en plusieurs parties)" if parts > 1 else "")
