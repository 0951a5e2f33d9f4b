"""Steering committees: attendees of the département only, decisions, follow-up tasks with owners
and due dates, done by their owner or the direction; every write checked in French and audited;
the owner's open tasks, late ones first. The concertation event's writes."""

import datetime

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.pact import committees, services
from pacte.pact.models import ConcertationEvent, FollowUpTask, SteeringCommittee
from tests.factories import DepartementFactory, OrganizationFactory, user_with_role
from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 6, 14)


@pytest.fixture
def setting():
    departement = DepartementFactory(code="87")
    council = OrganizationFactory(departement=departement, name="Conseil départemental 87")
    pact = PactFactory(departement=departement, start_year=2022, end_year=2025)
    return {
        "pact": pact,
        "council": council,
        "direction": user_with_role(Role.DIRECTION, organization=council),
        "contributor": user_with_role(Role.PACT_CONTRIBUTOR, organization=council),
        "elsewhere": user_with_role(Role.DIRECTION, departement=DepartementFactory(code="79")),
        "action": ActionFactory(objective=ObjectiveFactory(thematic=ThematicFactory(pact=pact))),
    }


def _committee(setting, **fields):
    values = {
        "held_on": DAY,
        "title": "Comité de pilotage annuel",
        "agenda": "Bilan 2023",
        "attendee_users": [setting["contributor"]],
        "attendee_organizations": [setting["council"]],
        "other_attendees": "Préfecture (excusée)",
        **fields,
    }
    return committees.save_committee(actor=setting["direction"], pact=setting["pact"], **values)


def test_a_committee_with_attendees_decisions_and_tasks(setting):
    committee = _committee(setting)
    assert list(committee.attendee_users.all()) == [setting["contributor"]]
    decision = committees.add_decision(
        actor=setting["direction"],
        committee=committee,
        text="Étendre l'action au sud",
        action=setting["action"],
    )
    task = committees.add_task(
        actor=setting["direction"], committee=committee, title="Chiffrer l'extension", owner=setting["contributor"],
        due_on=datetime.date(2024, 9, 30), decision=decision,
    )  # fmt: skip
    committee = _committee(setting, committee=committee, minutes="Compte rendu validé", attendee_users=[])
    assert committee.minutes == "Compte rendu validé" and not committee.attendee_users.exists()
    assert list(committee.tasks.all()) == [task] and list(committee.decisions.all()) == [decision]
    assert list(AuditEntry.objects.filter(action__startswith="pact.committee").order_by("id").values_list(
        "action", flat=True
    )) == ["pact.committee.create", "pact.committee.decision", "pact.committee.task", "pact.committee.update"]  # fmt: skip


def test_bad_input_is_refused_on_its_field(setting):
    cases = [
        ({"held_on": None}, "held_on"),
        ({"held_on": datetime.date(2030, 1, 1)}, "held_on"),
        ({"title": " "}, "title"),
        ({"attendee_users": [setting["elsewhere"]]}, "attendee_users"),
        ({"attendee_organizations": [OrganizationFactory(departement=DepartementFactory(code="79"))]},
         "attendee_organizations"),
    ]  # fmt: skip
    for fields, field in cases:
        with pytest.raises(DomainError) as error:
            _committee(setting, **fields)
        assert error.value.field == field, fields
    assert not SteeringCommittee.objects.exists()
    committee = _committee(setting)
    other = _committee(setting, title="Autre comité")
    task_cases = [
        ({"title": "", "owner": setting["contributor"]}, "title"),
        ({"title": "Relancer", "owner": None}, "owner"),
        ({"title": "Relancer", "owner": setting["elsewhere"]}, "owner"),
        ({"title": "Relancer", "owner": setting["contributor"], "due_on": datetime.date(2024, 1, 1)}, "due_on"),
        ({"title": "Relancer", "owner": setting["contributor"],
          "decision": committees.add_decision(actor=None, committee=other, text="Autre")}, "decision"),
    ]  # fmt: skip
    for fields, field in task_cases:
        with pytest.raises(DomainError) as error:
            committees.add_task(actor=setting["direction"], committee=committee, **fields)
        assert error.value.field == field, fields
    foreign_action = ActionFactory()
    with pytest.raises(DomainError) as error:
        committees.add_decision(actor=None, committee=committee, text="Hors pacte", action=foreign_action)
    assert error.value.field == "action"
    assert not FollowUpTask.objects.exists()


def test_a_task_is_done_by_its_owner_or_the_direction_once(setting):
    committee = _committee(setting)
    task = committees.add_task(
        actor=setting["direction"], committee=committee, title="Relancer", owner=setting["contributor"]
    )
    stranger = user_with_role(Role.REFERENT, organization=setting["council"])
    for actor in (stranger, setting["elsewhere"]):
        with pytest.raises(DomainError) as error:
            committees.mark_done(actor=actor, task=task)
        assert error.value.code == "forbidden"
    committees.mark_done(actor=setting["contributor"], task=task)
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == setting["contributor"]
    with pytest.raises(DomainError):
        committees.mark_done(actor=setting["direction"], task=task)
    other = committees.add_task(
        actor=setting["direction"], committee=committee, title="Convoquer", owner=setting["contributor"]
    )
    committees.mark_done(actor=setting["direction"], task=other)


def test_open_tasks_late_first_then_without_due_date(setting):
    committee = _committee(setting)
    owner = setting["contributor"]

    def add(title, due_on, who=owner):
        return committees.add_task(actor=None, committee=committee, title=title, owner=who, due_on=due_on)

    add("Plus tard", datetime.date(2025, 3, 1))
    add("Sans date", None)
    add("Bientôt", datetime.date(2024, 7, 1))
    committees.mark_done(actor=owner, task=add("Déjà faite", datetime.date(2024, 6, 20)))
    add("Pour une autre", datetime.date(2024, 6, 20), who=setting["direction"])
    titles = [task.title for task in FollowUpTask.objects.open_for(owner)]
    assert titles == ["Bientôt", "Plus tard", "Sans date"]


def test_concertation_events_are_written_checked_and_audited(setting):
    pact = setting["pact"]
    event = services.save_concertation_event(
        actor=setting["direction"], pact=pact, kind="assises", title="Assises de l'insertion",
        held_on=datetime.date(2021, 11, 18), meetings=20, attendees_count=70, attendees="Élus, associations",
        contributions="Simplifier l'orientation",
    )  # fmt: skip
    assert (event.position, event.meetings) == (1, 20)
    services.save_concertation_event(
        actor=setting["direction"], pact=pact, event=event, kind="assises", title="Assises 2021",
        held_on=None, period="automne 2021",
    )  # fmt: skip
    event.refresh_from_db()
    assert (event.title, event.held_on, event.period, event.meetings) == (
        "Assises 2021",
        None,
        "automne 2021",
        None,
    )
    cases = [
        ({"kind": "fete", "title": "X", "period": "2022"}, "kind"),
        ({"kind": "reunion", "title": "", "period": "2022"}, "title"),
        ({"kind": "reunion", "title": "Assises 2021", "period": "2022"}, "title"),
        ({"kind": "reunion", "title": "Réunion", "period": ""}, "held_on"),
        ({"kind": "reunion", "title": "Réunion", "period": "2022", "meetings": -1}, "meetings"),
    ]
    for fields, field in cases:
        with pytest.raises(DomainError) as error:
            services.save_concertation_event(actor=setting["direction"], pact=pact, **fields)
        assert error.value.field == field, fields
    assert ConcertationEvent.objects.count() == 1
    assert list(AuditEntry.objects.filter(action__startswith="pact.concertation").values_list(
        "action", flat=True
    ).order_by("id")) == ["pact.concertation.create", "pact.concertation.update"]  # fmt: skip
