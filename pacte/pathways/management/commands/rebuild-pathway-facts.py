import json

from django.core.management.base import CommandError

from pacte.core.commands import PacteCommand, user_error
from pacte.core.progress import BarProgress
from pacte.pathways import facts
from pacte.territory.models import Departement


class Command(PacteCommand):
    help = (
        "Recalcule les faits des parcours (première et dernière orientations, premier contrat "
        "d'engagement) que les indicateurs lisent, à partir des orientations et des contrats "
        "enregistrés ; avec --check, les vérifie sans rien écrire (code de sortie 1 si un écart)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", help="code INSEE du département (tous par défaut)")
        parser.add_argument("--check", action="store_true", help="vérifie sans écrire")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="résumé JSON sur la sortie standard"
        )

    def handle(self, *args, departement=None, check=False, as_json=False, **options):
        codes = list(Departement.objects.order_by("code").values_list("code", flat=True))
        if departement is not None:
            if departement not in codes:
                raise user_error(f"Département inconnu : {departement}")
            codes = [departement]
        if check:
            summary = {code: len(facts.differences(code)) for code in codes}
            self._report(summary, as_json, "personnes dont les faits diffèrent")
            if any(summary.values()):
                different = ", ".join(code for code, count in summary.items() if count)
                raise CommandError(
                    f"Faits des parcours à recalculer ({different}) : lancez « pacte rebuild-pathway-facts ».",
                    returncode=1,
                )
            return
        progress = BarProgress(self.stderr._out)
        summary = {code: facts.rebuild(code, progress) for code in codes}
        self._report(summary, as_json, "personnes avec des faits")

    def _report(self, summary, as_json, label):
        if as_json:
            self.stdout.write(json.dumps(summary))
            return
        for code, count in summary.items():
            self.stdout.write(f"{code} : {count} {label}")
