import pytest
from django.urls import reverse

from pacte.organizations.enums import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_direction_lists_the_organisations_of_its_departement_only(world):
    page = client_for(world, "direction").get(reverse("web:organization_list")).content.decode()
    assert "Conseil départemental 87" in page
    assert "Association Tremplin" in page
    assert "Conseil départemental 79" not in page


def test_the_list_filters_by_kind(world):
    client = client_for(world, "employer_relations")
    page = client.get(
        reverse("web:organization_list"), {"kind": OrganizationKind.ASSOCIATION}
    ).content.decode()
    assert "Association Tremplin" in page
    assert "Conseil départemental 87" not in page


def test_the_detail_lists_the_members(world):
    client = client_for(world, "direction")
    url = reverse("web:organization_detail", kwargs={"uuid": world.objects["council_87"].uuid})
    page = client.get(url).content.decode()
    assert world.users["analyst"].last_name in page


def test_the_organisation_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    departement = world.objects["departement_87"]
    url = reverse("web:organization_list")
    few = queries_for(client, url, shows=["Association Tremplin"])
    added = [OrganizationFactory(departement=departement) for _ in range(45)]
    for organization in added:
        MembershipFactory(role=Role.PARTNER, organization=organization)
    assert queries_for(client, url, shows=[org.name for org in added]) == few


def test_the_organisation_detail_query_count_does_not_grow_with_members(world):
    client = client_for(world, "direction")
    organization = world.objects["association_87"]
    url = reverse("web:organization_detail", kwargs={"uuid": organization.uuid})
    first = MembershipFactory(role=Role.PARTNER, organization=organization).user
    few = queries_for(client, url, shows=[first.last_name])
    added = [MembershipFactory(role=Role.PARTNER, organization=organization).user for _ in range(45)]
    assert queries_for(client, url, shows=[user.last_name for user in [first, *added]]) == few
