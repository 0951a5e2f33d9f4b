"""The permission world (two départements, one account per role) and orientation objects on it."""

import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import OrganizationKind
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.permissions.world import build_world, client_for


@pytest.fixture
def world(db):
    world = build_world()
    objects = world.objects
    objects["ft_87"] = OrganizationFactory(
        name="France Travail Limoges",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=objects["departement_87"],
    )
    return world


@pytest.fixture
def clients(world):
    cache = {}

    def get(role):
        if role not in cache:
            cache[role] = client_for(world, role)
        return cache[role]

    return get


@pytest.fixture
def agent(clients):
    return clients("orientation_agent")


@pytest.fixture
def direction(clients):
    return clients("direction")


def entering(world, territory="territory_north", days_ago=10, **kwargs):
    """A person entering rights and duties `days_ago` days ago in a territory of the 87."""
    demand = timezone.localdate() - datetime.timedelta(days=days_ago)
    dossier = DossierFactory(territory=world.objects[territory], dtdemrsa=demand)
    return PersonFactory(dossier=dossier, **kwargs)


def audited(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters).exists()
