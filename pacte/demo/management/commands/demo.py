import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from pacte.core import serving
from pacte.core.commands import PacteCommand, user_error
from pacte.demo import loader


class Command(PacteCommand):
    help = "Charge la démonstration (Haute-Vienne et Deux-Sèvres) puis la sert sur http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="charger puis rendre la main")
        parser.add_argument(
            "--households", type=int, help="nombre de foyers de la Haute-Vienne (10 000 par défaut)"
        )
        parser.add_argument(
            "--json", action="store_true", help="afficher les comptes en JSON sur la sortie standard"
        )
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument(
            "--task-workers", type=int, default=1, help="processus de traitement des tâches (1 par défaut)"
        )

    def handle(self, *args, no_serve=False, households=None, json=False, bind="127.0.0.1:8000", **options):
        if households is not None and households < 0:
            raise user_error("Le nombre de foyers doit être positif.")
        if options["task_workers"] < 0:
            raise user_error("Le nombre de processus de traitement des tâches doit être positif.")
        # `pacte migrate` without --database: the main database and the volatile one.
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        accounts = loader.load_demo(households=households, log=self.stderr.write)
        if json:
            self.stdout.write(_json(accounts))
        else:
            self.stderr.write(loader.describe_accounts(accounts, bind))
        if not no_serve:
            self._serve(bind, options["task_workers"])

    def _serve(self, bind, task_workers):
        """The web server and the task workers, in the foreground; Ctrl+C stops them all."""
        commands = [serving.web_command(bind)] + [serving.worker_command() for _ in range(task_workers)]
        self.stderr.write(
            f"Pacte est servi sur http://{bind}/ avec {task_workers} processus de traitement des tâches"
            " (Ctrl+C pour arrêter)."
        )
        status = serving.run_together(commands, env=serving.serving_environment(settings.SETTINGS_MODULE))
        if status:
            raise CommandError(f"Un des processus s'est arrêté (code {status}) : Pacte n'est plus servi.")


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
