import json

from django.core.management.base import BaseCommand

from pacte.beneficiaries.caf_import import CafFileError, import_caf_file
from pacte.core.progress import BarProgress


class Command(BaseCommand):
    help = (
        "Importe des fichiers bénéficiaires CAF/MSA (VRSB0801 ou VRSD0301, .xml ou .gz). Chaque fichier est "
        "importé en entier ou pas du tout ; au premier fichier rejeté, la commande s'arrête (statut 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="résumé JSON sur la sortie standard")

    def handle(self, *args, files, dry_run=False, json=False, **options):
        reports = []
        for path in files:
            try:
                report = import_caf_file(path, dry_run=dry_run, progress=BarProgress(self.stderr._out))
            except CafFileError as error:
                self.stderr.write(f"{path} : fichier rejeté, rien n'a été importé. {error}")
                self._output(reports, files, json)
                raise SystemExit(2) from error
            except OSError as error:
                self.stderr.write(f"{path} : lecture impossible ({error.strerror or error}).")
                self._output(reports, files, json)
                raise SystemExit(2) from error
            reports.append(report)
            if not json:
                self.stderr.write(_summary(report))
        self._output(reports, files, json)

    def _output(self, reports, files, as_json):
        if not as_json or not reports:
            return
        payload = [r.as_json() for r in reports] if len(files) > 1 else reports[0].as_json()
        self.stdout.write(json.dumps(payload, ensure_ascii=False))


def _summary(report):
    verb = "vérifié (rien n'est écrit)" if report.dry_run else "importé"
    text = (
        f"{report.file} {verb} : fichier du {report.dtref}, {report.households} foyers, {report.persons} personnes ; "
        f"{report.created} créés, {report.updated} mis à jour, {report.unchanged} inchangés, "
        f"{report.history_rows} lignes d'historique."
    )
    if report.unknown_codes:
        codes = "; ".join(f"{field} : {', '.join(values)}" for field, values in report.unknown_codes.items())
        text += f" Codes inconnus conservés tels quels : {codes}."
    return text
