import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.pathways.enums import ReorientationStatus
from pacte.pathways.models import Orientation, ReorientationRequest, TeamCase, TeamSession
from tests.pathways.factories import OrientationFactory
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import audited, entering

pytestmark = pytest.mark.django_db

INBOX = reverse("web:orientation_reorientations")
SESSIONS = reverse("web:orientation_sessions")


def request_for(world, **kwargs):
    person = entering(world, **kwargs)
    current = OrientationFactory(
        person=person, body=world.objects["ft_87"], decision_date=datetime.date(2025, 4, 1)
    )
    return ReorientationRequest.objects.create(
        departement_code="87",
        person=person,
        current_orientation=current,
        requested_on=datetime.date(2025, 6, 1),
        reason="Problèmes de santé : un accompagnement social d'abord.",
        proposed_track="sociale",
        proposed_body_kind="departement",
        requested_by=world.users["referent"],
    )


def test_accepting_a_request_creates_the_new_orientation(world, agent):
    entry = request_for(world, last_name="Demandeuse")
    assert "Demandeuse" in agent.get(INBOX).content.decode()
    url = reverse("web:orientation_reorientation", kwargs={"uuid": entry.uuid})
    response = agent.post(
        url, {"decision": "accept", "reason": "Accord", "decision_date": timezone.localdate()}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == ReorientationStatus.ACCEPTED
    current = Orientation.objects.current().get(person=entry.person)
    assert (current.track, current.body) == ("sociale", world.objects["mdd_north"])
    assert audited("reorientation.decide")


def test_a_rejection_needs_a_reason_and_keeps_the_choice(world, agent):
    entry = request_for(world)
    url = reverse("web:orientation_reorientation", kwargs={"uuid": entry.uuid})
    text = agent.post(
        url, {"decision": "reject", "reason": "", "decision_date": timezone.localdate()}
    ).content.decode()
    assert "Ce champ est obligatoire." in text
    assert 'value="reject" id="id_decision_1" checked' in text.replace("required ", "")
    agent.post(
        url, {"decision": "reject", "reason": "Orientation adaptée", "decision_date": timezone.localdate()}
    )
    entry.refresh_from_db()
    assert (entry.status, entry.decision_reason) == (ReorientationStatus.REJECTED, "Orientation adaptée")


def test_the_inbox_query_count_does_not_grow_with_rows(world, agent):
    few = queries_for(agent, INBOX, shows=[request_for(world).person.last_name for _ in range(5)])
    shown = [request_for(world).person.last_name for _ in range(20)]
    assert queries_for(agent, INBOX, shows=shown) == few


def test_a_session_is_created_a_case_added_and_decided(world, agent):
    create = reverse("web:orientation_session_create")
    held_on = timezone.localdate() + datetime.timedelta(days=3)
    data = {
        "departement": "87",
        "held_on": "",
        "place": "Maison du département Nord",
        "members": [world.users["referent"].pk],
    }
    assert "Ce champ est obligatoire." in agent.post(create, data).content.decode()
    response = agent.post(
        create, {**data, "held_on": held_on, "territory": world.objects["territory_north"].pk}
    )
    session = TeamSession.objects.get()
    assert response["Location"] == reverse("web:orientation_session", kwargs={"uuid": session.uuid})
    assert list(session.members.all()) == [world.users["referent"]]

    person = entering(world, last_name="Examinee")
    add = reverse("web:orientation_add_team_case", kwargs={"uuid": person.uuid})
    assert (
        agent.post(add, {"session": session.pk, "kind": "non_compliance", "summary": "Absences"}).status_code
        == 302
    )
    duplicate = agent.post(add, {"session": session.pk, "kind": "non_compliance"})
    assert "Ce dossier est déjà inscrit à cette séance." in duplicate.content.decode()
    case = TeamCase.objects.get()
    assert (
        "Examinee"
        in agent.get(reverse("web:orientation_session", kwargs={"uuid": session.uuid})).content.decode()
    )

    decide = reverse("web:orientation_case_decide", kwargs={"uuid": case.uuid})
    text = agent.get(decide).content.decode()
    assert "Suspension-remobilisation" in text and "Maintien de l&#x27;orientation" not in text
    early = agent.post(
        decide, {"decision": "no_sanction", "note": "Justifié", "decided_at": timezone.localdate()}
    )
    assert f"La décision ne peut précéder la séance ({held_on:%d/%m/%Y})." in early.content.decode()
    assert 'name="decided_at" value="' in early.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_decided_at_error"' in early.content.decode()
    assert audited("team.case.add") and audited("team.session.create")


def test_a_decision_is_recorded(world, agent):
    session = TeamSession.objects.create(departement_code="87", held_on=datetime.date(2025, 6, 1))
    case = TeamCase.objects.create(
        departement_code="87", session=session, person=entering(world), kind="reorientation"
    )
    decide = reverse("web:orientation_case_decide", kwargs={"uuid": case.uuid})
    response = agent.post(
        decide, {"decision": "maintain", "note": "Parcours adapté", "decided_at": datetime.date(2025, 6, 1)}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "maintain")
    assert audited("team.case.decide")


def test_the_decision_date_defaults_to_the_session_held(world, agent):
    held_on = timezone.localdate() - datetime.timedelta(days=5)
    session = TeamSession.objects.create(departement_code="87", held_on=held_on)
    case = TeamCase.objects.create(
        departement_code="87", session=session, person=entering(world), kind="reorientation"
    )
    page = agent.get(reverse("web:orientation_case_decide", kwargs={"uuid": case.uuid})).content.decode()
    assert f'name="decided_at" value="{held_on:%Y-%m-%d}"' in page


def test_the_sessions_query_count_does_not_grow_with_rows(world, agent):
    def sessions(count):
        for day in range(count):
            session = TeamSession.objects.create(
                departement_code="87",
                held_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
                territory=world.objects["territory_north"],
            )
            TeamCase.objects.create(
                departement_code="87",
                session=session,
                person=world.objects["person_north"],
                kind="reorientation",
            )

    sessions(5)
    first_days = [f"{datetime.date(2025, 1, 1) + datetime.timedelta(days=day):%d/%m/%Y}" for day in range(5)]
    few = queries_for(agent, SESSIONS, shows=first_days)
    sessions(45)
    days = [f"{datetime.date(2025, 1, 1) + datetime.timedelta(days=day):%d/%m/%Y}" for day in range(45)]
    assert queries_for(agent, SESSIONS, shows=days) == few


def test_the_session_page_query_count_does_not_grow_with_cases(world, agent):
    session = TeamSession.objects.create(departement_code="87", held_on=datetime.date(2025, 6, 1))
    url = reverse("web:orientation_session", kwargs={"uuid": session.uuid})

    def cases(count):
        persons = [entering(world) for _ in range(count)]
        for person in persons:
            TeamCase.objects.create(
                departement_code="87", session=session, person=person, kind="reorientation"
            )
        return [person.last_name for person in persons]

    few = queries_for(agent, url, shows=cases(5))
    assert queries_for(agent, url, shows=cases(20)) == few


def test_members_are_staff_of_the_departement_never_beneficiaries(world, agent):
    form = agent.get(reverse("web:orientation_session_create")).context["form"]
    members = set(form.fields["members"].queryset)
    assert world.users["referent"] in members and world.users["orientation_agent"] in members
    assert world.users["beneficiary"] not in members
