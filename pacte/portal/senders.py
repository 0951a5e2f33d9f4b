"""How a sign-in code reaches a beneficiary. `PACTE_PORTAL_SENDER` names the class:

- `pacte.portal.senders.MessageSender` (production): by e-mail through Django's mail API, by SMS
  through the département's SMS provider (`PACTE_SMS_BACKEND`, pacte/invitations/senders.py);
- `pacte.portal.senders.ConsoleSender` (the demo): on the server's console, so that a tester reads
  the code where `make demo` runs.

A département plugs in another channel with a subclass of `Sender` (`send(channel, address, text)`).
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

from pacte.invitations.senders import send_email, send_sms, sms_available
from pacte.portal.models import SignInChannel

SUBJECT = "Votre code pour entrer dans votre espace"


class Sender:
    def send(self, channel, address, text):
        raise NotImplementedError

    def sms_enabled(self):
        return True


class MessageSender(Sender):
    def send(self, channel, address, text):
        if channel == SignInChannel.SMS:
            send_sms(address, text)
        else:
            send_email(address, SUBJECT, text)

    def sms_enabled(self):
        return sms_available()


class ConsoleSender(Sender):
    def __init__(self, stream=None):
        self.stream = stream

    def send(self, channel, address, text):
        stream = self.stream or sys.stdout
        stream.write(
            f"\n[Espace personnel] {SignInChannel(channel).label} pour {address}\n{text}\n{'-' * 40}\n"
        )
        stream.flush()


def sender():
    return import_string(settings.PACTE_PORTAL_SENDER)()
