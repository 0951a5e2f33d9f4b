"""Équipes pluridisciplinaires: what a member of a session sees, the agenda, the minutes, the letters."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pacte.beneficiaries.models import Person
from pacte.pathways.enums import TeamCaseStatus
from pacte.pathways.models import TeamCase, TeamSession
from tests.web.pathways.orientation.conftest import audited, entering

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


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def words(text):
    return " ".join(text.split())


def test_the_agenda_lists_members_cases_and_reasons(world, agent):
    session = session_of(world, members=[world.users["orientation_agent"]])
    session.external_members = "Mme Leroy, CCAS de Bellac"
    session.save()
    person = entering(world, territory="territory_south", last_name="Duprat")
    case_in(session, person)
    text = words(pdf_text(page(agent, session, "web:orientation_session_agenda")))
    assert "Ordre du jour" in text and session.held_on.strftime("%d/%m/%Y") in text
    assert "Maison du département, Bellac" in text and "Mme Leroy" in text
    assert world.users["orientation_agent"].get_full_name() in text
    assert "Duprat" in text and "Manquement aux obligations" in text and "Absences répétées" in text
    assert audited("team.session.agenda", data__persons=[str(person.uuid)])


def test_the_minutes_give_each_decision(world, agent):
    session = session_of(world, members=[world.users["orientation_agent"]])
    first, second = entering(world, last_name="Albert"), entering(world, last_name="Bernard")
    decided(case_in(session, first), "suspension")
    case_in(session, second, kind="reorientation")
    text = words(pdf_text(page(agent, session, "web:orientation_session_minutes")))
    assert "Procès-verbal" in text and "Membres présents" in text
    assert "Suspension du versement" in text and "Trois convocations sans réponse." in text
    assert "Bernard" in text and "À examiner" in text
    assert audited("team.session.minutes")


def letter(client, case):
    return client.get(reverse("web:orientation_case_letter", kwargs={"uuid": case.uuid}))


def test_a_sanction_letter_states_the_facts_and_the_right_to_be_heard(world, agent):
    session = session_of(world, members=[world.users["orientation_agent"]])
    person = entering(world, territory="territory_south", last_name="Duprat", first_name="Pauline")
    case = decided(case_in(session, person), "suspension")
    text = words(pdf_text(letter(agent, case)))
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    assert "Pauline Duprat" in text or "Duprat Pauline" in text
    assert "Suspension du versement" in text and "Absences répétées" in text
    assert "droit de présenter vos observations" in text and f"jusqu'au {deadline:%d/%m/%Y}" in text
    assert "présenter" in text and "par écrit" in text
    assert audited("person.read.team_letter", object_type="beneficiaries.person", object_id=str(person.uuid))


def test_a_letter_without_sanction_has_no_right_to_be_heard(world, agent):
    session = session_of(world)
    case = decided(
        case_in(session, entering(world), kind="reorientation"), "maintain", note="Parcours adapté."
    )
    text = words(pdf_text(letter(agent, case)))
    assert "Maintien de l'orientation" in text and "Parcours adapté." in text
    assert "observations" not in text


def test_the_session_page_links_the_documents(world, agent):
    session = session_of(world, members=[world.users["orientation_agent"]])
    case = decided(case_in(session, entering(world)), "no_sanction")
    content = page(agent, session).content.decode()
    for name, kwargs in (
        ("web:orientation_session_agenda", {"uuid": session.uuid}),
        ("web:orientation_session_minutes", {"uuid": session.uuid}),
        ("web:orientation_case_letter", {"uuid": case.uuid}),
    ):
        assert reverse(name, kwargs=kwargs) in content


def test_no_letter_for_a_pending_case_nor_a_closed_session(world, agent):
    pending = case_in(session_of(world), entering(world))
    assert letter(agent, pending).status_code == 404
    held_on = timezone.localdate() - datetime.timedelta(days=200)
    closed = session_of(world, members=[world.users["orientation_agent"]], held_on=held_on)
    case = decided(case_in(closed, entering(world, territory="territory_south")), "no_sanction")
    assert letter(agent, case).status_code == 404
    assert (
        reverse("web:orientation_case_letter", kwargs={"uuid": case.uuid})
        not in page(agent, closed).content.decode()
    )


def test_the_documents_of_another_departement_are_not_found(world, agent):
    session = TeamSession.objects.create(departement_code="79", held_on=timezone.localdate())
    session.members.set([world.users["orientation_agent"]])
    case = decided(case_in(session, world.objects["person_79"]), "suspension")
    assert page(agent, session, "web:orientation_session_agenda").status_code == 404
    assert page(agent, session, "web:orientation_session_minutes").status_code == 404
    assert letter(agent, case).status_code == 404
    assert world.objects["person_79"] not in Person.objects.visible_to(world.users["orientation_agent"])
