"""Exposure of personal data through the API: answers never stored, the orientation agent's scope,
the professionals' notes kept from the person, and no write without its fields."""

import datetime

import pytest
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.pathways import services
from pacte.pathways.models import ReferentAssignment
from tests.pathways.factories import MaisonDepartementFactory, ReferentAssignmentFactory, barrier, exit_reason
from tests.permissions.world import build_world, client_for
from tests.web.exposure import HIDDEN, SEEN, agent_people, assert_not_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def person_url(person):
    return reverse("api:person-detail", kwargs={"id": person.uuid})


def test_api_answers_are_never_stored(world):
    direction = client_for(world, "direction")
    person = world.objects["person_north"]
    detail = direction.get(person_url(person))
    assert detail.status_code == 200 and detail.json()["nir"]
    assert_not_stored(detail)
    assert_not_stored(direction.get(reverse("api:person-list")))
    assert_not_stored(client_for(world, "anonymous").get(person_url(person)))


def test_the_agent_lists_and_reads_only_the_people_to_orient(world):
    people = agent_people(world)
    agent = client_for(world, "orientation_agent")
    listed = {row["id"] for row in agent.get(reverse("api:person-list")).json()["results"]}
    for key in SEEN:
        assert str(people[key].uuid) in listed, key
        assert agent.get(person_url(people[key])).status_code == 200, key
    for key in HIDDEN:
        assert str(people[key].uuid) not in listed, key
        assert agent.get(person_url(people[key])).status_code == 404, key
        timeline = reverse("api:pathways-person-timeline", kwargs={"id": people[key].uuid})
        assert agent.get(timeline).status_code == 404, key
    queue = agent.get(reverse("api:pathways-orientation-queue")).json()["results"]
    assert str(people["to_orient"].uuid) in {row["id"] for row in queue}


NOTE = "Observation confidentielle du professionnel"
BARRIER_NOTE = "Précision du professionnel sur le frein"
EXIT_NOTE = "Note du référent sur la sortie"


def test_the_beneficiary_reads_their_diagnostic_and_exit_without_the_notes(world):
    person = world.objects["person_south"]  # the world's beneficiary
    mobility = barrier(code="mobilite-permis", theme="mobility", label="Pas de permis")
    services.record_diagnostic(
        actor=world.users["direction"],
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={mobility: BARRIER_NOTE},
        notes=NOTE,
    )
    services.record_exit(
        actor=world.users["direction"],
        person=person,
        kind="training",
        exit_date=datetime.date(2025, 9, 1),
        reason=exit_reason(code="formation", category="training", label="Entrée en formation"),
        note=EXIT_NOTE,
    )
    diagnostics = reverse("api:pathways-person-diagnostics", kwargs={"id": person.uuid})
    exits = reverse("api:pathways-person-exits", kwargs={"id": person.uuid})
    beneficiary = client_for(world, "beneficiary")
    own = beneficiary.get(diagnostics)
    assert own.status_code == 200
    (row,) = own.json()["results"]
    assert "notes" not in row and row["barriers"] == [
        {"code": "mobilite-permis", "theme": "mobility", "label": "Pas de permis"}
    ]
    (exit_row,) = beneficiary.get(exits).json()["results"]
    assert "note" not in exit_row and exit_row["reason"] == "formation"
    for response in (own, beneficiary.get(exits)):
        text = response.content.decode()
        assert NOTE not in text and BARRIER_NOTE not in text and EXIT_NOTE not in text
    direction = client_for(world, "direction")
    (row,) = direction.get(diagnostics).json()["results"]
    assert row["notes"] == NOTE and row["barriers"][0]["note"] == BARRIER_NOTE
    assert direction.get(exits).json()["results"][0]["note"] == EXIT_NOTE


def test_ending_a_designation_needs_its_date_and_reason(world):
    mdd = MaisonDepartementFactory(departement=world.objects["departement_87"])
    assignment = ReferentAssignmentFactory(person=world.objects["person_north"], organization=mdd)
    direction = client_for(world, "direction")
    path = reverse("api:pathways-referent-end", kwargs={"id": assignment.uuid})
    empty = direction.post(path, {}, content_type="application/json")
    assert empty.status_code == 400
    assert empty.json() == {
        "end_date": ["Ce champ est obligatoire."],
        "reason": ["Ce champ est obligatoire."],
    }
    blank = direction.post(path, {"end_date": "2025-06-01", "reason": " "}, content_type="application/json")
    assert blank.status_code == 400 and blank.json() == {"reason": ["Ce champ ne peut être vide."]}
    assignment.refresh_from_db()
    assert assignment.end_date is None and assignment.end_reason == ""
    assert not AuditEntry.objects.filter(action="referent.end").exists()
    ended = direction.post(
        path, {"end_date": "2025-06-01", "reason": "Déménagement"}, content_type="application/json"
    )
    assert ended.status_code == 200 and ended.json()["end_reason"] == "Déménagement"
    assert ReferentAssignment.objects.get(pk=assignment.pk).end_date == datetime.date(2025, 6, 1)
