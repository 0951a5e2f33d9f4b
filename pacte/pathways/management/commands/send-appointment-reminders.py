import datetime
import json

from django.core.management.base import BaseCommand

from pacte.pathways.services import send_appointment_reminders


class Command(BaseCommand):
    help = "Envoie par courriel le rappel des rendez-vous à venir (à lancer chaque jour)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="rendez-vous des N prochaines heures (48)")
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        sent = send_appointment_reminders(within=datetime.timedelta(hours=options["hours"]))
        if options["json"]:
            self.stdout.write(json.dumps({"reminders": len(sent)}))
        else:
            self.stdout.write(f"{len(sent)} rappel(s) envoyé(s).")
