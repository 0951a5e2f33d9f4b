"""`pacte create-direction EMAIL --departement 87`: the first account of a département's direction,
the one that then invites its staff from the web (docs/deploy.md, Premiers pas)."""

from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pacte.core.commands import PacteCommand, user_error
from pacte.core.errors import DomainError
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import Organization, User
from pacte.organizations.services import (
    add_membership,
    create_organization,
    invite_staff,
    invite_to_two_factor,
)
from pacte.territory.models import Departement
from pacte.web.views.passwords import invitation_token_generator


class Command(PacteCommand):
    help = (
        "Crée le compte de la direction de l'insertion d'un département (et la structure du conseil "
        "départemental si elle manque), puis affiche les liens à lui transmettre : choisir son mot de "
        "passe, enregistrer son application de double authentification."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--departement", required=True, help="code du département, par exemple 87")
        parser.add_argument("--first-name", default="", help="prénom")
        parser.add_argument("--last-name", default="", help="nom")
        parser.add_argument(
            "--organisation", default="", help="nom de la structure (par défaut : Conseil départemental de …)"
        )
        parser.add_argument(
            "--base-url", default="", help="adresse du site, par exemple https://pacte.departement.fr"
        )

    def handle(self, *args, email, departement, first_name, last_name, organisation, base_url, **options):
        found = Departement.objects.filter(code=departement.strip().upper()).first()
        if found is None:
            raise user_error(
                f"Le département {departement} n'est pas chargé : lancez d'abord « pacte load-territory "
                f"--departement {departement} »."
            )
        try:
            user, created = self._direction(found, email, first_name, last_name, organisation)
        except DomainError as error:
            raise user_error(error.message) from error
        base = base_url.rstrip("/")
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        setup = reverse(
            "web:account_setup", kwargs={"uidb64": uid, "token": invitation_token_generator.make_token(user)}
        )
        _, secret = invite_to_two_factor(actor=None, user=user)
        enrol = reverse("web:otp_enrol_invitation", kwargs={"key": secret})
        self.stdout.write(f"{base}{setup}\n{base}{enrol}")
        what = "Compte créé" if created else "Compte existant, habilitation de direction vérifiée"
        self.stderr.write(
            f"{what} pour {user.email} (direction, {found}). Transmettez-lui ces deux liens : le premier "
            "pour choisir son mot de passe, le second, une fois connectée, pour enregistrer son "
            "application de double authentification."
        )

    @transaction.atomic
    def _direction(self, departement, email, first_name, last_name, organisation):
        name = organisation.strip() or f"Conseil départemental — {departement.name}"
        council = Organization.objects.filter(departement=departement, name=name).first()
        if council is None:
            council = create_organization(
                actor=None, name=name, kind=OrganizationKind.DEPARTEMENT, departement=departement
            )
        existing = User.objects.filter(email__iexact=email.strip()).first()
        if existing is not None:
            add_membership(actor=None, user=existing, organization=council, role=Role.DIRECTION)
            return existing, False
        user = invite_staff(
            actor=None,
            email=email.strip(),
            first_name=first_name,
            last_name=last_name,
            organization=council,
            role=Role.DIRECTION,
        )
        return user, True
