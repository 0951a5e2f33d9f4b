import json

from django.conf import settings

from pacte.beneficiaries.crypto import UnreadableNir
from pacte.beneficiaries.nir_rotation import rotate_nir_key
from pacte.core.commands import PacteCommand, user_error
from pacte.core.errors import DomainError
from pacte.core.progress import BarProgress


class Command(PacteCommand):
    help = (
        "Rechiffre tous les NIR de l'ancienne clé vers la clé actuelle (PACTE_NIR_KEY) et recalcule leurs "
        "empreintes, en une seule transaction. L'ancienne clé vient de --old-key ou de PACTE_NIR_KEY_OLD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--old-key", default="", help="l'ancienne clé (sinon PACTE_NIR_KEY_OLD)")
        parser.add_argument("--dry-run", action="store_true", help="tout vérifier sans rien écrire")
        parser.add_argument("--batch-size", type=int, default=1000, help="personnes traitées par lot")
        parser.add_argument("--json", action="store_true", help="résumé JSON sur la sortie standard")

    def handle(self, *args, old_key="", dry_run=False, batch_size=1000, json=False, **options):
        old_key = old_key or settings.PACTE_NIR_KEY_OLD
        if not old_key:
            raise user_error("Indiquez l'ancienne clé : --old-key ou la variable PACTE_NIR_KEY_OLD.")
        try:
            counts = rotate_nir_key(
                old_key=old_key,
                new_key=settings.PACTE_NIR_KEY,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=BarProgress(self.stderr._out),
            )
        except UnreadableNir as error:
            raise user_error(
                f"{error.message} : un NIR ne se déchiffre ni avec l'ancienne ni avec la nouvelle clé. "
                "Rien n'a été modifié."
            ) from error
        except DomainError as error:
            raise user_error(f"{error.message} Rien n'a été modifié.") from error
        if json:
            self.stdout.write(_json_dumps({**counts, "dry_run": dry_run}))
            return
        verb = "seraient rechiffrés (essai, rien n'est écrit)" if dry_run else "rechiffrés"
        self.stderr.write(
            f"{counts['rotated']} NIR {verb} ; {counts['already_rotated']} déjà sous la nouvelle clé, "
            f"sur {counts['persons']} personnes ayant un NIR."
        )


def _json_dumps(payload):
    return json.dumps(payload, ensure_ascii=False)
