from pacte.core import backup
from pacte.core.commands import PacteCommand
from pacte.core.progress import BarProgress


class Command(PacteCommand):
    help = (
        "Restaure une sauvegarde de « pacte backup » dans la base configurée (DATABASE_URL), après avoir"
        " vérifié son empreinte et que son schéma est celui du code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier de la sauvegarde")
        parser.add_argument(
            "--force", action="store_true", help="remplacer le contenu d'une base qui n'est pas vide"
        )

    def handle(self, *args, file, force=False, **options):
        # A bar on a terminal only: cron and systemd logs keep the one line of the result.
        stream = self.stderr._out
        progress = BarProgress(stream) if options["verbosity"] and stream.isatty() else None
        manifest = backup.restore_backup(file, force=force, progress=progress)
        if options["verbosity"]:
            self.stdout.write(f"Sauvegarde restaurée : {backup.describe(manifest)}.")
