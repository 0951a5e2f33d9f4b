from django.urls import reverse
from django.utils import timezone

from pacte.core.commands import PacteCommand, user_error
from pacte.organizations.models import User
from pacte.organizations.services import invite_to_two_factor


class Command(PacteCommand):
    help = (
        "Crée une invitation à enregistrer une application d'authentification (double authentification) "
        "pour un compte, et affiche le lien à lui transmettre. Le lien sert une fois ; il annule les "
        "invitations précédentes du compte."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--hours", type=int, default=72, help="durée de validité du lien, en heures")
        parser.add_argument(
            "--base-url", default="", help="adresse du site, par exemple https://pacte.departement.fr"
        )

    def handle(self, *args, email, hours=72, base_url="", **options):
        if hours < 1:
            raise user_error("La durée de validité doit être d'au moins une heure.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise user_error(f"Aucun compte n'a l'adresse {email}.")
        invitation, secret = invite_to_two_factor(actor=None, user=user, hours=hours)
        path = reverse("web:otp_enrol_invitation", kwargs={"key": secret})
        self.stdout.write(base_url.rstrip("/") + path)
        self.stderr.write(
            f"Invitation de {user.email}, valable jusqu'au {timezone.localtime(invitation.expires_at):%d/%m/%Y %H:%M} : "
            "transmettez ce lien à la personne ; elle se connecte avec son mot de passe puis enregistre "
            "son application."
        )
