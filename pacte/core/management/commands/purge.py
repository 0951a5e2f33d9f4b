import json

from pacte.core.commands import PacteCommand
from pacte.core.purge import purge


class Command(PacteCommand):
    help = (
        "Anonymise les données personnelles dont la durée de conservation est écoulée "
        "(PACTE_RETENTION_MONTHS mois après la fin de l'accompagnement)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")
        mode.add_argument("--wet-run", action="store_true", help="Anonymiser pour de bon.")
        parser.add_argument("--json", action="store_true", help="Écrire le résultat en JSON.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        report = purge(dry_run=dry_run)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        verb = "à anonymiser" if dry_run else "anonymisé(s)"
        self.stdout.write(f"Date limite : {report.cutoff:%d/%m/%Y} (dernière présence avant cette date)")
        for label, count in report.counts.items():
            self.stdout.write(f"  {label} : {count} {verb}")
        for label, count in report.files.items():
            self.stdout.write(f"  fichiers — {label} : {count} {'à supprimer' if dry_run else 'supprimé(s)'}")
        for label in report.skipped:
            self.stderr.write(f"  {label} : ignoré (pas de méthode de rétention déclarée)")
        if dry_run:
            self.stdout.write("Simulation : rien n'a été modifié.")
