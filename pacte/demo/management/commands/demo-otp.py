from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.core.commands import PacteCommand, user_error
from pacte.demo.structures import DEMO_DOMAIN


class Command(PacteCommand):
    help = "Affiche le code à 6 chiffres actuel d'un compte de démonstration (comptes de démonstration seulement)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@" + DEMO_DOMAIN):
            raise user_error("Seuls les comptes de démonstration ont un code affichable.")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise user_error(f"Aucun appareil d'authentification pour {email}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
