import json
import sys

from django.core.management.base import CommandError

from pacte.core.commands import PacteCommand
from pacte.offers.models import Offer
from pacte.offers.schema_export import export_catalogue
from pacte.territory.models import Departement


class Command(PacteCommand):
    help = (
        "Écrit les offres publiées d'un département au format du schéma national de l'offre "
        "d'insertion (JSON, une liste de services)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True, help="Numéro du département (87, 79…).")
        parser.add_argument("-o", "--output", help="Fichier à écrire (sinon la sortie standard).")

    def handle(self, *args, **options):
        code = options["departement"]
        if not Departement.objects.filter(code=code).exists():
            raise CommandError(f"Département inconnu : {code}.")
        items = export_catalogue(Offer.objects.filter(departement_code=code))
        text = json.dumps(items, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            sys.stderr.write(
                f"{len(items)} offre{'s' if len(items) > 1 else ''} écrite{'s' if len(items) > 1 else ''}.\n"
            )
        else:
            self.stdout.write(text)
