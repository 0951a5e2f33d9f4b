from pacte.core.commands import PacteCommand, user_error
from pacte.territory import loaders
from pacte.territory.models import Commune


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
        communes_of = Commune.objects.filter(departement_id__in=departement or [])
        loaded = set(communes_of.values_list("departement_id", flat=True))
        if missing := [code for code in departement or [] if code not in loaded]:
            raise user_error(
                f"Aucune commune du département {', '.join(missing)} dans le fichier des communes : Pacte "
                "fournit celles de la Haute-Vienne (87) et des Deux-Sèvres (79) ; donnez les autres avec "
                "--communes et --epci."
            )
        self.stderr.write(f"{departements} départements, {count} communes chargés.")
