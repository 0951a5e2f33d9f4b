"""The coverage of the territory: persons with a barrier by territory and theme, those without a
matching offer within the distance, the offers reachable; in a fixed number of queries."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.offers import coverage as cov
from pacte.offers.search import EARTH_RADIUS_KM, haversine_km
from pacte.pathways.services import record_diagnostic
from pacte.referentials.enums import BarrierTheme
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
)
from tests.offers.factories import OfferFactory
from tests.pathways.factories import barrier

pytestmark = pytest.mark.django_db

MOBILITY = ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]
HOUSING = ["logement-hebergement--louer-un-logement"]
# 0.3° of latitude: about 33 km.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def diagnose(person, *barriers, day=datetime.date(2025, 6, 1)):
    record_diagnostic(
        actor=None,
        person=person,
        made_on=day,
        professional_situation="job_seeker",
        education_level="4",
        barriers=dict.fromkeys(barriers, ""),
    )


def person_in(commune, territory, **kwargs):
    departement = kwargs.pop("departement_code", "87")
    return PersonFactory(
        dossier=DossierFactory(commune=commune, territory=territory, departement_code=departement), **kwargs
    )


@pytest.fixture
def land():
    """Two sectors of the 87: Nord holds Limoges (an offer of mobility) and a commune 33 km north
    of it; Sud holds a commune 37 km south. A remote-only offer of housing covers the whole."""
    dept = DepartementFactory(code="87")
    north = TerritoryFactory(departement=dept, name="Nord")
    south = TerritoryFactory(departement=dept, name="Sud")
    limoges = CommuneFactory(
        insee_code="87085", name="Limoges", territory=north, latitude=45.83, longitude=1.26
    )
    bellac = CommuneFactory(
        insee_code="87011", name="Bellac", territory=north, latitude=46.13, longitude=1.26
    )
    south_town = CommuneFactory(
        insee_code="87154", name="Saint-Yrieix", territory=south, latitude=45.50, longitude=1.26
    )
    organization = OrganizationFactory(departement=dept)
    garage = OfferFactory(organization=organization, commune=limoges, thematiques=MOBILITY, name="Garage")
    OfferFactory(
        organization=organization,
        commune=None,
        latitude=None,
        longitude=None,
        is_remote_only=True,
        thematiques=HOUSING,
        name="Logement à distance",
    )
    OfferFactory(
        organization=organization, commune=limoges, thematiques=MOBILITY, status="draft", name="Brouillon"
    )
    mobility = barrier("mobilite-permis", "mobility", "Pas de permis")
    housing = barrier("logement-precaire", "housing", "Logement précaire")
    return {
        "north": north,
        "south": south,
        "limoges": limoges,
        "bellac": bellac,
        "south_town": south_town,
        "garage": garage,
        "mobility": mobility,
        "housing": housing,
    }


def test_people_with_a_barrier_and_those_without_an_offer_within_the_distance(land):
    diagnose(person_in(land["limoges"], land["north"]), land["mobility"])
    diagnose(person_in(land["bellac"], land["north"]), land["mobility"], land["housing"])
    diagnose(person_in(land["south_town"], land["south"]), land["mobility"], land["housing"])

    result = cov.coverage("87", distance_km=15, themes=[BarrierTheme.MOBILITY, BarrierTheme.HOUSING])

    north, south = result.rows
    assert (north.label, south.label) == ("Nord", "Sud")
    assert north.cells[BarrierTheme.MOBILITY].people == 2
    assert north.cells[BarrierTheme.MOBILITY].without_offer == 1  # Bellac is 33 km away
    assert north.cells[BarrierTheme.MOBILITY].offers == 1
    assert north.cells[BarrierTheme.MOBILITY].gap_rate == 50
    assert south.cells[BarrierTheme.MOBILITY].people == 1
    assert south.cells[BarrierTheme.MOBILITY].without_offer == 1
    assert south.cells[BarrierTheme.MOBILITY].offers == 0
    # The remote-only offer of housing reaches every commune of its département.
    assert north.cells[BarrierTheme.HOUSING].without_offer == 0
    assert south.cells[BarrierTheme.HOUSING].offers == 1
    assert result.total.cells[BarrierTheme.MOBILITY].people == 3
    assert result.total.cells[BarrierTheme.MOBILITY].without_offer == 2
    assert result.total.cells[BarrierTheme.MOBILITY].offers == 1  # the draft never counts


def test_a_longer_distance_reaches_further(land):
    diagnose(person_in(land["bellac"], land["north"]), land["mobility"])
    diagnose(person_in(land["south_town"], land["south"]), land["mobility"])
    distance_bellac = haversine_km(45.83, 1.26, 46.13, 1.26)
    distance_south = haversine_km(45.83, 1.26, 45.50, 1.26)
    assert distance_bellac < 35 < distance_south < 40

    at_35 = cov.coverage("87", distance_km=35, themes=[BarrierTheme.MOBILITY])
    at_40 = cov.coverage("87", distance_km=40, themes=[BarrierTheme.MOBILITY])

    assert [row.cells[BarrierTheme.MOBILITY].without_offer for row in at_35.rows] == [0, 1]
    assert [row.cells[BarrierTheme.MOBILITY].without_offer for row in at_40.rows] == [0, 0]
    assert at_35.is_reached("87011", BarrierTheme.MOBILITY)
    assert not at_35.is_reached("87154", BarrierTheme.MOBILITY)


def test_only_adults_subject_to_rights_and_duties_in_open_rights_by_their_latest_diagnostic(land):
    limoges, north = land["limoges"], land["north"]
    diagnose(person_in(limoges, north, is_sdd=False), land["mobility"])
    diagnose(person_in(limoges, north, is_adult=False), land["mobility"])
    closed = PersonFactory(dossier=DossierFactory(commune=limoges, territory=north, right_state="6"))
    diagnose(closed, land["mobility"])
    lifted = person_in(limoges, north)
    diagnose(lifted, land["mobility"], day=datetime.date(2025, 1, 1))
    diagnose(lifted, land["housing"], day=datetime.date(2025, 6, 1))
    counted = person_in(limoges, north)
    diagnose(counted, land["mobility"])
    DepartementFactory(code="79")
    diagnose(person_in(None, None, departement_code="79"), land["mobility"])

    result = cov.coverage("87", themes=[BarrierTheme.MOBILITY, BarrierTheme.HOUSING])

    north_row = result.rows[0]
    assert north_row.cells[BarrierTheme.MOBILITY].people == 1
    assert north_row.cells[BarrierTheme.HOUSING].people == 1
    assert result.total.cells[BarrierTheme.MOBILITY].people == 1


def test_persons_without_territory_or_commune(land):
    diagnose(person_in(None, None), land["mobility"])
    diagnose(person_in(None, land["south"]), land["mobility"])

    result = cov.coverage("87", themes=[BarrierTheme.MOBILITY])

    assert [row.label for row in result.rows] == ["Nord", "Sud", cov.NO_TERRITORY]
    south, nowhere = result.rows[1], result.rows[2]
    assert (south.cells[BarrierTheme.MOBILITY].people, south.cells[BarrierTheme.MOBILITY].unlocated) == (1, 1)
    assert south.cells[BarrierTheme.MOBILITY].without_offer == 0
    assert nowhere.cells[BarrierTheme.MOBILITY].people == 1


def test_themes_of_an_offer_follow_the_schema_categories():
    assert cov.themes_of(MOBILITY) == {BarrierTheme.MOBILITY}
    assert cov.themes_of(["famille--garde-denfants"]) == {BarrierTheme.CHILDCARE, BarrierTheme.FAMILY}
    assert cov.themes_of([]) == frozenset()


def test_the_distance_is_bounded():
    with pytest.raises(ValueError):
        cov.coverage("87", distance_km=0)
    with pytest.raises(ValueError):
        cov.coverage("87", distance_km=101)


def _grow(land, size):
    territory = TerritoryFactory(departement=land["north"].departement)
    organization = OrganizationFactory(departement=land["north"].departement)
    for index in range(size):
        commune = CommuneFactory(
            insee_code=f"87{500 + index + size:03d}",
            territory=territory,
            latitude=45.6 + index / 100,
            longitude=1.1,
        )
        OfferFactory(organization=organization, commune=commune, thematiques=MOBILITY + HOUSING)
        diagnose(person_in(commune, territory), land["mobility"], land["housing"])


def _queries(land):
    with CaptureQueriesContext(connection) as captured:
        result = cov.coverage("87", distance_km=15)
    return len(captured), result


def test_the_number_of_queries_does_not_grow_with_the_size(land):
    _grow(land, 3)
    small, result = _queries(land)
    assert result.total.cells[BarrierTheme.MOBILITY].people == 3
    _grow(land, 30)
    large, result = _queries(land)
    assert result.total.cells[BarrierTheme.MOBILITY].people == 33
    assert small == large == 4
