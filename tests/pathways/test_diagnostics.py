"""`record_diagnostic`: who may set health barriers, and version numbers under concurrency."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction

from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.pathways.models import Diagnostic
from pacte.pathways.services import record_diagnostic
from tests.factories import PersonFactory, user_with_role
from tests.pathways.factories import barrier


def _record(actor, person, barriers=None, made_on=datetime.date(2025, 5, 1)):
    return record_diagnostic(
        actor=actor,
        person=person,
        made_on=made_on,
        professional_situation="job_seeker",
        education_level="4",
        barriers=barriers,
    )


def _barriers(diagnostic):
    return {link.barrier_id: link.note for link in diagnostic.barrier_links.all()}


@pytest.fixture
def first_version(db):
    """A person whose diagnostic, recorded by a référent, holds a health and a mobility barrier."""
    person = PersonFactory()
    health, mobility = barrier(), barrier("sans-permis", "mobility", "Pas de permis")
    _record(user_with_role(Role.REFERENT), person, {health: "Suivi en cours", mobility: ""})
    return person


def test_a_writer_without_health_access_keeps_the_health_barriers_as_they_were(first_version):
    without_health = user_with_role(Role.PARTNER)
    language = barrier("francais", "language", "Maîtrise du français")
    second = _record(without_health, first_version, {language: "FLE"})
    assert second.version == 2
    # The mobility barrier it did not repeat is gone; the health one it cannot see is carried over.
    assert _barriers(second) == {"sante-physique": "Suivi en cours", "francais": "FLE"}


def test_a_health_barrier_from_a_writer_without_health_access_is_refused(first_version):
    other_health = barrier("sante-psychique", "health", "Santé psychique")
    with pytest.raises(DomainError, match="Freins inconnus : sante-psychique."):
        _record(user_with_role(Role.PARTNER), first_version, {other_health: "Dépression"})
    assert Diagnostic.objects.filter(person=first_version).count() == 1


def test_a_writer_with_health_access_sets_and_removes_health_barriers(first_version):
    second = _record(user_with_role(Role.ORIENTATION_AGENT), first_version, {})
    assert _barriers(second) == {}


def test_the_system_may_set_health_barriers(db):
    diagnostic = _record(None, PersonFactory(), {barrier(): "Importé"})
    assert _barriers(diagnostic) == {"sante-physique": "Importé"}


def test_a_last_employment_in_the_future_is_refused_on_its_field(db):
    person = PersonFactory()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        record_diagnostic(
            actor=None,
            person=person,
            made_on=datetime.date(2025, 5, 1),
            professional_situation="job_seeker",
            education_level="4",
            last_employment_end=tomorrow,
        )
    assert refused.value.field == "last_employment_end"
    assert not Diagnostic.objects.filter(person=person).exists()


def _backend_waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in, so no two read the same last version",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_version_numbers():
    person = PersonFactory()
    actor = user_with_role(Role.REFERENT)
    first_written, release = threading.Event(), threading.Event()
    versions, errors = [], []

    def first():
        try:
            # The first writer's version is written but not committed when the second one reads.
            with transaction.atomic():
                versions.append(_record(actor, person).version)
                first_written.set()
                release.wait(10)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def second():
        try:
            versions.append(_record(actor, person).version)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_written.wait(10)
    threads[1].start()
    deadline = time.monotonic() + 10
    while not _backend_waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert sorted(versions) == [1, 2]
    assert sorted(Diagnostic.objects.filter(person=person).values_list("version", flat=True)) == [1, 2]
