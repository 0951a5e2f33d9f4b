"""The placements' API (pacte/api/employment/placements.py): immersions, tutoring and social clauses,
read by the same rules as their pages, with no free text nor NIR, audited, paginated in a fixed
number of queries."""

import datetime

import pytest
from django.urls import reverse

from pacte.audit.models import AuditEntry
from tests.api.helpers import as_user, queries_for
from tests.employment.placement_factories import (
    ClauseHoursFactory,
    ImmersionFactory,
    SocialClauseFactory,
    TutoringFactory,
    TutoringMeetingFactory,
)
from tests.factories import PersonFactory
from tests.permissions import matrix_employment_placements
from tests.permissions.world import build_world

TODAY = datetime.date.today()


@pytest.fixture
def world(db):
    return build_world([matrix_employment_placements.build])


def _client(api_client, world, role):
    return as_user(api_client, world.users[role])


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_officer_reads_the_departements_immersions_without_their_free_texts(api_client, world):
    immersion = world.objects["pl_immersion_87"]
    immersion.activities = "Accueil des clients, mise en rayon"
    immersion.evaluation_notes = "Fatigue liée à son traitement"
    immersion.save(update_fields=["activities", "evaluation_notes"])
    response = _client(api_client, world, "employer_relations").get(reverse("api:immersion-list"))
    assert _ids(response) == [str(immersion.uuid)]
    row = response.json()["results"][0]
    assert (row["person"], row["status"], row["objective"]) == (
        str(immersion.person.uuid),
        "draft",
        "discover",
    )
    assert row["appellation"] == immersion.appellation.label and row["rome"] == immersion.rome.code
    text = response.content.decode()
    assert "rayon" not in text and "traitement" not in text and "Jean Tuteur" not in text and "nir" not in row
    entry = AuditEntry.objects.filter(action="immersion.list").latest("id")
    assert entry.data["persons"] == [str(immersion.person.uuid)]


def test_the_referent_reads_their_persons_placements_only(api_client, world):
    ImmersionFactory(person=PersonFactory())
    TutoringFactory(person=PersonFactory())
    client = _client(api_client, world, "referent")
    assert _ids(client.get(reverse("api:immersion-list"))) == [str(world.objects["pl_immersion_87"].uuid)]
    assert _ids(client.get(reverse("api:tutoring-list"))) == [str(world.objects["pl_tutoring_87"].uuid)]
    assert client.get(reverse("api:social-clause-list")).status_code == 403


def test_another_departement_is_neither_listed_nor_found(api_client, world):
    client = _client(api_client, world, "direction")
    for key, name in (
        ("pl_immersion", "immersion"),
        ("pl_tutoring", "tutoring"),
        ("pl_clause", "social-clause"),
    ):
        assert str(world.objects[f"{key}_79"].uuid) not in _ids(client.get(reverse(f"api:{name}-list")))
        assert (
            client.get(reverse(f"api:{name}-detail", args=[world.objects[f"{key}_79"].uuid])).status_code
            == 404
        )


def test_the_details_are_audited(api_client, world):
    client = _client(api_client, world, "direction")
    tutoring = world.objects["pl_tutoring_87"]
    TutoringMeetingFactory(tutoring=tutoring)
    body = client.get(reverse("api:tutoring-detail", args=[tutoring.uuid])).json()
    assert (body["meetings"], body["job_title"], body["ended_on"]) == (1, "Agent d'entretien", None)
    assert "Sophie" not in str(body) and "intégration" not in str(body)
    client.get(reverse("api:immersion-detail", args=[world.objects["pl_immersion_87"].uuid]))
    client.get(reverse("api:social-clause-detail", args=[world.objects["pl_clause_87"].uuid]))
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"tutoring.read", "immersion.read", "social_clause.read"} <= actions


def test_a_clause_says_its_hours_done_and_due(api_client, world):
    clause = world.objects["pl_clause_87"]
    ClauseHoursFactory(clause=clause, person=PersonFactory(), hours=30)
    body = _client(api_client, world, "employer_relations").get(
        reverse("api:social-clause-detail", args=[clause.uuid])
    )
    row = body.json()
    assert (row["required_hours"], row["done_hours"], row["people"]) == (1200, 100.0, 2)
    elapsed = ((TODAY - clause.starts_on).days + 1) / ((clause.ends_on - clause.starts_on).days + 1)
    assert row["expected_hours"] == round(1200 * elapsed, 1)
    assert "person" not in str(row)


def test_filters_and_bad_filters(api_client, world):
    client = _client(api_client, world, "direction")
    immersion = world.objects["pl_immersion_87"]
    assert _ids(
        client.get(reverse("api:immersion-list"), {"status": "draft", "person": immersion.person.uuid})
    ) == [str(immersion.uuid)]
    assert _ids(client.get(reverse("api:immersion-list"), {"status": "signed"})) == []
    tutoring = world.objects["pl_tutoring_87"]
    assert _ids(client.get(reverse("api:tutoring-list"), {"status": "ongoing"})) == [str(tutoring.uuid)]
    assert _ids(client.get(reverse("api:tutoring-list"), {"status": "ended"})) == []
    assert _ids(client.get(reverse("api:social-clause-list"), {"status": "running"})) == [
        str(world.objects["pl_clause_87"].uuid)
    ]
    response = client.get(reverse("api:immersion-list"), {"status": "signée", "person": "12"})
    assert response.status_code == 400
    assert "Statut inconnu" in response.json()["status"][0]
    assert "Identifiant de personne invalide" in response.json()["person"][0]
    assert client.get(reverse("api:tutoring-list"), {"status": "fini"}).status_code == 400
    assert client.get(reverse("api:social-clause-list"), {"status": "fini"}).status_code == 400


def test_roles_without_access_are_refused(api_client, world):
    for role in ("partner", "analyst", "beneficiary", "orientation_agent"):
        client = _client(api_client, world, role)
        assert client.get(reverse("api:immersion-list")).status_code == 403
        assert client.get(reverse("api:social-clause-list")).status_code == 403


@pytest.mark.parametrize(
    ("name", "add"),
    [
        ("immersion", lambda: ImmersionFactory(person=PersonFactory())),
        ("tutoring", lambda: TutoringMeetingFactory(tutoring=TutoringFactory(person=PersonFactory()))),
        ("social-clause", lambda: ClauseHoursFactory(clause=SocialClauseFactory(), person=PersonFactory())),
    ],
)
def test_the_lists_take_the_same_queries_for_5_and_50(api_client, world, name, add):
    client = _client(api_client, world, "direction")
    for _ in range(4):
        add()
    few = queries_for(client, reverse(f"api:{name}-list"), rows=5)
    for _ in range(45):
        add()
    assert queries_for(client, reverse(f"api:{name}-list"), rows=50) == few
