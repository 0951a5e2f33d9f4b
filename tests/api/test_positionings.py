import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.employment import positionings as services
from pacte.employment.models import Positioning
from tests.api.helpers import as_user, queries_for
from tests.employment.factories import JobOfferFactory
from tests.factories import PersonFactory
from tests.permissions import matrix_employment, matrix_employment_positionings
from tests.permissions.world import build_world

TODAY = timezone.localdate()
LIST = "api:positioning-list"


@pytest.fixture
def world(db):
    return build_world([matrix_employment.build, matrix_employment_positionings.build])


def _client(api_client, world, role):
    return as_user(api_client, world.users[role])


def test_the_officer_lists_the_departements_positionings_with_no_nir_nor_notes(api_client, world):
    positioning = world.objects["positioning_87"]
    positioning.note = "Suivi psychologique en cours"
    positioning.save(update_fields=["note"])
    response = _client(api_client, world, "employer_relations").get(reverse(LIST))
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [str(positioning.uuid)]
    row = body["results"][0]
    assert row["person"] == str(positioning.person.uuid)
    assert row["person_name"] == positioning.person.full_name
    assert (row["status"], row["job_offer"], row["employer"]) == (
        "proposed",
        str(positioning.job_offer.uuid),
        "Bâti Limousin",
    )
    assert "nir" not in row and "note" not in row and "psychologique" not in response.content.decode()
    entry = AuditEntry.objects.filter(action="positioning.list").latest("id")
    assert entry.data["persons"] == [str(positioning.person.uuid)]


def test_the_referent_lists_their_people_only(api_client, world):
    Positioning.objects.create(
        departement_code="87",
        person=PersonFactory(),
        job_offer=JobOfferFactory(employer=world.objects["employer_87"]),
        programme="common_law",
        proposed_on=TODAY,
    )
    results = _client(api_client, world, "referent").get(reverse(LIST)).json()["results"]
    assert [row["id"] for row in results] == [str(world.objects["positioning_87"].uuid)]


def test_another_departement_is_neither_listed_nor_found(api_client, world):
    client = _client(api_client, world, "employer_relations")
    ids = [row["id"] for row in client.get(reverse(LIST)).json()["results"]]
    assert str(world.objects["positioning_79"].uuid) not in ids
    detail = reverse("api:positioning-detail", args=[world.objects["positioning_79"].uuid])
    assert client.get(detail).status_code == 404


def test_the_detail_is_audited(api_client, world):
    positioning = world.objects["positioning_87"]
    client = _client(api_client, world, "direction")
    response = client.get(reverse("api:positioning-detail", args=[positioning.uuid]))
    assert response.status_code == 200 and response.json()["programme"] == "common_law"
    assert AuditEntry.objects.filter(action="positioning.read").count() == 1


def test_filters_and_bad_filters(api_client, world):
    client = _client(api_client, world, "employer_relations")
    positioning = world.objects["positioning_87"]
    services.record_interview(world.users["employer_relations"], positioning, interview_on=TODAY)
    assert len(client.get(reverse(LIST), {"status": "interview"}).json()["results"]) == 1
    assert client.get(reverse(LIST), {"status": "hired"}).json()["results"] == []
    by_offer = client.get(reverse(LIST), {"job_offer": str(positioning.job_offer.uuid)}).json()
    assert len(by_offer["results"]) == 1
    response = client.get(reverse(LIST), {"status": "embauché", "job_offer": "12"})
    assert response.status_code == 400
    assert "Statut inconnu" in response.json()["status"][0]
    assert "Identifiant d'offre d'emploi invalide" in response.json()["job_offer"][0]


def test_roles_without_access_are_refused(api_client, world):
    for role in ("partner", "analyst", "beneficiary"):
        assert _client(api_client, world, role).get(reverse(LIST)).status_code == 403


def test_the_list_is_paginated_and_takes_the_same_queries_for_5_and_50(api_client, world):
    client = _client(api_client, world, "employer_relations")
    offer = JobOfferFactory(employer=world.objects["employer_87"], positions=80)

    def add(count):
        for _ in range(count):
            Positioning.objects.create(
                departement_code="87",
                person=PersonFactory(),
                job_offer=offer,
                programme="common_law",
                proposed_on=TODAY,
            )

    add(4)
    few = queries_for(client, reverse(LIST), rows=5)
    add(45)
    many = queries_for(client, reverse(LIST), rows=50)
    assert few == many
    add(10)
    body = client.get(reverse(LIST)).json()
    assert body["count"] == 60 and len(body["results"]) == 50 and body["next"]
