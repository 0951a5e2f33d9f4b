"""The pathway endpoints: scoping (out of scope is 404), actions through the services, query guards."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.organizations.enums import Role
from pacte.pathways.enums import ContractStatus, OrientationStatus, ReorientationStatus
from pacte.pathways.models import Orientation
from tests.api.helpers import as_user, queries_for
from tests.factories import DossierFactory, MembershipFactory, PersonFactory, TerritoryFactory, user_with_role
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    FranceTravailFactory,
    MaisonDepartementFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    mdd = MaisonDepartementFactory()
    referent = MembershipFactory(role=Role.REFERENT, organization=mdd).user
    followed = ReferentAssignmentFactory(referent=referent, organization=mdd).person
    orientation = OrientationFactory(person=followed, body=mdd, track="sociale")
    other = PersonFactory()
    return {
        "mdd": mdd,
        "referent": referent,
        "followed": followed,
        "orientation": orientation,
        "other": other,
    }


def url(name, obj):
    return reverse(f"api:{name}", kwargs={"id": obj.uuid})


def test_referent_reads_their_person_and_gets_404_elsewhere(api_client, setting):
    client = as_user(api_client, setting["referent"])
    ContractFactory(person=setting["followed"])
    for name in ("orientations", "contracts", "appointments", "timeline"):
        assert client.get(url(f"pathways-person-{name}", setting["followed"])).status_code == 200
        assert client.get(url(f"pathways-person-{name}", setting["other"])).status_code == 404
    rows = client.get(url("pathways-person-orientations", setting["followed"])).json()["results"]
    assert (
        rows[0]["id"] == str(setting["orientation"].uuid) and rows[0]["body"]["name"] == setting["mdd"].name
    )
    events = client.get(url("pathways-person-timeline", setting["followed"])).json()["results"]
    assert [e["kind"] for e in events] == ["contract", "referent", "orientation"]


def test_partner_and_analyst_are_refused(api_client, setting):
    for role in (Role.PARTNER, Role.ANALYST):
        client = as_user(api_client, user_with_role(role))
        assert client.get(url("pathways-person-contracts", setting["followed"])).status_code == 403
        assert client.get(reverse("api:pathways-orientation-queue")).status_code == 403


def test_orientation_queue_for_the_agent_of_a_territory(api_client):
    north = TerritoryFactory()
    agent = user_with_role(Role.ORIENTATION_AGENT, territory=north, departement=north.departement)
    waiting = PersonFactory(dossier=DossierFactory(territory=north, dtdemrsa=datetime.date(2024, 1, 1)))
    PersonFactory()
    response = as_user(api_client, agent).get(reverse("api:pathways-orientation-queue"))
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [str(waiting.uuid)]
    assert rows[0]["deadline"] == "2024-02-12" and rows[0]["is_overdue"] is True
    filtered = api_client.get(reverse("api:pathways-orientation-queue"), {"territory": north.code}).json()
    assert filtered["count"] == 1
    assert (
        api_client.get(reverse("api:pathways-orientation-queue"), {"territory": "nulle-part"}).status_code
        == 400
    )
    # A territory elsewhere is as unknown as one that does not exist.
    elsewhere = TerritoryFactory()
    assert (
        api_client.get(reverse("api:pathways-orientation-queue"), {"territory": elsewhere.code}).status_code
        == 400
    )


def test_agent_decides_an_orientation(api_client):
    agent = user_with_role(Role.ORIENTATION_AGENT)
    person = PersonFactory()
    ft = FranceTravailFactory()
    client = as_user(api_client, agent)
    response = client.post(
        url("pathways-orientation-decide", person),
        {"track": "professionnelle", "body": str(ft.uuid)},
        format="json",
    )
    assert response.status_code == 201
    assert Orientation.objects.current().get(person=person).body == ft
    again = client.post(
        url("pathways-orientation-decide", person),
        {"track": "professionnelle", "body": str(ft.uuid), "decision_date": "2099-01-01"},
        format="json",
    )
    assert again.status_code == 400 and "futur" in again.json()["detail"]
    assert again.json()["decision_date"] == [again.json()["detail"]]


def test_agent_validates_a_proposal(api_client):
    agent = user_with_role(Role.ORIENTATION_AGENT)
    proposal = OrientationFactory(proposed=True)
    response = as_user(api_client, agent).post(
        url("pathways-orientation-validate", proposal), {}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == OrientationStatus.VALIDATED


def test_referent_signs_a_contract_and_records_attendance(api_client, setting):
    contract = ContractFactory(
        person=setting["followed"],
        status=ContractStatus.DRAFT,
        signed_on=None,
        orientation=setting["orientation"],
    )
    appointment = AppointmentFactory(person=setting["followed"], organization=setting["mdd"])
    client = as_user(api_client, setting["referent"])
    response = client.post(
        url("pathways-contract-sign", contract), {"signed_on": "2025-05-02"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert client.post(url("pathways-contract-sign", contract), {}, format="json").status_code == 400
    response = client.post(
        url("pathways-appointment-attendance", appointment), {"status": "seen"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "seen"
    elsewhere = ContractFactory(status=ContractStatus.DRAFT, signed_on=None)
    assert client.post(url("pathways-contract-sign", elsewhere), {}, format="json").status_code == 404


def test_agent_cannot_sign_a_contract(api_client, setting):
    contract = ContractFactory(person=setting["followed"], status=ContractStatus.DRAFT, signed_on=None)
    agent = user_with_role(Role.ORIENTATION_AGENT)
    setting["orientation"].decided_by = agent  # in the agent's scope: they oriented the person
    setting["orientation"].save(update_fields=["decided_by"])
    client = as_user(api_client, agent)
    assert client.post(url("pathways-contract-sign", contract), {}, format="json").status_code == 403


def test_reorientation_requested_by_the_referent_and_decided_by_the_agent(api_client, setting):
    referent_client = as_user(api_client, setting["referent"])
    response = referent_client.post(
        url("pathways-reorientation-request", setting["followed"]),
        {
            "reason": "Projet professionnel affirmé",
            "proposed_track": "professionnelle",
            "proposed_body_kind": "france_travail",
        },
        format="json",
    )
    assert response.status_code == 201
    request_id = response.json()["id"]
    decide_url = reverse("api:pathways-reorientation-decide", kwargs={"id": request_id})
    assert referent_client.post(decide_url, {"accept": True, "reason": "x"}, format="json").status_code == 403
    ft = FranceTravailFactory()
    agent_client = as_user(api_client, user_with_role(Role.ORIENTATION_AGENT))
    response = agent_client.post(
        decide_url, {"accept": True, "reason": "Avis favorable", "body": str(ft.uuid)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == ReorientationStatus.ACCEPTED
    assert Orientation.objects.current().get(person=setting["followed"]).body == ft


@pytest.mark.parametrize("name", ["orientations", "contracts", "appointments", "timeline"])
def test_person_lists_query_count_does_not_grow(api_client, setting, name):
    person = setting["followed"]
    client = as_user(api_client, user_with_role(Role.DIRECTION))
    path = url(f"pathways-person-{name}", person)

    def add(n):
        for index in range(n):
            OrientationFactory(
                person=person,
                body=setting["mdd"],
                decision_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
            )
            ContractFactory(
                person=person,
                organization=setting["mdd"],
                signed_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
            )
            AppointmentFactory(
                person=person,
                organization=setting["mdd"],
                starts_at=timezone.now() - datetime.timedelta(days=index),
            )

    add(5)
    few = queries_for(client, path, rows=5)
    add(45)
    assert queries_for(client, path, rows=50) == few


def test_queue_query_count_does_not_grow(api_client):
    client = as_user(api_client, user_with_role(Role.DIRECTION))
    territory = TerritoryFactory()
    for _ in range(5):
        PersonFactory(dossier=DossierFactory(territory=territory))
    few = queries_for(client, reverse("api:pathways-orientation-queue"), rows=5)
    for _ in range(45):
        OrientationFactory(proposed=True, person=PersonFactory(dossier=DossierFactory(territory=territory)))
    assert queries_for(client, reverse("api:pathways-orientation-queue"), rows=50) == few


def test_cohort_validation_all_or_nothing_and_scoped(api_client):
    agent = user_with_role(Role.ORIENTATION_AGENT)
    client = as_user(api_client, agent)
    proposals = [OrientationFactory(proposed=True) for _ in range(3)]
    path = reverse("api:pathways-orientation-cohort")
    without_body = OrientationFactory(proposed=True, body=None, body_kind="departement")
    response = client.post(
        path, {"orientations": [str(o.uuid) for o in [*proposals, without_body]]}, format="json"
    )
    assert response.status_code == 400 and "Aucune orientation validée" in response.json()["detail"]
    assert not Orientation.objects.decided().exists()
    elsewhere = OrientationFactory(
        proposed=True, person=PersonFactory(dossier=DossierFactory(departement_code="79"))
    )
    response = client.post(
        path, {"orientations": [str(proposals[0].uuid), str(elsewhere.uuid)]}, format="json"
    )
    assert response.status_code == 400 and str(elsewhere.uuid) in response.json()["detail"]
    response = client.post(
        path, {"orientations": [str(o.uuid) for o in proposals], "decision_date": "2025-05-05"}, format="json"
    )
    assert response.status_code == 200
    assert [row["status"] for row in response.json()] == ["validated"] * 3
    assert Orientation.objects.decided().filter(decision_date=datetime.date(2025, 5, 5)).count() == 3
