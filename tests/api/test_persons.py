"""GET /api/v1/persons/ and /api/v1/persons/{id}/: the web's rule of visibility, over tokens."""

import pytest
from django.db.models import Q
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.beneficiaries import visibility
from pacte.organizations.enums import Role
from tests.api.helpers import as_user, queries_for
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db

NIR = "2850687085123"


@pytest.fixture
def world():
    return build_world()


def listed_ids(api_client):
    response = api_client.get(reverse("api:person-list"))
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def detail_url(person):
    return reverse("api:person-detail", kwargs={"id": person.uuid})


def test_the_direction_of_87_gets_its_people_with_the_nir(api_client, world):
    client = as_user(api_client, world.users["direction"])
    north, south = world.objects["person_north"], world.objects["person_south"]
    assert listed_ids(client) == {str(north.uuid), str(south.uuid)}
    response = client.get(detail_url(north))
    assert response.status_code == 200
    assert response.json()["nir"] == NIR
    assert AuditEntry.objects.for_object(north).filter(action="person.read").count() == 1


def test_the_direction_of_79_gets_none_of_87(api_client, world):
    organization = OrganizationFactory(departement=world.objects["departement_79"])
    client = as_user(api_client, MembershipFactory(role=Role.DIRECTION, organization=organization).user)
    assert listed_ids(client) == {str(world.objects["person_79"].uuid)}
    assert client.get(detail_url(world.objects["person_north"])).status_code == 404


def test_an_orientation_agent_gets_their_territory_only(api_client, world):
    client = as_user(api_client, world.users["orientation_agent"])
    assert listed_ids(client) == {str(world.objects["person_north"].uuid)}
    assert client.get(detail_url(world.objects["person_south"])).status_code == 404
    assert client.get(detail_url(world.objects["person_79"])).status_code == 404


def test_a_partner_never_receives_the_nir(api_client, world, monkeypatch):
    prescribed = world.objects["person_north"]
    monkeypatch.setitem(visibility._rules, Role.PARTNER, [lambda user, memberships: Q(pk=prescribed.pk)])
    client = as_user(api_client, world.users["partner"])
    rows = client.get(reverse("api:person-list")).json()["results"]
    assert [row["id"] for row in rows] == [str(prescribed.uuid)]
    assert "nir" not in rows[0]
    detail = client.get(detail_url(prescribed))
    assert detail.status_code == 200
    assert "nir" not in detail.json()
    assert NIR not in detail.content.decode()
    assert client.get(detail_url(world.objects["person_south"])).status_code == 404


@pytest.mark.parametrize("role", ["analyst", "employer_relations", "pact_contributor"])
def test_roles_without_personal_data_are_refused(api_client, world, role):
    client = as_user(api_client, world.users[role])
    assert client.get(reverse("api:person-list")).status_code == 403
    assert client.get(detail_url(world.objects["person_north"])).status_code == 403


def test_a_beneficiary_gets_only_themself_without_the_nir(api_client, world):
    client = as_user(api_client, world.users["beneficiary"])
    me = world.objects["person_south"]
    assert listed_ids(client) == {str(me.uuid)}
    assert "nir" not in client.get(detail_url(me)).json()
    assert client.get(detail_url(world.objects["person_north"])).status_code == 404


def test_an_unknown_or_malformed_id_answers_404(api_client, world):
    client = as_user(api_client, world.users["direction"])
    assert client.get("/api/v1/persons/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/v1/persons/12/").status_code == 404


def test_the_list_is_paginated_with_results_and_next(api_client, world):
    territory = world.objects["territory_north"]
    for _ in range(3):
        PersonFactory(dossier=DossierFactory(territory=territory))
    client = as_user(api_client, world.users["direction"])
    first = client.get(reverse("api:person-list"), {"page_size": 2}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"].endswith("page=2&page_size=2")
    last = client.get(reverse("api:person-list"), {"page_size": 2, "page": 3}).json()
    assert last["next"] is None
    assert len(last["results"]) == 1
    every = [
        row["id"]
        for page in (1, 2, 3)
        for row in client.get(reverse("api:person-list"), {"page_size": 2, "page": page}).json()["results"]
    ]
    assert len(set(every)) == 5


@pytest.mark.parametrize("role", ["direction", "orientation_agent"])
def test_the_list_query_count_does_not_grow_with_rows(api_client, world, role):
    client = as_user(api_client, world.users[role])
    territory = world.objects["territory_north"]
    for _ in range(4):
        PersonFactory(dossier=DossierFactory(territory=territory))
    few = queries_for(client, reverse("api:person-list"), rows=5)
    for _ in range(45):
        PersonFactory(dossier=DossierFactory(territory=territory))
    assert queries_for(client, reverse("api:person-list"), rows=50) == few
