import pytest

from pacte.beneficiaries.models import Person
from pacte.organizations.enums import Role
from pacte.pathways import perms
from tests.factories import MembershipFactory, PersonFactory, user_with_role
from tests.pathways.factories import MaisonDepartementFactory, OrientationFactory, ReferentAssignmentFactory

pytestmark = pytest.mark.django_db


def test_referent_sees_their_caseload_and_the_persons_oriented_to_their_organisation():
    mdd = MaisonDepartementFactory()
    referent = MembershipFactory(role=Role.REFERENT, organization=mdd).user
    followed = ReferentAssignmentFactory(referent=referent, organization=mdd).person
    oriented_here = OrientationFactory(body=mdd).person
    reoriented_away = OrientationFactory(body=mdd).person
    OrientationFactory(person=reoriented_away, decision_date="2025-05-01")
    ended = ReferentAssignmentFactory(referent=referent, organization=mdd, end_date="2025-05-01").person
    PersonFactory()
    OrientationFactory(body=mdd, proposed=True)
    assert set(Person.objects.visible_to(referent)) == {followed, oriented_here}
    assert ended not in Person.objects.visible_to(referent)


def test_referent_predicates():
    mdd = MaisonDepartementFactory()
    referent = MembershipFactory(role=Role.REFERENT, organization=mdd).user
    followed = ReferentAssignmentFactory(referent=referent, organization=mdd).person
    oriented_here = OrientationFactory(body=mdd).person
    agent = user_with_role(Role.ORIENTATION_AGENT)
    assert perms.can_sign_contract(referent, followed)
    assert perms.can_request_reorientation(referent, followed)
    assert not perms.can_request_reorientation(referent, oriented_here)
    assert perms.can_assign_referent(referent, oriented_here)
    assert not perms.can_decide_reorientation(referent, followed)
    assert perms.can_decide_reorientation(agent, followed)
    assert perms.can_orient(agent, followed) and not perms.can_orient(referent, followed)
    assert not perms.can_sign_contract(agent, followed)
