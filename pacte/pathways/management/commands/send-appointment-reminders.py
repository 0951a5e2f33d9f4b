import datetime
import json
import smtplib

from django.conf import settings

from pacte.core.commands import PacteCommand, user_error
from pacte.pathways.services import send_appointment_reminders


class Command(PacteCommand):
    help = "Envoie par courriel le rappel des rendez-vous à venir (à lancer chaque jour)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="rendez-vous des N prochaines heures (48)")
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise user_error("Le nombre d'heures doit être d'au moins une.")
        try:
            sent = send_appointment_reminders(within=datetime.timedelta(hours=options["hours"]))
        except (OSError, smtplib.SMTPException) as error:
            # Each reminder is marked once sent: running the command again sends the others.
            raise user_error(
                f"Serveur de messagerie injoignable ({settings.EMAIL_HOST}:{settings.EMAIL_PORT}) : "
                "les rappels déjà envoyés sont notés ; relancez la commande une fois EMAIL_URL corrigé "
                "ou le serveur revenu."
            ) from error
        if options["json"]:
            self.stdout.write(json.dumps({"reminders": len(sent)}))
        else:
            self.stdout.write(f"{len(sent)} rappel(s) envoyé(s).")
