import json

from pacte.core.commands import PacteCommand, user_error
from pacte.core.progress import BarProgress
from pacte.evaluation.pact_indicators import compute_pact
from pacte.pact.models import Pact


def _summary(report):
    parts = [f"{len(report['computed'])} valeur(s) calculée(s)"]
    if report["kept"]:
        parts.append(f"{len(report['kept'])} valeur(s) saisie(s) conservée(s)")
    if report["empty"]:
        parts.append(f"{len(report['empty'])} sans valeur (population vide ou non calculable)")
    if report["unknown"]:
        codes = ", ".join(item["code"] for item in report["unknown"])
        parts.append(f"calcul inconnu pour : {codes}")
    return f"Pacte {report['pact']}, année {report['year']} (au {report['at']}) : {' ; '.join(parts)}."


class Command(PacteCommand):
    help = (
        "Calcule les valeurs d'une année des indicateurs du pacte qui ont un calcul, à partir des données "
        "de Pacte (parcours, offre d'insertion, emploi) ; chaque valeur est datée et garde le détail de son calcul."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pact", required=True, metavar="IDENTIFIANT", help="identifiant du pacte")
        parser.add_argument("--year", required=True, type=int, metavar="ANNÉE")
        parser.add_argument(
            "--json", action="store_true", help="écrit le bilan en JSON sur la sortie standard"
        )

    def handle(self, *args, **options):
        pact = Pact.objects.filter(slug=options["pact"]).first()
        if pact is None:
            raise user_error(f"Pacte inconnu : « {options['pact']} » (voir « pacte load-pact »).")
        report = compute_pact(
            actor=None, pact=pact, year=options["year"], progress=BarProgress(self.stderr._out)
        ).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stderr.write(_summary(report))
