import json

from django.utils import timezone

from pacte.beneficiaries.services import import_caf
from pacte.core.commands import PREREQUISITE_STATUS, PacteCommand
from pacte.core.progress import BarProgress


class Command(PacteCommand):
    help = (
        "Importe des fichiers bénéficiaires CAF/MSA (VRSB0801 ou VRSD0301, .xml ou .gz). Chaque fichier est "
        "importé en entier ou pas du tout ; au premier fichier rejeté, la commande s'arrête (statut 2). "
        "Un fichier déjà importé (même empreinte SHA-256) n'est pas relu."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="résumé JSON sur la sortie standard")

    def handle(self, *args, files, dry_run=False, json=False, **options):
        reports = []
        for path in files:
            progress = BarProgress(self.stderr._out)
            result = import_caf(path=path, dry_run=dry_run, progress=progress)
            progress.finish()  # a rejected file leaves its bar open
            if result.rejected:
                self.stderr.write(f"{path} : fichier rejeté, rien n'a été importé. {result.reason}")
                self._output(reports, files, json)
                raise SystemExit(PREREQUISITE_STATUS)
            reports.append(result.report)
            if result.already_imported:
                self.stderr.write(_already_imported(path, result.entry))
            elif not json:
                self.stderr.write(_summary(result.report))
        self._output(reports, files, json)

    def _output(self, reports, files, as_json):
        if not as_json or not reports:
            return
        payload = [r.as_json() for r in reports] if len(files) > 1 else reports[0].as_json()
        self.stdout.write(json.dumps(payload, ensure_ascii=False))


def _already_imported(path, entry):
    when = timezone.localtime(entry.started_at)
    return (
        f"{path} : déjà importé le {when:%d/%m/%Y à %H:%M} (même empreinte SHA-256, fichier du "
        f"{entry.dtref:%d/%m/%Y}) : il n'est pas relu, rien n'a changé."
        if entry.dtref
        else f"{path} : déjà importé le {when:%d/%m/%Y à %H:%M} : il n'est pas relu, rien n'a changé."
    )


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
    if report.unknown_elements:
        names = ", ".join(list(report.unknown_elements)[:5])
        text += f" {sum(report.unknown_elements.values())} éléments inconnus du format ignorés ({names})."
    return text
