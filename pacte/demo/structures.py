"""The demo's organisations and accounts: one account per role, for Haute-Vienne and Deux-Sèvres."""

import base64
import hashlib

from django.db import transaction

from pacte.organizations.enums import SENSITIVE_ROLES, OrganizationKind, Role
from pacte.organizations.models import Organization
from pacte.organizations.services import add_membership, ensure_user, install_totp_device
from pacte.territory.models import Commune, Departement, Territory

DEMO_PASSWORD = "Pacte-demo-2026!"
DEMO_DOMAIN = "demo.pacte.example"

DEPARTEMENTS = {
    "87": {"seat": "87085", "slug": "haute-vienne", "council": "Conseil départemental de la Haute-Vienne"},
    "79": {"seat": "79191", "slug": "deux-sevres", "council": "Conseil départemental des Deux-Sèvres"},
}

# (key, kind, name pattern, SIRET or "") — SIRET values are valid by the Luhn rule, not real ones.
STRUCTURES = [
    ("council", OrganizationKind.DEPARTEMENT, "{council}", ""),
    ("france_travail", OrganizationKind.FRANCE_TRAVAIL, "France Travail {seat_name}", ""),
    ("mission_locale", OrganizationKind.MISSION_LOCALE, "Mission locale de {seat_name}", ""),
    ("association", OrganizationKind.ASSOCIATION, "Association Tremplin {dep_name}", ""),
    ("aci", OrganizationKind.SIAE_ACI, "Chantier d'insertion Les Jardins de {seat_name}", ""),
    ("training", OrganizationKind.TRAINING_BODY, "Institut de formation {dep_name}", ""),
    ("employer", OrganizationKind.EMPLOYER, "Transports {seat_name} SAS", ""),
    ("ccas", OrganizationKind.CCAS, "CCAS de {seat_name}", ""),
]

# Which structure each demo role belongs to.
ROLE_STRUCTURE = {
    Role.DIRECTION: "council",
    Role.ORIENTATION_AGENT: "mdd",
    Role.REFERENT: "mdd",
    Role.PARTNER: "association",
    Role.EMPLOYER_RELATIONS: "council",
    Role.PACT_CONTRIBUTOR: "council",
    Role.ANALYST: "council",
    Role.BENEFICIARY: "council",
}

FIRST_NAMES = {
    Role.DIRECTION: ("Hélène", "Marchand"),
    Role.ORIENTATION_AGENT: ("Karim", "Benali"),
    Role.REFERENT: ("Sophie", "Lefèvre"),
    Role.PARTNER: ("Mathieu", "Roux"),
    Role.EMPLOYER_RELATIONS: ("Claire", "Dupuis"),
    Role.PACT_CONTRIBUTOR: ("Julien", "Moreau"),
    Role.ANALYST: ("Nadia", "Girard"),
    Role.BENEFICIARY: ("", ""),
}


def demo_email(role, departement_code):
    return f"{role.replace('_', '-')}.{departement_code}@{DEMO_DOMAIN}"


def demo_totp_key(email):
    """A stable TOTP key per demo account, so that the printed secret stays valid across reloads."""
    return hashlib.sha256(f"pacte-demo-totp:{email}".encode()).hexdigest()[:40]


def totp_secret(hex_key):
    return base64.b32encode(bytes.fromhex(hex_key)).decode()


@transaction.atomic
def build_structures(departement_code):
    """Create the département's organisations; the Maisons du département follow its territories."""
    departement = Departement.objects.get(code=departement_code)
    info = DEPARTEMENTS[departement_code]
    seat = Commune.objects.get(insee_code=info["seat"])
    names = {"council": info["council"], "seat_name": seat.name, "dep_name": departement.name}
    structures = {}
    for key, kind, pattern, siret in STRUCTURES:
        structures[key], _ = Organization.objects.get_or_create(
            departement=departement,
            kind=kind,
            name=pattern.format(**names),
            defaults={"siret": siret, "commune": seat},
        )
    for territory in Territory.objects.filter(departement=departement).order_by("name"):
        site = territory.sites.order_by("name").first()
        mdd, _ = Organization.objects.get_or_create(
            departement=departement,
            kind=OrganizationKind.MAISON_DEPARTEMENT,
            territory=territory,
            defaults={
                "name": site.name if site else f"Maison du département – {territory.name}",
                "parent": structures["council"],
                "commune": site.commune if site else None,
                "address": site.address if site else "",
            },
        )
        structures.setdefault("mdd", mdd)
    return structures


@transaction.atomic
def build_accounts(departement_code, structures):
    """One account per role; sensitive roles get a TOTP device with a stable demo key."""
    accounts = []
    for role in Role:
        if role == Role.BENEFICIARY:
            continue  # the beneficiary account is linked to an imported person, see beneficiaries demo
        email = demo_email(role, departement_code)
        first, last = FIRST_NAMES[role]
        user = ensure_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last)
        organization = structures[ROLE_STRUCTURE[role]]
        add_membership(actor=None, user=user, organization=organization, role=role)
        account = {
            "email": email,
            "password": DEMO_PASSWORD,
            "role": role.value,
            "organisation": organization.name,
        }
        if role in SENSITIVE_ROLES:
            key = demo_totp_key(email)
            install_totp_device(user=user, key=key, name="Démonstration")
            account["totp_secret"] = totp_secret(key)
        accounts.append(account)
    return accounts


def add_beneficiary_account(departement_code, structures, person):
    """Give an imported person an account for their own space."""
    email = demo_email(Role.BENEFICIARY, departement_code)
    user = ensure_user(
        email=email, password=DEMO_PASSWORD, first_name=person.first_name, last_name=person.last_name
    )
    add_membership(actor=None, user=user, organization=structures["council"], role=Role.BENEFICIARY)
    if person.user_id != user.pk:
        type(person).objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
    return {
        "email": email,
        "password": DEMO_PASSWORD,
        "role": Role.BENEFICIARY.value,
        "organisation": structures["council"].name,
    }
