import random

import pytest

from pacte.offers import search
from pacte.offers.models import Offer
from pacte.referentials.enums import BarrierTheme
from tests.factories import CommuneFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

LIMOGES = (45.8336, 1.2611)


def test_the_database_distance_is_the_haversine_within_100_metres():
    rng = random.Random(87)
    points = [(rng.uniform(41.3, 51.1), rng.uniform(-5.2, 9.6)) for _ in range(60)]
    points += [(LIMOGES[0] + 0.0001, LIMOGES[1]), (-21.1, 55.5), (LIMOGES[0], LIMOGES[1] + 170)]
    for lat, lon in points:
        OfferFactory(latitude=lat, longitude=lon, commune=None)
    rows = search.near(Offer.objects.all(), latitude=LIMOGES[0], longitude=LIMOGES[1], radius_km=20_100)
    assert len(rows) == len(points)
    for offer in rows:
        expected = search.haversine_km(LIMOGES[0], LIMOGES[1], offer.latitude, offer.longitude)
        assert abs(offer.distance_km - expected) < 0.1


def test_offers_within_the_radius_nearest_first_with_their_distance():
    CommuneFactory(insee_code="87085", latitude=LIMOGES[0], longitude=LIMOGES[1])
    near = OfferFactory(name="Proche", latitude=45.86, longitude=1.25)  # ~3 km
    farther = OfferFactory(name="Plus loin", latitude=45.89, longitude=0.90)  # Saint-Junien, ~29 km
    OfferFactory(name="Trop loin", latitude=46.32, longitude=-0.46)  # Niort, ~140 km
    OfferFactory(name="À distance", latitude=None, longitude=None, commune=None, is_remote_only=True)
    rows = list(search.near(Offer.objects.all(), latitude=LIMOGES[0], longitude=LIMOGES[1], radius_km=30))
    assert rows == [near, farther]
    assert 2 < rows[0].distance_km < 4 and 27 < rows[1].distance_km < 30


def test_the_bounding_box_never_drops_an_offer_inside_the_radius():
    rng = random.Random(79)
    for _ in range(200):
        OfferFactory(
            latitude=LIMOGES[0] + rng.uniform(-1, 1),
            longitude=LIMOGES[1] + rng.uniform(-1.5, 1.5),
            commune=None,
        )
    found = {
        o.pk
        for o in search.near(Offer.objects.all(), latitude=LIMOGES[0], longitude=LIMOGES[1], radius_km=50)
    }
    expected = {
        o.pk for o in Offer.objects.all() if search.haversine_km(*LIMOGES, o.latitude, o.longitude) <= 50
    }
    assert found == expected and found


def test_filters_by_barrier_theme_public_and_mode():
    car = OfferFactory(thematiques=["mobilite--acceder-a-un-vehicule"], publics=["tous-publics"])
    housing = OfferFactory(thematiques=["logement-hebergement--louer-un-logement"], publics=["jeunes"])
    remote = OfferFactory(
        thematiques=["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
        publics=["femmes"],
        reception_modes=["a-distance"],
    )
    offers = Offer.objects.all()
    assert set(search.matching(offers, themes=[BarrierTheme.MOBILITY])) == {car, remote}
    assert set(search.matching(offers, publics=["jeunes"])) == {car, housing}
    assert set(search.matching(offers, themes=[BarrierTheme.MOBILITY], reception_mode="a-distance")) == {
        remote
    }
    assert set(search.matching(offers, themes=[BarrierTheme.CHILDCARE])) == set()


def test_the_needs_bits_follow_the_thematiques_and_select_as_the_codes_do():
    """The search by need reads `theme_mask`, set on every save: the same offers as matching the
    thématiques of the need one by one."""
    mobility = OfferFactory(thematiques=["mobilite--etre-accompagne-dans-son-parcours-mobilite"])
    housing = OfferFactory(thematiques=["logement-hebergement--louer-un-logement"])
    both = OfferFactory(thematiques=[*mobility.thematiques, *housing.thematiques])
    assert mobility.theme_mask == search.THEME_BITS[BarrierTheme.MOBILITY]
    assert (
        both.theme_mask == search.THEME_BITS[BarrierTheme.MOBILITY] | search.THEME_BITS[BarrierTheme.HOUSING]
    )
    for theme in BarrierTheme:
        by_bits = set(search.matching(Offer.objects.all(), themes=[theme]))
        by_codes = set(
            search.matching(Offer.objects.all(), thematiques=search.THEMATIQUES_BY_BARRIER_THEME[theme])
        )
        assert by_bits == by_codes, theme
    housing.thematiques = mobility.thematiques
    housing.save(update_fields=["thematiques"])
    housing.refresh_from_db()
    assert housing.theme_mask == search.THEME_BITS[BarrierTheme.MOBILITY]
    moved = Offer.objects.get(pk=mobility.pk)
    moved.latitude, moved.longitude = 46.32, -0.46
    moved.save(update_fields=["latitude", "longitude"])
    rows = search.near(Offer.objects.filter(pk=moved.pk), latitude=46.32, longitude=-0.46, radius_km=1)
    assert [row.pk for row in rows] == [moved.pk] and rows[0].distance_km < 0.01
