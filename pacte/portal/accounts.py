"""Opening a person's own space: an account without a password, tied to their record, reached by
the one-time codes of pacte/portal/signin.py. The référent who follows the person opens it, with the
person's agreement; the person then receives a message telling them where to sign in."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.invitations.senders import SendError, international, is_mobile
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import Membership, Organization
from pacte.portal.models import SignInChannel
from pacte.portal.senders import sender

# An account reached by SMS only still needs a unique address: one that can never receive mail.
NO_EMAIL_DOMAIN = "espace.invalid"


def welcome(url):
    return (
        "Votre espace RSA est ouvert. Vous y voyez votre référent·e, vos rendez-vous et votre contrat.\n"
        f"Pour y entrer, ouvrez {url} et donnez cette adresse ou ce numéro : nous vous enverrons un code."
    )


def council_of(departement_code):
    return (
        Organization.objects.filter(
            departement_id=departement_code, kind=OrganizationKind.DEPARTEMENT, is_active=True
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def open_space(*, actor, person, sign_in_url, request=None):
    if person.user_id is not None:
        raise DomainError("La personne a déjà un espace personnel.")
    email = person.email.strip().lower()
    mobile = international(person.phone) if is_mobile(person.phone) else ""
    if not email and not (mobile and sender().sms_enabled()):
        raise DomainError(
            "Renseignez d'abord le courriel de la personne (ou son portable, si les SMS sont activés)."
        )
    User = get_user_model()
    if email and User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            "Un compte Pacte existe déjà avec ce courriel : la personne ne peut pas en avoir un second."
        )
    council = council_of(person.departement_code)
    if council is None:
        raise DomainError("Le Conseil départemental n'est pas enregistré comme structure dans Pacte.")
    user = User.objects.create_user(
        email=email or f"personne-{person.uuid}@{NO_EMAIL_DOMAIN}",
        password=None,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    Membership.objects.create(user=user, organization=council, role=Role.BENEFICIARY)
    person.user = user
    person.save(update_fields=["user"])
    log(actor=actor, action="portal.open_space", obj=person, request=request)
    channel, address = (SignInChannel.EMAIL, email) if email else (SignInChannel.SMS, mobile)
    try:
        sender().send(channel, address, welcome(sign_in_url))
    except SendError as error:
        raise DomainError(f"Le message à la personne n'est pas parti : {error}") from error
    return user


def sign_in_url(request):
    return request.build_absolute_uri(reverse("portal:sign_in"))
