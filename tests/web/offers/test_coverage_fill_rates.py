"""The fill-rate page: a partner reads its own offers only, the direction its département's; the
query count does not grow with the offers (nor does the coverage page's with the communes)."""

import pytest

from pacte.organizations.enums import Role
from tests.factories import CommuneFactory, MembershipFactory, OrganizationFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

URL = "/offres/remplissage/"


@pytest.fixture
def world():
    world = build_world()
    commune = CommuneFactory(insee_code="87085", name="Limoges", territory=world.objects["territory_north"])
    own = OfferFactory(
        organization=world.objects["association_87"], commune=commune, capacity=1, name="Garage"
    )
    for status in ("accepted", "started", "waitlisted"):
        PrescriptionFactory(offer=own, status=status)
    other = OrganizationFactory(name="Autre structure", departement=world.objects["departement_87"])
    OfferFactory(organization=other, commune=commune, capacity=10, name="Chantier de l'autre")
    OfferFactory(organization=world.objects["referent_body_79"], name="Atelier Niort", capacity=4)
    world.objects["other_partner"] = MembershipFactory(role=Role.PARTNER, organization=other).user
    return world


def test_the_partner_sees_its_own_offers_only(world):
    page = client_for(world, Role.PARTNER.value).get(URL).content.decode()
    assert "Garage" in page and "Au-delà des places" in page and "Liste d'attente</span>" in page
    assert "200 %" in page
    assert "Chantier de l&#x27;autre" not in page and "Atelier Niort" not in page


def test_a_partner_of_another_organisation_does_not_see_them(world):
    client = client_for(world, Role.PARTNER.value)
    client.force_login(world.objects["other_partner"])
    page = client.get(URL).content.decode()
    assert "Chantier de l&#x27;autre" in page
    assert "Garage" not in page and "Association Tremplin" not in page


def test_the_direction_sees_its_departement_grouped_and_flagged(world):
    page = client_for(world, Role.DIRECTION.value).get(URL).content.decode()
    assert "Garage" in page and "Chantier de l&#x27;autre" in page and "Atelier Niort" not in page
    assert "Taux de remplissage par structure (%)" in page
    assert '<th scope="row">Nord</th>' in page
    flagged = client_for(world, Role.DIRECTION.value).get(URL, {"signalees": "1"}).content.decode()
    assert "Garage" in flagged.split('id="par-offre"')[1]
    assert "Chantier de l&#x27;autre" not in flagged.split('id="par-offre"')[1]


def test_other_roles_are_refused(world):
    for role in (
        Role.REFERENT,
        Role.ANALYST,
        Role.ORIENTATION_AGENT,
        Role.BENEFICIARY,
        Role.PACT_CONTRIBUTOR,
    ):
        assert client_for(world, role.value).get(URL).status_code == 403


def _add_offers(world, count, start):
    organization = world.objects["association_87"]
    for index in range(start, start + count):
        offer = OfferFactory(organization=organization, name=f"Offre {index:03d}", capacity=3)
        PrescriptionFactory(offer=offer, status="accepted")


def test_the_fill_rate_page_makes_the_same_queries_for_5_and_50_offers(world):
    client = client_for(world, Role.DIRECTION.value)
    _add_offers(world, 5, 0)
    small = queries_for(client, URL, shows=["Offre 004"])
    _add_offers(world, 45, 5)
    large = queries_for(client, URL, shows=["Offre 047", "Page 1 sur 2"])
    assert small == large


def test_the_coverage_page_makes_the_same_queries_for_5_and_50_communes(world):
    client = client_for(world, Role.DIRECTION.value)

    def add(count, start):
        for index in range(start, start + count):
            commune = CommuneFactory(
                insee_code=f"87{100 + index:03d}",
                name=f"Bourg {index:03d}",
                territory=world.objects["territory_south"],
                latitude=45.5 + index / 100,
                longitude=1.0,
            )
            OfferFactory(
                organization=world.objects["association_87"], commune=commune, name=f"Lieu {index:03d}"
            )

    add(5, 0)
    small = queries_for(client, "/offres/couverture/", shows=["Bourg 004", "Lieu 004"], theme="mobility")
    add(45, 5)
    large = queries_for(client, "/offres/couverture/", shows=["Bourg 049", "Lieu 049"], theme="mobility")
    assert small == large
