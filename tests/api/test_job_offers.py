import pytest
from django.urls import reverse

from tests.employment.factories import JobOfferFactory, RomeAppellationFactory, RomeCodeFactory, tension_job
from tests.permissions import matrix_employment
from tests.permissions.world import build_world, client_for


@pytest.fixture
def world(db):
    world = build_world([matrix_employment.build])
    world.objects["departement_87"].region_code = "75"
    world.objects["departement_87"].save()
    return world


def test_the_list_is_scoped_filtered_and_flags_the_jobs_in_tension(world):
    client = client_for(world, "referent")
    cook = RomeAppellationFactory(
        code_ogr=11111, label="Commis de cuisine", rome=RomeCodeFactory(code="G1602", label="Cuisine")
    )
    JobOfferFactory(employer=world.objects["employer_87"], title="Commis", appellation=cook, status="filled")
    tension_job(cook.rome, territory_code="75")
    response = client.get(reverse("api:job-offer-list"))
    assert response.status_code == 200
    results = {row["title"]: row for row in response.json()["results"]}
    assert set(results) == {world.objects["job_offer_87"].title, "Commis"}
    assert results["Commis"]["in_tension"] is True and results["Commis"]["rome"] == "G1602"
    assert results[world.objects["job_offer_87"].title]["in_tension"] is False
    assert results["Commis"]["employer"] == "Bâti Limousin" and results["Commis"]["appellation"] == 11111
    filtered = client.get(reverse("api:job-offer-list"), {"status": "open", "rome": "f1703"}).json()[
        "results"
    ]
    assert [row["title"] for row in filtered] == [world.objects["job_offer_87"].title]


def test_bad_filters_answer_400_in_french(world):
    client = client_for(world, "employer_relations")
    response = client.get(reverse("api:job-offer-list"), {"rome": "cuisine", "status": "ouverte"})
    assert response.status_code == 400
    assert "Code ROME invalide" in response.json()["rome"][0]
    assert "Statut inconnu" in response.json()["status"][0]


def test_the_detail_of_another_departement_is_not_found(world):
    client = client_for(world, "employer_relations")
    assert (
        client.get(reverse("api:job-offer-detail", args=[world.objects["job_offer_79"].uuid])).status_code
        == 404
    )
    detail = client.get(reverse("api:job-offer-detail", args=[world.objects["job_offer_87"].uuid])).json()
    assert detail["id"] == str(world.objects["job_offer_87"].uuid) and detail["weekly_hours"] == "35.0"


def test_the_list_takes_the_same_queries_for_5_and_50_offers(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world, "employer_relations")
    url = reverse("api:job-offer-list")

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    for _ in range(4):
        JobOfferFactory(employer=world.objects["employer_87"])
    few, total = count()
    assert total == 5
    for _ in range(45):
        JobOfferFactory(employer=world.objects["siae_87"])
    many, total = count()
    assert total == 50 and few == many
