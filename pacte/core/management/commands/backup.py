from pacte.core import backup
from pacte.core.commands import PacteCommand
from pacte.core.progress import BarProgress


class Command(PacteCommand):
    help = (
        "Sauvegarde la base principale dans un fichier (copie cohérente, même en service), avec son"
        " empreinte SHA-256 et la version de son schéma. La base volatile n'est pas sauvegardée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, help="fichier de la sauvegarde (remplacé s'il existe)"
        )

    def handle(self, *args, output, **options):
        # A bar on a terminal only: cron and systemd logs keep the one line of the result.
        stream = self.stderr._out
        progress = BarProgress(stream) if options["verbosity"] and stream.isatty() else None
        manifest = backup.make_backup(output, progress=progress)
        if options["verbosity"]:
            self.stdout.write(f"Sauvegarde écrite dans {output} : {backup.describe(manifest)}.")
