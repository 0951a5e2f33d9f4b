"""Équipes pluridisciplinaires: what a member of a session sees, the agenda, the minutes, the letters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.beneficiaries.models import Person
from pacte.pathways.enums import TeamCaseStatus
from pacte.pathways.models import TeamCase, TeamSession
from tests.web.pathways.orientation.conftest import entering

pytestmark = pytest.mark.django_db

SESSIONS = reverse("web:orientation_sessions")


def session_of(world, *, members=(), held_on=None):
    session = TeamSession.objects.create(
        departement_code="87", held_on=held_on or timezone.localdate(), place="Maison du département, Bellac"
    )
    session.members.set(members)
    return session


def case_in(session, person, kind="non_compliance", **kwargs):
    return TeamCase.objects.create(
        departement_code="87",
        session=session,
        person=person,
        kind=kind,
        summary="Absences répétées",
        **kwargs,
    )


def decided(case, decision, note="Trois convocations sans réponse."):
    case.status, case.decision, case.decision_note = TeamCaseStatus.DECIDED, decision, note
    case.decided_at = case.session.held_on
    case.save()
    return case


def page(client, session, name="web:orientation_session"):
    return client.get(reverse(name, kwargs={"uuid": session.uuid}))


def test_a_member_sees_the_cases_of_persons_outside_their_sector(world, agent):
    session = session_of(world, members=[world.users["orientation_agent"]])
    persons = [entering(world, territory="territory_south") for _ in range(3)]
    for person in persons:
        case_in(session, person)
    assert "<td>3</td>" in agent.get(SESSIONS).content.decode()
    content = page(agent, session).content.decode()
    assert "Aucun dossier inscrit" not in content
    assert all(person.last_name in content for person in persons)
    assert set(Person.objects.visible_to(world.users["orientation_agent"])) >= set(persons)


def test_a_non_member_counts_only_the_cases_they_see(world, agent):
    session = session_of(world)
    case_in(session, entering(world))
    case_in(session, entering(world, territory="territory_south"))
    assert "<td>1</td>" in agent.get(SESSIONS).content.decode()
    assert len(page(agent, session).context["cases"]) == 1


def test_a_member_no_longer_reads_the_persons_of_a_closed_session(world, agent):
    held_on = timezone.localdate() - datetime.timedelta(days=200)
    session = session_of(world, members=[world.users["orientation_agent"]], held_on=held_on)
    person = entering(world, territory="territory_south")
    decided(case_in(session, person), "no_sanction")
    assert person not in Person.objects.visible_to(world.users["orientation_agent"])
    assert len(page(agent, session).context["cases"]) == 1
