"""Every list, search and export of personal data writes one audit entry with the persons it
returned (their UUIDs), web pages and API alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Person
from pacte.pathways import services
from pacte.pathways.enums import TeamCaseKind, Track
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import FranceTravailFactory, OrientationFactory, ReferentAssignmentFactory
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    objects, north, mdd = world.objects, world.objects["territory_north"], world.objects["mdd_north"]
    followed = []
    for _ in range(2):
        person = PersonFactory(dossier=DossierFactory(territory=north))
        OrientationFactory(person=person, body=mdd, decision_date=datetime.date(2025, 4, 1))
        ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
        followed.append(person)
    objects["followed"] = followed
    objects["proposed"] = PersonFactory(dossier=DossierFactory(territory=north))
    OrientationFactory(person=objects["proposed"], body=mdd, proposed=True)
    objects["to_france_travail"] = PersonFactory(dossier=DossierFactory(territory=north))
    OrientationFactory(
        person=objects["to_france_travail"], body=FranceTravailFactory(departement=objects["departement_87"])
    )
    services.request_reorientation(
        actor=world.users["referent"],
        person=followed[0],
        reason="Projet de formation",
        proposed_track=Track.PROFESSIONAL,
        proposed_body_kind="france_travail",
    )
    session = services.create_team_session(
        actor=world.users["orientation_agent"], departement_code="87", held_on=timezone.localdate()
    )
    services.add_team_case(
        actor=world.users["orientation_agent"],
        session=session,
        person=objects["person_north"],
        kind=TeamCaseKind.NON_COMPLIANCE,
    )
    objects["session"] = session
    return world


def of_87():
    return set(Person.objects.filter(departement_code="87").values_list("uuid", flat=True))


def to_orient(world):
    o = world.objects
    return {o["person_north"].uuid, o["proposed"].uuid}


def followed(world):
    return {person.uuid for person in world.objects["followed"]}


# (role, URL name, URL kwargs, query, action, the persons the page returns)
LISTS = [
    ("direction", "web:person_list", None, {}, "person.list", lambda w: {p for p in of_87() if Person.objects.get(uuid=p).is_adult}),
    ("orientation_agent", "web:orientation_queue", None, {}, "orientation.queue.list", to_orient),
    ("orientation_agent", "web:orientation_late", None, {}, "orientation.late.list", to_orient),
    ("orientation_agent", "web:orientation_proposals", None, {}, "orientation.proposal.list", lambda w: {w.objects["proposed"].uuid}),
    ("orientation_agent", "web:orientation_reorientations", None, {}, "orientation.reorientation.list", lambda w: {w.objects["followed"][0].uuid}),
    ("orientation_agent", "web:orientation_session", lambda w: {"uuid": w.objects["session"].uuid}, {}, "team.session.read", lambda w: {w.objects["person_north"].uuid}),
    ("direction", "web:orientation_export", None, {"departement": "87"}, "orientation.export.france_travail", lambda w: {w.objects["to_france_travail"].uuid}),
    ("referent", "web:followup_caseload", None, {}, "followup.caseload.list", followed),
    ("direction", "web:followup_caseload_detail", lambda w: {"uuid": w.users["referent"].uuid}, {}, "followup.caseload.list", followed),
    ("referent", "web:followup_late", None, {}, "followup.late.list", followed),
    ("direction", "api:person-list", None, {}, "person.list", lambda w: of_87()),
    ("orientation_agent", "api:pathways-orientation-queue", None, {}, "orientation.queue.list", to_orient),
]  # fmt: skip


@pytest.mark.parametrize(
    ("role", "name", "kwargs", "query", "action", "expected"), LISTS, ids=[c[1] for c in LISTS]
)
def test_each_list_writes_one_entry_with_the_persons_it_returned(
    world, role, name, kwargs, query, action, expected
):
    client = client_for(world, role)
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    (entry,) = AuditEntry.objects.exclude(pk__in=before)
    assert (entry.action, entry.actor, entry.path) == (action, world.users[role], url)
    persons = {uuid for uuid in expected(world)}
    assert persons, "the page must return someone"
    assert set(entry.data["persons"]) == {str(uuid) for uuid in persons}
    assert len(entry.data["persons"]) == len(persons)


def test_a_search_is_audited_without_the_searched_name_nor_nir(world):
    target = world.objects["followed"][1]
    client = client_for(world, "direction")
    response = client.post(reverse("web:person_list"), {"q": target.last_name})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="person.list")
    assert entry.data["persons"] == [str(target.uuid)]
    assert entry.data["query"]["search"] is True
    assert target.last_name not in str(entry.data) + entry.path
    client.post(reverse("web:person_list"), {"q": "2 85 06 87 085 123"})
    nir_search = AuditEntry.objects.filter(action="person.list").order_by("-id").first()
    assert "2850687085123" not in str(nir_search.data) and "085 123" not in str(nir_search.data)


def test_the_france_travail_export_lists_the_exported_persons(world):
    client = client_for(world, "direction")
    response = client.get(reverse("web:orientation_export"), {"departement": "87", "since": "2025-01-01"})
    exported = [line for line in response.content.decode("utf-8-sig").splitlines()[1:] if line]
    entry = AuditEntry.objects.get(action="orientation.export.france_travail")
    assert entry.data["persons"] == [str(world.objects["to_france_travail"].uuid)]
    assert entry.data["rows"] == len(exported) == 1
    assert entry.data["query"] == {"since": "2025-01-01", "until": ""}
