import json

from pacte.beneficiaries.models import Person
from pacte.core.commands import PacteCommand, user_error
from pacte.pathways.services import propose_orientations
from pacte.territory.models import Departement


class Command(PacteCommand):
    help = (
        "Applique les règles de pré-orientation du département aux personnes soumises aux droits et "
        "devoirs pas encore orientées ; chaque proposition reste à valider par un·e chargé·e d'orientation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True, help="code INSEE du département (87)")
        parser.add_argument("--json", action="store_true", help="affiche le bilan en JSON")

    def handle(self, *args, **options):
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise user_error(f"Département inconnu : {options['departement']}")
        persons = Person.objects.sdd().adults().filter(departement_code=departement.code)
        created = propose_orientations(actor=None, departement=departement, persons=persons)
        if options["json"]:
            self.stdout.write(json.dumps({"departement": departement.code, "proposals": len(created)}))
        else:
            self.stdout.write(f"{len(created)} proposition(s) d'orientation à valider.")
