import pathlib

from pacte.core.commands import PacteCommand, user_error
from pacte.core.files import os_error_reason
from pacte.core.progress import BarProgress
from pacte.evaluation.bilan import documents
from pacte.pact.models import Pact


class Command(PacteCommand):
    help = (
        "Documents de suivi du pacte. « bilan » écrit le bilan annuel d'un pacte en PDF ou en ODT modifiable."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", title="documents", required=True)
        bilan = commands.add_parser("bilan", help="bilan annuel d'un pacte (PDF ou ODT selon l'extension)")
        bilan.add_argument("--pact", required=True, metavar="IDENTIFIANT", help="identifiant du pacte")
        bilan.add_argument("--year", required=True, type=int, metavar="ANNÉE")
        bilan.add_argument("-o", "--output", required=True, metavar="FICHIER", help="fichier .pdf ou .odt")

    def handle(self, *args, **options):
        fmt = documents.format_of(options["output"])
        pact = Pact.objects.filter(slug=options["pact"]).first()
        if pact is None:
            raise user_error(f"Pacte inconnu : « {options['pact']} » (voir « pacte load-pact »).")
        data = documents.produce(
            actor=None, pact=pact, year=options["year"], fmt=fmt, progress=BarProgress(self.stderr._out)
        )
        path = pathlib.Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as error:
            raise user_error(f"Impossible d'écrire {path} : {os_error_reason(error)}.") from None
        self.stderr.write(
            f"Bilan {options['year']} du pacte {pact.slug} écrit dans {path} ({len(data)} octets)."
        )
