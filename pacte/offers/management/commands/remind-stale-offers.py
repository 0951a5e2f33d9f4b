from pacte.core.commands import PacteCommand
from pacte.offers.services import STALE_AFTER_DAYS, remind_stale_offers


class Command(PacteCommand):
    help = (
        f"Relance par courriel les structures dont des offres publiées n'ont pas été mises à jour depuis "
        f"{STALE_AFTER_DAYS} jours (à planifier chaque jour avec cron)."
    )

    def handle(self, *args, **options):
        count = remind_stale_offers()
        self.stdout.write(
            f"{count} offre{'s' if count > 1 else ''} signalée{'s' if count > 1 else ''} à leur structure."
        )
