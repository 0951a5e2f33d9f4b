import json

from django.core.management.base import CommandError

from pacte.beneficiaries.models import Person
from pacte.core.commands import PacteCommand, user_error
from pacte.core.progress import BarProgress
from pacte.pathways import facts
from pacte.territory.models import Departement


class Command(PacteCommand):
    help = (
        "Recalcule les faits des parcours que les indicateurs lisent (date de demande et territoire, "
        "dernier état de l'historique des droits, première et dernière orientations, contrats "
        "d'engagement), à partir des dossiers, de l'historique des droits, des orientations et des "
        "contrats enregistrés ; avec --check, les vérifie sans rien écrire (code de sortie 1 si un écart)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", help="code INSEE du département (tous par défaut)")
        parser.add_argument("--check", action="store_true", help="vérifie sans écrire")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="résumé JSON sur la sortie standard"
        )

    def handle(self, *args, departement=None, check=False, as_json=False, **options):
        if departement is not None:
            if not Departement.objects.filter(code=departement).exists():
                raise user_error(f"Département inconnu : {departement}")
            codes = [departement]
        else:
            # The départements that have persons: the others have nothing to rebuild.
            codes = sorted(
                set(Person.objects.order_by().values_list("departement_code", flat=True).distinct())
            )
        if check:
            self._check(codes, as_json)
            return
        progress = BarProgress(self.stderr._out)
        summary = {code: facts.rebuild(code, progress) for code in codes}
        if as_json:
            self.stdout.write(json.dumps(summary))
            return
        for code, count in summary.items():
            self.stdout.write(f"{code} : {count} personnes avec des faits du parcours")

    def _check(self, codes, as_json):
        summary = {code: len(facts.differences(code)) for code in codes}
        if as_json:
            self.stdout.write(json.dumps(summary))
        different = [code for code, count in summary.items() if count]
        if different:
            raise CommandError(
                f"Faits des parcours à recalculer ({', '.join(different)}) : "
                "lancez « pacte rebuild-pathway-facts ».",
                returncode=1,
            )
        if not as_json:
            self.stdout.write(f"Faits des parcours à jour ({len(codes)} département(s)).")
