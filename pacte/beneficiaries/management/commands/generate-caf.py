import csv
import datetime

from pacte.beneficiaries.caf.generator import generate
from pacte.core.commands import PacteCommand, user_error
from pacte.territory.loaders import DATA_DIR


def communes_of(departement, path=DATA_DIR / "communes.csv"):
    """The communes shipped with the project (no database needed), with their postcodes."""
    with open(path, newline="", encoding="utf-8") as f:
        communes = [
            {
                "insee": row["insee_code"],
                "name": row["name"],
                "codes_postaux": row["postcodes"],
                "population": int(row["population"] or 0),
            }
            for row in csv.DictReader(f)
            if row["departement"] == departement and row["postcodes"].strip()
        ]
    if not communes:
        raise user_error(
            f"Aucune commune connue pour le département {departement} : le projet fournit celles "
            "de la Haute-Vienne (87) et des Deux-Sèvres (79)."
        )
    return sorted(communes, key=lambda commune: commune["insee"])


class Command(PacteCommand):
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
            raise user_error("Le nombre de foyers doit être positif.")
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
