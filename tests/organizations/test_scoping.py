"""The scoping layer: where a user holds a role, and the querysets' `visible_to` built on it."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

import pacte
from pacte.beneficiaries.models import CafImport, SpreadsheetImport, SpreadsheetMapping
from pacte.core.models import BackgroundTask
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pathways.models import Orientation, PreOrientationRule, TeamCase, TeamSession
from pacte.territory.models import Departement, Territory
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.pathways.factories import OrientationFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Direction in the 87, référent in the 23, analyst in the 79; one row of each kind per département."""
    departements = {code: DepartementFactory(code=code) for code in ("87", "23", "79")}
    user = UserFactory()
    organizations = {code: OrganizationFactory(departement=d) for code, d in departements.items()}
    for code, role in (("87", Role.DIRECTION), ("23", Role.REFERENT), ("79", Role.ANALYST)):
        MembershipFactory(user=user, organization=organizations[code], role=role)
    for code, departement in departements.items():
        territory = TerritoryFactory(departement=departement)
        TerritoryFactory(departement=departement)
        BackgroundTask.objects.create(kind="caf_import", label=code, departement_code=code)
        CafImport.objects.create(
            departement_code=code, file_name=code, file_sha256="0" * 64, status="succeeded"
        )
        SpreadsheetImport.objects.create(departement_code=code, file_name=code)
        SpreadsheetMapping.objects.create(departement_code=code, name=code)
        RuleFactory(departement_code=code, position=1)
        session = TeamSession.objects.create(departement_code=code, held_on=datetime.date(2025, 6, 1))
        person = PersonFactory(dossier=DossierFactory(departement_code=code, territory=territory))
        TeamCase.objects.create(departement_code=code, session=session, person=person, kind="reorientation")
        OrientationFactory(person=person, body=OrganizationFactory(departement=departement))
    return user


def codes(queryset, field="departement_code"):
    return sorted(set(queryset.values_list(field, flat=True)))


def test_departements_for_reads_the_roles_held_in_each_departement(two):
    assert perms.departements_for(two) == ["23", "79", "87"]
    assert perms.departements_for(two, Role.DIRECTION) == ["87"]
    assert perms.departements_for(two, Role.REFERENT, Role.ANALYST) == ["23", "79"]
    assert perms.departements_for(two, Role.ORIENTATION_AGENT) == []
    assert perms.reaches(two, "87", Role.DIRECTION) and not perms.reaches(two, "23", Role.DIRECTION)
    assert perms.holds(two, Role.REFERENT) and not perms.holds(two, Role.PARTNER)


def test_a_superuser_holds_every_role_in_every_departement(two):
    superuser = UserFactory(is_superuser=True)
    assert perms.departements_for(superuser, Role.DIRECTION) == ["23", "79", "87"]
    assert perms.reaches(superuser, "23", Role.ORIENTATION_AGENT)
    assert perms.holds(superuser, Role.PARTNER)
    assert perms.aggregates_for(superuser) == ["23", "79", "87"]
    assert Territory.objects.visible_to(superuser).count() == Territory.objects.count()


def test_nobody_anonymous_or_without_membership_reaches_anything(two):
    for user in (AnonymousUser(), UserFactory()):
        assert perms.departements_for(user) == []
        assert not perms.holds(user, Role.DIRECTION)
        assert not Territory.objects.visible_to(user).exists()
        assert not Organization.objects.visible_to(user).exists()


def test_the_scoped_querysets_keep_to_the_departements_of_the_role_that_opens_them(two):
    # Direction in the 87 only: a role elsewhere opens none of these.
    assert codes(Territory.objects.visible_to(two), "departement_id") == ["87"]
    assert codes(Departement.objects.visible_to(two), "code") == ["87"]
    assert codes(Organization.objects.visible_to(two), "departement_id") == ["87"]
    for model in (
        BackgroundTask,
        CafImport,
        SpreadsheetImport,
        SpreadsheetMapping,
        PreOrientationRule,
        TeamSession,
    ):
        assert codes(model.objects.visible_to(two)) == ["87"], model
    assert codes(TeamCase.objects.visible_to(two)) == ["87"]
    # A person's records are seen through the person: the référent of the 23 follows no one there.
    assert codes(Orientation.objects.visible_to(two)) == ["87"]


def test_analysts_read_the_aggregates_of_their_departements_and_the_direction_of_its_own(two):
    assert perms.aggregates_for(two) == ["79", "87"]
    analyst = MembershipFactory(
        role=Role.ANALYST, organization=OrganizationFactory(departement=Departement.objects.get(code="23"))
    ).user
    assert perms.aggregates_for(analyst) == ["23"]


def test_an_agent_orients_in_their_territory_and_a_direction_in_its_whole_departement():
    haute_vienne, deux_sevres = DepartementFactory(code="87"), DepartementFactory(code="79")
    north, south = TerritoryFactory(departement=haute_vienne), TerritoryFactory(departement=haute_vienne)
    niortais = TerritoryFactory(departement=deux_sevres)
    user = MembershipFactory(
        role=Role.ORIENTATION_AGENT,
        organization=OrganizationFactory(departement=haute_vienne, territory=north),
    ).user
    assert list(perms.orienting_territories(user)) == [north]
    MembershipFactory(
        user=user, role=Role.DIRECTION, organization=OrganizationFactory(departement=deux_sevres)
    )
    user._pacte_memberships = None
    assert set(perms.orienting_territories(user)) == {north, niortais}
    whole = MembershipFactory(
        role=Role.ORIENTATION_AGENT, organization=OrganizationFactory(departement=haute_vienne)
    )
    assert set(perms.orienting_territories(whole.user)) == {north, south}
    assert set(perms.orienting_territories(UserFactory(is_superuser=True))) == {north, south, niortais}


def test_only_the_scoping_layer_reads_is_superuser():
    root = Path(pacte.__file__).parent
    readers = sorted(
        str(path.relative_to(root))
        for pattern in ("*.py", "*.html")
        for path in root.rglob(pattern)
        if ".is_superuser" in path.read_text(encoding="utf-8")
    )
    assert readers == ["organizations/perms.py"]
