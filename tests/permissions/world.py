"""The small world every permission test runs in: two départements, one account per role, and one
account with memberships in both (direction in the 87, référent in the 79).

Haute-Vienne (87) holds the accounts; Deux-Sèvres (79) holds what they must never reach. Matrix
modules name the objects of this world by key (`world.objects["person_north"]`) and may add their
own with a `build(world)` function.
"""

import dataclasses

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.perms import requires_two_factor
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.permissions.loader import ANONYMOUS, DIRECTION_87_REFERENT_79, ROLES, SUPERUSER

# Where each role works in the world.
ROLE_ORGANIZATION = {
    Role.DIRECTION: "council_87",
    Role.ORIENTATION_AGENT: "mdd_north",
    Role.REFERENT: "mdd_north",
    Role.PARTNER: "association_87",
    Role.EMPLOYER_RELATIONS: "council_87",
    Role.PACT_CONTRIBUTOR: "council_87",
    Role.ANALYST: "council_87",
    Role.BENEFICIARY: "council_87",
}


@dataclasses.dataclass
class World:
    users: dict
    objects: dict


def _organizations(haute_vienne, deux_sevres, north):
    council_87 = OrganizationFactory(
        name="Conseil départemental 87", kind=OrganizationKind.DEPARTEMENT, departement=haute_vienne
    )
    return {
        "council_87": council_87,
        "council_79": OrganizationFactory(
            name="Conseil départemental 79", kind=OrganizationKind.DEPARTEMENT, departement=deux_sevres
        ),
        "mdd_north": OrganizationFactory(
            name="Maison du département Nord",
            kind=OrganizationKind.MAISON_DEPARTEMENT,
            departement=haute_vienne,
            territory=north,
            parent=council_87,
        ),
        "association_87": OrganizationFactory(name="Association Tremplin", departement=haute_vienne),
        "referent_body_79": OrganizationFactory(name="Association Relais 79", departement=deux_sevres),
    }


def build_world(builders=()):
    haute_vienne, deux_sevres = DepartementFactory(code="87"), DepartementFactory(code="79")
    north = TerritoryFactory(departement=haute_vienne, name="Nord")
    south = TerritoryFactory(departement=haute_vienne, name="Sud")
    territory_79 = TerritoryFactory(departement=deux_sevres, name="Niortais")
    objects = {
        "departement_87": haute_vienne,
        "departement_79": deux_sevres,
        "territory_north": north,
        "territory_south": south,
        "territory_79": territory_79,
        **_organizations(haute_vienne, deux_sevres, north),
        "person_north": PersonFactory(dossier=DossierFactory(territory=north)),
        "person_south": PersonFactory(dossier=DossierFactory(territory=south)),
        "person_79": PersonFactory(dossier=DossierFactory(departement_code="79", territory=territory_79)),
    }
    users = {}
    for role, key in ROLE_ORGANIZATION.items():
        users[role.value] = MembershipFactory(role=role, organization=objects[key]).user
    users[SUPERUSER] = UserFactory(is_superuser=True, is_staff=True)
    users[DIRECTION_87_REFERENT_79] = MembershipFactory(
        role=Role.DIRECTION, organization=objects["council_87"]
    ).user
    MembershipFactory(
        role=Role.REFERENT, organization=objects["referent_body_79"], user=users[DIRECTION_87_REFERENT_79]
    )
    # The beneficiary is the person of the southern sector, never the one the matrix asks about.
    objects["person_south"].user = users[Role.BENEFICIARY.value]
    objects["person_south"].save(update_fields=["user"])
    world = World(users=users, objects=objects)
    for build in builders:
        build(world)
    return world


def verify_second_factor(client, user):
    """Mark the client's session as having passed the TOTP page, as `django_otp.login` does."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def client_for(world, role):
    """A test client logged in as `role` (second factor passed when the role needs it)."""
    # One address per role, so that the API's throttle by address counts one role's requests.
    client = Client(REMOTE_ADDR=f"192.0.2.{ROLES.index(role) + 1}")
    if role == ANONYMOUS:
        return client
    user = world.users[role]
    client.force_login(user)
    user._pacte_memberships = None
    if requires_two_factor(user):
        verify_second_factor(client, user)
    return client
