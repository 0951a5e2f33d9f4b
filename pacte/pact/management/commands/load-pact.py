import json

from django.db import transaction

from pacte.core.commands import PacteCommand
from pacte.pact.loader import load_pact


class Command(PacteCommand):
    help = (
        "Charge un pacte territorial d'insertion depuis un fichier JSON (format : docs/pact-format.md) ; "
        "tout ou rien, et sans effet la seconde fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")
        parser.add_argument("--dry-run", action="store_true", help="vérifie sans rien enregistrer")
        parser.add_argument(
            "--json", action="store_true", help="écrit le bilan en JSON sur la sortie standard"
        )

    def handle(self, *args, **options):
        # Several files: all of them, or none.
        with transaction.atomic():
            reports = [load_pact(path, dry_run=options["dry_run"]).as_dict() for path in options["files"]]
        if options["json"]:
            self.stdout.write(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False))
            return
        for report in reports:
            self.stderr.write(
                f"{report['file']} : pacte {report['slug']} — {report['created']} créé(s), "
                f"{report['updated']} modifié(s), {report['unchanged']} inchangé(s)"
                f"{' (essai : rien enregistré)' if options['dry_run'] else ''}."
            )
