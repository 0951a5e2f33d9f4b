import pytest

from pacte.beneficiaries.models import Person
from pacte.organizations.enums import Role
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    haute_vienne, deux_sevres = DepartementFactory(code="87"), DepartementFactory(code="79")
    north, south = TerritoryFactory(departement=haute_vienne), TerritoryFactory(departement=haute_vienne)
    return {
        "north": PersonFactory(dossier=DossierFactory(territory=north)),
        "south": PersonFactory(dossier=DossierFactory(territory=south)),
        "79": PersonFactory(dossier=DossierFactory(departement_code="79")),
        "territories": (north, south),
        "departements": (haute_vienne, deux_sevres),
    }


def visible(user):
    return set(Person.objects.visible_to(user))


def test_direction_sees_its_departement_only(people):
    direction = user_with_role(Role.DIRECTION, departement=people["departements"][0])
    assert visible(direction) == {people["north"], people["south"]}
    other = user_with_role(Role.DIRECTION, departement=people["departements"][1])
    assert visible(other) == {people["79"]}


def test_orientation_agent_sees_the_people_of_their_territory(people):
    north = people["territories"][0]
    agent = user_with_role(Role.ORIENTATION_AGENT, departement=people["departements"][0], territory=north)
    assert visible(agent) == {people["north"]}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PARTNER, Role.EMPLOYER_RELATIONS, Role.PACT_CONTRIBUTOR])
def test_roles_without_casework_see_nobody_by_default(people, role):
    assert visible(user_with_role(role, departement=people["departements"][0])) == set()


def test_beneficiary_sees_only_themself(people):
    user = user_with_role(Role.BENEFICIARY, OrganizationFactory(departement=people["departements"][0]))
    people["north"].user = user
    people["north"].save()
    assert visible(user) == {people["north"]}


def test_users_without_membership_or_inactive_see_nothing(people):
    assert visible(UserFactory()) == set()
    direction = user_with_role(Role.DIRECTION, departement=people["departements"][0])
    direction.memberships.update(is_active=False)
    direction._pacte_memberships = None
    assert visible(direction) == set()
