import json

from django.core.management.base import CommandError
from django.utils import formats, timezone

from pacte.audit import chain
from pacte.core.commands import PacteCommand


class Command(PacteCommand):
    help = "Outils du journal d'audit. « verify » vérifie la chaîne des empreintes, entrée par entrée."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", title="commandes", required=True)
        verify = commands.add_parser("verify", help="vérifier que le journal n'a pas été modifié")
        verify.add_argument("--json", action="store_true", help="résultat en JSON sur la sortie standard")

    def handle(self, *args, **options):
        result = chain.verify()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.intact:
            self.stdout.write(f"Journal intact : {result.count} entrées")
        if result.intact:
            return
        message = f"Journal rompu à l'entrée n° {result.broken_id}"
        if result.broken_at is not None:
            when = formats.date_format(timezone.localtime(result.broken_at), "d/m/Y H:i:s")
            message += f" du {when}"
        message += f" : {result.reason} ({result.count} entrées intactes avant elle)."
        raise CommandError(message, returncode=1)
