from pacte.core.commands import PacteCommand
from pacte.territory import loaders


class Command(PacteCommand):
    help = "Charge les départements, EPCI et communes (données livrées avec Pacte, ou vos fichiers)."

    def add_arguments(self, parser):
        parser.add_argument("--departement", action="append", help="code INSEE (répétable) ; tous par défaut")
        parser.add_argument("--communes", help="fichier CSV de communes aux mêmes colonnes que celui livré")
        parser.add_argument("--epci", help="fichier CSV d'EPCI aux mêmes colonnes que celui livré")

    def handle(self, *args, departement=None, communes=None, epci=None, **options):
        departements = loaders.load_departements()
        kwargs = {"departements": departement}
        if communes:
            kwargs["communes_path"] = communes
        if epci:
            kwargs["epci_path"] = epci
        count = loaders.load_communes(**kwargs)
        self.stderr.write(f"{departements} départements, {count} communes chargés.")
