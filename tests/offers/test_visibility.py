import pytest

from pacte.offers.models import Offer
from pacte.organizations.enums import Role
from tests.factories import DepartementFactory, OrganizationFactory, UserFactory, user_with_role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_each_sees_the_published_catalogue_of_its_departement_and_its_own_drafts():
    d87, d79 = DepartementFactory(code="87"), DepartementFactory(code="79")
    mine, theirs = OrganizationFactory(departement=d87), OrganizationFactory(departement=d87)
    elsewhere = OrganizationFactory(departement=d79)
    my_draft = OfferFactory(organization=mine, status="draft")
    their_draft = OfferFactory(organization=theirs, status="draft")
    their_offer = OfferFactory(organization=theirs)
    archived = OfferFactory(organization=theirs, status="archived")
    far = OfferFactory(organization=elsewhere)
    partner = user_with_role(Role.PARTNER, mine)
    referent = user_with_role(Role.REFERENT, OrganizationFactory(departement=d87))
    direction = user_with_role(Role.DIRECTION, OrganizationFactory(departement=d87))

    assert set(Offer.objects.visible_to(partner)) == {my_draft, their_offer}
    assert set(Offer.objects.visible_to(referent)) == {their_offer}
    assert set(Offer.objects.visible_to(direction)) == {my_draft, their_draft, their_offer, archived}
    assert set(Offer.objects.visible_to(UserFactory())) == set()
    assert set(Offer.objects.visible_to(UserFactory(is_superuser=True))) == {
        my_draft,
        their_draft,
        their_offer,
        archived,
        far,
    }
    assert set(Offer.objects.editable_by(partner)) == {my_draft}
    assert far not in Offer.objects.editable_by(direction)
