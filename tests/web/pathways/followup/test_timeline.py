"""The timeline of the pathway page: every provider's events, in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from pacte.pathways import services, timeline
from pacte.pathways.timeline import TimelineEvent
from tests.pathways.factories import AppointmentFactory, ReferentAssignmentFactory
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


def _add_events(person, organization, count, start):
    for index in range(start, start + count):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=index)
        services.record_diagnostic(
            actor=None, person=person, made_on=day, professional_situation="job_seeker", education_level="4"
        )
        ReferentAssignmentFactory(
            person=person,
            organization=organization,
            start_date=day,
            end_date=day + datetime.timedelta(days=1),
        )
        AppointmentFactory(
            person=person,
            organization=organization,
            starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
        )


def test_the_timeline_query_count_does_not_grow_with_its_events(world, referent_client, monkeypatch):
    person, mdd = world.objects["fu_person"], world.objects["mdd_north"]
    monkeypatch.setattr(timeline, "_PROVIDERS", dict(timeline._PROVIDERS))

    @timeline.register
    def notes(person):
        for diagnostic in person.diagnostics.order_by("version"):
            yield TimelineEvent(
                diagnostic.made_on, "note", f"Note de suivi n° {diagnostic.version}", diagnostic
            )

    path = reverse("web:followup_pathway", kwargs={"uuid": person.uuid})
    _add_events(person, mdd, 2, 0)
    few = queries_for(referent_client, path, shows=["Note de suivi n° 2"])
    _add_events(person, mdd, 20, 2)
    assert queries_for(referent_client, path, shows=["Note de suivi n° 2", "Note de suivi n° 22"]) == few
    page = referent_client.get(path).content.decode()
    for version in (1, 22):
        assert f"Note de suivi n° {version}" in page and f"Diagnostic n° {version} du" in page
    assert page.index("Note de suivi n° 22") < page.index("Note de suivi n° 1<")
