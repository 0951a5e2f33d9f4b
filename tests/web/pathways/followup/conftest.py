import datetime

import pytest

from pacte.organizations.enums import Role
from tests.factories import DossierFactory, MembershipFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory
from tests.permissions import matrix_pathways_followup
from tests.permissions.world import build_world, client_for


@pytest.fixture
def world(db):
    return build_world([matrix_pathways_followup.build])


@pytest.fixture
def referent_client(world):
    return client_for(world, "referent")


@pytest.fixture
def direction_client(world):
    return client_for(world, "direction")


def follow(world, count, referent=None, decision_date=datetime.date(2025, 4, 1)):
    """`count` persons of the northern sector oriented to its Maison du département and followed by `referent`."""
    mdd = world.objects["mdd_north"]
    referent = referent or world.users["referent"]
    persons = []
    for _ in range(count):
        person = PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
        OrientationFactory(person=person, body=mdd, decision_date=decision_date)
        ReferentAssignmentFactory(person=person, referent=referent, organization=mdd)
        persons.append(person)
    return persons


def other_referent(world):
    return MembershipFactory(role=Role.REFERENT, organization=world.objects["mdd_north"]).user
