import datetime

from django.core.management.base import BaseCommand, CommandError

from pacte.beneficiaries.caf.generator import generate
from pacte.territory.models import Commune


def communes_of(departement):
    communes = [
        {
            "insee": c.insee_code,
            "name": c.name,
            "codes_postaux": " ".join(c.postcodes),
            "population": c.population,
        }
        for c in Commune.objects.filter(departement_id=departement).order_by("insee_code")
        if c.postcodes
    ]
    if not communes:
        raise CommandError(
            f"Aucune commune connue pour le département {departement} : lancez d'abord "
            f"« pacte load-territory --departement {departement} »."
        )
    return communes


class Command(BaseCommand):
    help = "Écrit un fichier bénéficiaires CAF synthétique et réaliste (mêmes arguments, même fichier)."

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True)
        parser.add_argument("--households", type=int, required=True)
        parser.add_argument("--seed", required=True)
        parser.add_argument("--dtref", required=True, type=datetime.date.fromisoformat, help="AAAA-MM-JJ")
        parser.add_argument("--flux", choices=["vrsb0801", "vrsd0301"], default="vrsb0801")
        parser.add_argument(
            "--daily", action="store_true", help="fichier infra-mensuel (TYPEFLUX=I) avec événements"
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="chemin ; .gz pour compresser"
        )

    def handle(self, *args, departement, households, seed, dtref, flux, daily, output, **options):
        if households < 0:
            raise CommandError("Le nombre de foyers doit être positif.")
        seed = int(seed) if str(seed).isdigit() else seed
        generate(
            output,
            departement=departement,
            households=households,
            seed=seed,
            dtref=dtref,
            flux=flux,
            communes=communes_of(departement.lstrip("0") or departement),
            typeflux="I" if daily else "M",
        )
        self.stderr.write(f"{output} : {households} foyers, fichier du {dtref:%d/%m/%Y} ({flux}).")
