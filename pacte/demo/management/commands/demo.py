import json
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from pacte.demo import loader


class Command(BaseCommand):
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

    def handle(self, *args, no_serve=False, households=None, json=False, bind="127.0.0.1:8000", **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        accounts = loader.load_demo(households=households, log=self.stderr.write)
        if json:
            self.stdout.write(_json(accounts))
        else:
            self.stderr.write(loader.describe_accounts(accounts, bind))
        if not no_serve:
            self._serve(bind)

    def _serve(self, bind):
        # A production WSGI server, in the foreground; Ctrl+C stops it.
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
            # The path without its query string, and no referrer: a search must not land in the log.
            "--access-logformat",
            '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"',
        ]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        self.stderr.write(f"Pacte est servi sur http://{bind}/ (Ctrl+C pour arrêter).")
        os.execv(sys.executable, args)


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
