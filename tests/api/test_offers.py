"""GET /api/v1/offers/: the published catalogue the caller may read, searched near a commune."""

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from tests.api.helpers import as_user, queries_for
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory, user_with_role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = reverse("api:offer-list")


@pytest.fixture
def referent():
    return user_with_role(Role.REFERENT, OrganizationFactory(departement=DepartementFactory(code="87")))


def test_offers_near_a_commune_sorted_by_distance_with_it(api_client, referent):
    CommuneFactory(insee_code="87085", name="Limoges", latitude=45.8336, longitude=1.2611)
    d87 = DepartementFactory(code="87")
    near = OfferFactory(name="Proche", latitude=45.86, longitude=1.25, organization__departement=d87)
    far = OfferFactory(name="Saint-Junien", latitude=45.89, longitude=0.90, organization__departement=d87)
    OfferFactory(
        name="Brouillon", latitude=45.84, longitude=1.26, status="draft", organization__departement=d87
    )
    OfferFactory(
        name="Autre département",
        latitude=45.84,
        longitude=1.26,
        organization__departement=DepartementFactory(code="79"),
    )
    response = as_user(api_client, referent).get(
        URL, {"commune": "87085", "radius_km": 40, "theme": "mobility"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["name"] for row in results] == ["Proche", "Saint-Junien"]
    assert 2 < results[0]["distance_km"] < 4 and results[0]["latitude"] == near.latitude
    assert results[1]["longitude"] == far.longitude
    outside = api_client.get(URL, {"commune": "87085", "radius_km": 5})
    assert [row["name"] for row in outside.json()["results"]] == ["Proche"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"commune": "99999"}, "commune"),
        ({"radius_km": 10}, "commune"),
        ({"commune": "87085", "radius_km": 5000}, "radius_km"),
        ({"theme": "magie"}, "theme"),
    ],
)
def test_bad_parameters_answer_400_in_french(api_client, referent, params, field):
    CommuneFactory(insee_code="87085", latitude=45.8336, longitude=1.2611)
    response = as_user(api_client, referent).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_an_anonymous_caller_gets_nothing(api_client):
    OfferFactory()
    assert api_client.get(URL).status_code in (401, 403)


def test_the_query_count_does_not_grow_with_results(api_client, referent):
    CommuneFactory(insee_code="87085", latitude=45.8336, longitude=1.2611)
    d87 = DepartementFactory(code="87")
    for _ in range(5):
        OfferFactory(latitude=45.84, longitude=1.26, organization__departement=d87)
    client = as_user(api_client, referent)
    few = queries_for(client, URL, rows=5, commune="87085", radius_km=10)
    for _ in range(40):
        OfferFactory(latitude=45.84, longitude=1.26, organization__departement=d87)
    assert queries_for(client, URL, rows=45, commune="87085", radius_km=10) == few
