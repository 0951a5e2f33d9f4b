"""Follow-up endpoints: référent designation, diagnostics, action plan, exits."""

import datetime

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.pathways import services
from pacte.pathways.enums import ContractStatus, PlanItemStatus
from pacte.pathways.models import PathwayExit, PlanAction, PlanObjective, ReferentAssignment
from pacte.referentials.models import RomeCode
from tests.api.helpers import as_user, queries_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory, user_with_role
from tests.pathways.factories import (
    ContractFactory,
    MaisonDepartementFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
    barrier,
    exit_reason,
)

pytestmark = pytest.mark.django_db


def url(name, obj):
    return reverse(f"api:{name}", kwargs={"id": obj.uuid})


@pytest.fixture
def setting():
    mdd = MaisonDepartementFactory()
    referent = MembershipFactory(role=Role.REFERENT, organization=mdd).user
    assignment = ReferentAssignmentFactory(referent=referent, organization=mdd)
    followed = assignment.person
    OrientationFactory(person=followed, body=mdd, track="sociale")
    return {"mdd": mdd, "referent": referent, "assignment": assignment, "followed": followed}


def test_agent_assigns_and_ends_a_referent(api_client, setting):
    agent = user_with_role(Role.ORIENTATION_AGENT)
    setting["followed"].orientations.update(decided_by=agent)  # in the agent's scope: they oriented them
    client = as_user(api_client, agent)
    other = MembershipFactory(role=Role.REFERENT, organization=setting["mdd"]).user
    path = url("pathways-referent-assign", setting["followed"])
    body = {"referent": str(other.uuid), "organization": str(setting["mdd"].uuid), "start_date": "2025-05-01"}
    response = client.post(path, body, format="json")
    assert response.status_code == 201 and response.json()["referent"] == str(other.uuid)
    setting["assignment"].refresh_from_db()
    assert setting["assignment"].end_date == datetime.date(2025, 5, 1)
    again = client.post(path, body, format="json")
    assert again.status_code == 400 and "est déjà le ou la référent·e" in again.json()["detail"]
    end_path = reverse("api:pathways-referent-end", kwargs={"id": response.json()["id"]})
    ended = client.post(end_path, {"end_date": "2025-06-01", "reason": "Déménagement"}, format="json")
    assert ended.status_code == 200 and ended.json()["end_date"] == "2025-06-01"
    twice = client.post(end_path, {"end_date": "2025-06-02", "reason": "Erreur"}, format="json")
    assert twice.status_code == 400 and twice.json()["detail"] == "Cette désignation est déjà terminée."


def test_a_designation_before_the_orientation_is_refused_on_its_field(api_client, setting):
    agent = user_with_role(Role.ORIENTATION_AGENT)
    setting["followed"].orientations.update(decided_by=agent)
    other = MembershipFactory(role=Role.REFERENT, organization=setting["mdd"]).user
    body = {"referent": str(other.uuid), "organization": str(setting["mdd"].uuid), "start_date": "2025-04-09"}
    response = as_user(api_client, agent).post(
        url("pathways-referent-assign", setting["followed"]), body, format="json"
    )
    assert response.status_code == 400
    message = f"La désignation de {setting['followed']} précède la décision d'orientation (10/04/2025)."
    assert response.json() == {"detail": message, "start_date": [message]}


def test_referent_designation_scope_and_role(api_client, setting):
    stranger = PersonFactory()
    assignment_elsewhere = ReferentAssignmentFactory()
    referent_client = as_user(api_client, setting["referent"])
    body = {"referent": str(setting["referent"].uuid), "organization": str(setting["mdd"].uuid)}
    assert (
        referent_client.post(url("pathways-referent-assign", stranger), body, format="json").status_code
        == 404
    )
    end_elsewhere = url("pathways-referent-end", assignment_elsewhere)
    assert referent_client.post(end_elsewhere, {}, format="json").status_code == 404
    # A référent outside the body the person is oriented to follows them but does not designate.
    outsider = MembershipFactory(role=Role.REFERENT, organization=MaisonDepartementFactory()).user
    ReferentAssignmentFactory(person=PersonFactory(), referent=outsider)
    setting["assignment"].referent = outsider
    setting["assignment"].save()
    client = as_user(api_client, outsider)
    assert (
        client.post(url("pathways-referent-assign", setting["followed"]), body, format="json").status_code
        == 403
    )
    assert (
        client.post(url("pathways-referent-end", setting["assignment"]), {}, format="json").status_code == 403
    )


def _diagnostic_body(**extra):
    return {
        "made_on": "2025-05-02",
        "professional_situation": "job_seeker",
        "education_level": "4",
        **extra,
    }


def test_referent_records_diagnostic_versions(api_client, setting):
    RomeCode.objects.create(code="K1302", label="Assistance auprès d'adultes")
    health = barrier()
    mobility = barrier(code="mobilite", theme="mobility", label="Pas de moyen de transport")
    client = as_user(api_client, setting["referent"])
    path = url("pathways-person-diagnostics", setting["followed"])
    body = _diagnostic_body(
        projects=["K1302"], barriers=[{"code": health.code, "note": "Suivi"}, {"code": mobility.code}]
    )
    response = client.post(path, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 1
    assert {b["code"] for b in response.json()["barriers"]} == {health.code, mobility.code}
    assert client.post(path, _diagnostic_body(), format="json").json()["version"] == 2
    rows = client.get(path).json()["results"]
    assert [row["version"] for row in rows] == [2, 1] and rows[1]["projects"][0]["code"] == "K1302"
    future = client.post(path, _diagnostic_body(made_on="2099-01-01"), format="json")
    assert future.status_code == 400 and future.json()["detail"] == (
        "La date du diagnostic ne peut pas être dans le futur."
    )
    working = client.post(path, _diagnostic_body(last_employment_end="2099-01-01"), format="json")
    assert working.status_code == 400 and working.json()["last_employment_end"] == [
        "La date de fin du dernier emploi ne peut pas être dans le futur."
    ]
    unknown = client.post(path, _diagnostic_body(projects=["Z9999"]), format="json")
    assert unknown.status_code == 400 and "Z9999" in unknown.json()["detail"]


def test_beneficiary_does_not_see_nor_erase_health_barriers(api_client, setting):
    person = setting["followed"]
    person.user = UserFactory()
    person.save()
    MembershipFactory(user=person.user, role=Role.BENEFICIARY)
    health = barrier()
    mobility = barrier(code="mobilite", theme="mobility", label="Pas de moyen de transport")
    services.record_diagnostic(
        actor=setting["referent"],
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={health: "Suivi", mobility: ""},
    )
    client = as_user(api_client, person.user)
    path = url("pathways-person-diagnostics", person)
    rows = client.get(path).json()["results"]
    assert [b["code"] for b in rows[0]["barriers"]] == [mobility.code]
    # The beneficiary reads but does not record a diagnostic.
    assert client.post(path, _diagnostic_body(), format="json").status_code == 403
    # The référent, who may read health data, sets health barriers.
    referent = as_user(api_client, setting["referent"])
    assert (
        referent.post(path, _diagnostic_body(barriers=[{"code": health.code}]), format="json").status_code
        == 201
    )


def test_diagnostics_out_of_scope_and_wrong_role(api_client, setting):
    stranger = PersonFactory()
    client = as_user(api_client, setting["referent"])
    assert client.get(url("pathways-person-diagnostics", stranger)).status_code == 404
    assert (
        client.post(
            url("pathways-person-diagnostics", stranger), _diagnostic_body(), format="json"
        ).status_code
        == 404
    )
    partner = as_user(api_client, user_with_role(Role.PARTNER))
    assert partner.get(url("pathways-person-diagnostics", setting["followed"])).status_code == 403


def test_action_plan_by_the_referent(api_client, setting):
    client = as_user(api_client, setting["referent"])
    add = client.post(
        url("pathways-plan-objective-add", setting["followed"]),
        {"title": "Trouver un mode de garde", "due_date": "2025-09-01"},
        format="json",
    )
    assert add.status_code == 201
    objective = PlanObjective.objects.get(uuid=add.json()["id"])
    action = client.post(
        url("pathways-plan-action-add", objective), {"title": "Appeler le RAM"}, format="json"
    )
    assert action.status_code == 201
    status_path = reverse("api:pathways-plan-item-status", kwargs={"id": action.json()["id"]})
    moved = client.post(status_path, {"status": "in_progress"}, format="json")
    assert moved.status_code == 200 and moved.json() == {
        "id": action.json()["id"],
        "kind": "action",
        "title": "Appeler le RAM",
        "status": "in_progress",
    }
    back = client.post(status_path, {"status": "planned"}, format="json")
    assert back.status_code == 400 and "En cours" in back.json()["detail"]
    done = client.post(url("pathways-plan-item-status", objective), {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["kind"] == "objective"
    closed = client.post(url("pathways-plan-action-add", objective), {"title": "Encore"}, format="json")
    assert closed.status_code == 400
    assert closed.json()["detail"] == "Cet objectif est clos : on ne peut plus y ajouter d'action."
    blank = client.post(
        url("pathways-plan-objective-add", setting["followed"]), {"title": " "}, format="json"
    )
    assert blank.status_code == 400 and blank.json()["detail"] == "Indiquez un intitulé."
    plan = client.get(url("pathways-person-plan", setting["followed"])).json()["results"]
    assert plan[0]["status"] == "done" and plan[0]["actions"][0]["status"] == "in_progress"


def test_action_plan_scope_and_role(api_client, setting):
    objective = services.add_objective(actor=None, person=setting["followed"], title="Permis B")
    action = services.add_action(actor=None, objective=objective, title="Code")
    elsewhere = services.add_objective(actor=None, person=PersonFactory(), title="Ailleurs")
    referent = as_user(api_client, setting["referent"])
    assert referent.get(url("pathways-person-plan", elsewhere.person)).status_code == 404
    assert (
        referent.post(url("pathways-plan-action-add", elsewhere), {"title": "x"}, format="json").status_code
        == 404
    )
    assert (
        referent.post(
            url("pathways-plan-item-status", elsewhere), {"status": "done"}, format="json"
        ).status_code
        == 404
    )
    agent_user = user_with_role(Role.ORIENTATION_AGENT)
    setting["followed"].orientations.update(decided_by=agent_user)  # they oriented them
    agent = as_user(api_client, agent_user)
    assert agent.get(url("pathways-person-plan", setting["followed"])).status_code == 200
    assert (
        agent.post(
            url("pathways-plan-objective-add", setting["followed"]), {"title": "x"}, format="json"
        ).status_code
        == 403
    )
    assert (
        agent.post(url("pathways-plan-action-add", objective), {"title": "x"}, format="json").status_code
        == 403
    )
    assert (
        agent.post(url("pathways-plan-item-status", action), {"status": "done"}, format="json").status_code
        == 403
    )
    assert PlanAction.objects.get(pk=action.pk).status == PlanItemStatus.PLANNED


def test_beneficiary_adds_to_their_own_plan(api_client, setting):
    person = setting["followed"]
    person.user = UserFactory()
    person.save()
    MembershipFactory(user=person.user, role=Role.BENEFICIARY)
    response = as_user(api_client, person.user).post(
        url("pathways-plan-objective-add", person), {"title": "Passer le permis"}, format="json"
    )
    assert response.status_code == 201 and response.json()["created_by_person"] is True


def test_referent_records_an_exit(api_client, setting):
    contract = ContractFactory(person=setting["followed"], signed_on=datetime.date(2025, 4, 20))
    client = as_user(api_client, setting["referent"])
    path = url("pathways-person-exits", setting["followed"])
    missing_type = client.post(path, {"kind": "employment", "exit_date": "2025-06-01"}, format="json")
    assert missing_type.status_code == 400
    assert (
        missing_type.json()["detail"] == "Indiquez le type de contrat de travail de la sortie vers l'emploi."
    )
    reason = exit_reason()
    body = {
        "kind": "employment",
        "exit_date": "2025-06-01",
        "employment_contract_type": "cdi",
        "reason": reason.code,
    }
    response = client.post(path, body, format="json")
    assert response.status_code == 201 and response.json()["reason_label"] == "Emploi en CDI"
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED
    assert not ReferentAssignment.objects.filter(person=setting["followed"], end_date=None).exists()
    rows = client.get(path).json()["results"]
    assert [row["id"] for row in rows] == [response.json()["id"]]
    unknown = client.post(path, {**body, "reason": "nulle-part"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["detail"] == "Motif de sortie inconnu."


def test_exits_out_of_scope_and_wrong_role(api_client, setting):
    stranger = PersonFactory()
    body = {"kind": "moved", "exit_date": "2025-06-01"}
    referent = as_user(api_client, setting["referent"])
    assert referent.get(url("pathways-person-exits", stranger)).status_code == 404
    assert referent.post(url("pathways-person-exits", stranger), body, format="json").status_code == 404
    person = setting["followed"]
    person.user = UserFactory()
    person.save()
    MembershipFactory(user=person.user, role=Role.BENEFICIARY)
    beneficiary = as_user(api_client, person.user)
    assert beneficiary.post(url("pathways-person-exits", person), body, format="json").status_code == 403
    assert not PathwayExit.objects.exists()


def _add_rows(person, n, start):
    health = barrier()
    RomeCode.objects.get_or_create(code="K1302", defaults={"label": "Assistance"})
    for index in range(start, start + n):
        services.record_diagnostic(
            actor=None,
            person=person,
            made_on=datetime.date(2025, 1, 1),
            professional_situation="job_seeker",
            education_level="4",
            projects=list(RomeCode.objects.all()),
            barriers={health: ""},
        )
        objective = services.add_objective(actor=None, person=person, title=f"Objectif {index}")
        services.add_action(actor=None, objective=objective, title=f"Action {index}")
        PathwayExit.objects.create(
            departement_code=person.departement_code,
            person=person,
            kind="moved",
            exit_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
        )


@pytest.mark.parametrize("name", ["diagnostics", "plan", "exits"])
def test_followup_lists_query_count_does_not_grow(api_client, setting, name):
    person = setting["followed"]
    client = as_user(api_client, user_with_role(Role.DIRECTION))
    path = url(f"pathways-person-{name}", person)
    _add_rows(person, 5, 0)
    few = queries_for(client, path, rows=5)
    _add_rows(person, 45, 5)
    assert queries_for(client, path, rows=50) == few
