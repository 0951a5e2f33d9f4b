"""The timeline: every registered provider's events, most recent first."""

import datetime

import pytest

from pacte.pathways import timeline
from pacte.pathways.models import PathwayExit
from pacte.pathways.timeline import TimelineEvent
from tests.pathways.factories import ContractFactory, OrientationFactory, ReferentAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """The registry as the apps left it; what a test registers is gone after it."""
    monkeypatch.setattr(timeline, "_PROVIDERS", dict(timeline._PROVIDERS))


def test_timeline_merges_every_event_most_recent_first():
    orientation = OrientationFactory(decision_date=datetime.date(2025, 4, 1))
    person = orientation.person
    ReferentAssignmentFactory(person=person, start_date=datetime.date(2025, 4, 5))
    ContractFactory(person=person, signed_on=datetime.date(2025, 4, 20), orientation=orientation)
    events = timeline.events(person)
    assert [e.kind for e in events] == ["contract", "referent", "orientation"]
    assert events[0].day == datetime.date(2025, 4, 20)


def test_on_the_same_day_the_exit_comes_after_the_end_of_the_designation():
    orientation = OrientationFactory(decision_date=datetime.date(2025, 4, 1))
    person = orientation.person
    ended = datetime.date(2025, 9, 1)
    ReferentAssignmentFactory(person=person, start_date=datetime.date(2025, 4, 5), end_date=ended)
    ContractFactory(person=person, signed_on=ended, orientation=orientation)
    PathwayExit.objects.create(
        departement_code=person.departement_code, person=person, kind="moved", exit_date=ended
    )
    assert [e.kind for e in timeline.events(person)][:3] == ["exit", "referent_end", "contract"]


def test_a_registered_provider_adds_its_events_in_date_order(providers):
    orientation = OrientationFactory(decision_date=datetime.date(2025, 4, 1))
    person = orientation.person
    ContractFactory(person=person, signed_on=datetime.date(2025, 6, 1), orientation=orientation)

    @timeline.register
    def prescriptions(person):
        for day in (datetime.date(2025, 7, 1), datetime.date(2025, 5, 1)):
            yield TimelineEvent(day, "prescription", f"Prescription du {day:%d/%m/%Y}", person)

    assert [(e.kind, e.day.month) for e in timeline.events(person)] == [
        ("prescription", 7),
        ("contract", 6),
        ("prescription", 5),
        ("orientation", 4),
    ]
    # Declaring it again (a module imported twice) does not repeat its events.
    timeline.register(prescriptions)
    assert [e.kind for e in timeline.events(person)].count("prescription") == 2
