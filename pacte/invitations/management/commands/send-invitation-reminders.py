import json
import smtplib

from django.conf import settings

from pacte.core.commands import PacteCommand, user_error
from pacte.invitations.senders import SendError
from pacte.invitations.services import (
    expire_invitations,
    send_appointment_sms_reminders,
    send_invitation_reminders,
)


class Command(PacteCommand):
    help = (
        "Invitations : compte « sans réponse » celles dont le délai est passé, relance à mi-délai celles "
        "sans réponse (courriel, SMS), et envoie par SMS le rappel des rendez-vous des personnes sans "
        "courriel (à lancer chaque jour, après send-appointment-reminders)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        try:
            expired = expire_invitations()
            reminded = send_invitation_reminders(base_url=settings.PACTE_PUBLIC_URL)
            appointments = send_appointment_sms_reminders()
        except (OSError, smtplib.SMTPException, SendError) as error:
            # Each reminder is marked once sent: running the command again sends the others.
            raise user_error(
                "Envoi interrompu (serveur de messagerie ou prestataire SMS injoignable) : les relances déjà "
                "envoyées sont notées ; relancez la commande une fois l'envoi rétabli."
            ) from error
        report = {"expired": expired, "reminders": len(reminded), "appointment_sms": len(appointments)}
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(
                f"{expired} invitation(s) sans réponse, {len(reminded)} relance(s) envoyée(s), "
                f"{len(appointments)} rappel(s) de rendez-vous par SMS."
            )
