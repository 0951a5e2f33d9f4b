import json
import sys

from pacte.core.commands import PacteCommand
from pacte.core.files import os_error_reason
from pacte.pathways.history_import import HistoryImportError
from pacte.pathways.services import import_history


class Command(PacteCommand):
    help = "Importe l'historique des orientations et des contrats (fichier CSV), tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV (UTF-8, séparateur , ou ;)")
        parser.add_argument("--dry-run", action="store_true", help="vérifie le fichier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            self.stderr.write(f"{path} : {os_error_reason(error)}.")
            sys.exit(2)
        try:
            summary = import_history(actor=None, data=data, dry_run=options["dry_run"], filename=path)
        except HistoryImportError as error:
            for message in error.errors:
                self.stderr.write(f"{path} : {message}")
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        verb = "seraient importés" if options["dry_run"] else "importés"
        self.stdout.write(
            f"{summary['rows']} lignes : {summary['orientations']} orientations et {summary['contracts']} "
            f"contrats {verb}, {summary['skipped']} déjà connues."
        )
