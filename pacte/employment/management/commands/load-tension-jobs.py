import json

from pacte.core.commands import PacteCommand
from pacte.core.errors import DomainError
from pacte.core.progress import BarProgress
from pacte.employment import tension_import
from pacte.employment.models import TensionList


class Command(PacteCommand):
    help = (
        "Charge des listes de métiers en tension (CSV, voir docs/imports-tension-jobs.md), tout ou rien ; "
        "chaque liste du fichier (territoire, source, année) remplace la précédente de même clé."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV (UTF-8 ou Windows-1252, séparateur ; ou ,)")
        parser.add_argument("--dry-run", action="store_true", help="vérifie le fichier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        path = options["file"]
        with open(path, "rb") as handle:
            data = handle.read()
        TensionList.objects.exists()  # a database not migrated stops here with its French line
        try:
            summary = tension_import.load(
                data, dry_run=options["dry_run"], filename=path, progress=BarProgress()
            )
        except DomainError as error:
            error.message = f"{path} : {error.message}"
            raise
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        verb = "seraient chargés" if options["dry_run"] else "chargés"
        self.stderr.write(f"{summary['lists']} liste(s), {summary['jobs']} métier(s) {verb}.")
