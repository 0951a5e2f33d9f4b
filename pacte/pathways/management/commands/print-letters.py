import datetime
import json
from pathlib import Path

from django.utils import timezone

from pacte.core.commands import PacteCommand, user_error
from pacte.core.progress import BarProgress
from pacte.pathways import batch_letters
from pacte.pathways.enums import AppointmentStatus, OrientationStatus
from pacte.pathways.models import Appointment, Orientation
from pacte.territory.models import Departement

KINDS = ("orientation", "convocation")


def _day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise user_error(f"Date invalide : {value} (attendu AAAA-MM-JJ).") from None


class Command(PacteCommand):
    help = (
        "Imprime en un seul PDF les courriers d'un département, un par page : les décisions "
        "d'orientation d'un jour (orientation) ou les convocations aux rendez-vous à venir d'un jour "
        "(convocation). Chaque courrier est enregistré comme envoyé et journalisé."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="orientation ou convocation")
        parser.add_argument("--departement", required=True, help="code INSEE du département (87)")
        parser.add_argument("--day", required=True, help="jour des décisions ou des rendez-vous (AAAA-MM-JJ)")
        parser.add_argument(
            "--not-notified",
            action="store_true",
            help="orientations dont le courrier n'est pas encore imprimé",
        )
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="fichier PDF à écrire")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="résumé JSON sur la sortie standard"
        )

    def handle(self, *args, kind, departement, day, not_notified, output, as_json=False, **options):
        if not Departement.objects.filter(code=departement).exists():
            raise user_error(f"Département inconnu : {departement}")
        day = _day(day)
        progress = BarProgress(self.stderr._out)
        if kind == "orientation":
            rows = Orientation.objects.filter(
                departement_code=departement, status=OrientationStatus.VALIDATED, decision_date=day
            )
            if not_notified:
                rows = rows.filter(notified_on=None)
            document, printed = batch_letters.orientation_letters(
                actor=None,
                orientations=batch_letters.decided_orientations(rows.values("pk")),
                progress=progress,
            )
        else:
            rows = Appointment.objects.filter(
                departement_code=departement,
                status=AppointmentStatus.SCHEDULED,
                starts_at__date=day,
                starts_at__gte=timezone.now(),
            )
            document, printed = batch_letters.convocation_letters(
                actor=None,
                appointments=batch_letters.scheduled_appointments(rows.values("pk")),
                progress=progress,
            )
        progress.finish()
        Path(output).write_bytes(document)
        summary = {
            "kind": kind,
            "departement": departement,
            "day": day.isoformat(),
            "letters": len(printed),
            "file": output,
        }
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stderr.write(f"{len(printed)} courrier(s) écrit(s) dans {output}.")
