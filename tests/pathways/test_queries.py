import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.organizations.enums import Role
from pacte.pathways import queries
from tests.factories import DossierFactory, PersonFactory, TerritoryFactory, UserFactory, user_with_role
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
    referent_in,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def direction():
    return user_with_role(Role.DIRECTION)


def test_queue_sorted_by_urgency_with_deadline_and_overdue(direction):
    old = PersonFactory(dossier=DossierFactory(dtdemrsa=datetime.date(2025, 3, 1)))
    recent = PersonFactory(dossier=DossierFactory(dtdemrsa=datetime.date(2025, 5, 20)))
    # Entered rights and duties after the demand: counted from sdd_since.
    late_entry = PersonFactory(
        dossier=DossierFactory(dtdemrsa=datetime.date(2024, 1, 1)), sdd_since=datetime.date(2025, 4, 25)
    )
    OrientationFactory(person=PersonFactory())
    PersonFactory(is_sdd=False)
    OrientationFactory(proposed=True, person=recent)
    rows = list(queries.orientation_queue(direction, today=TODAY))
    assert rows == [old, late_entry, recent]
    assert [queries.queue_deadline(p) for p in rows] == [
        datetime.date(2025, 4, 12),
        datetime.date(2025, 6, 6),
        datetime.date(2025, 7, 1),
    ]
    assert [p.is_overdue for p in rows] == [True, False, False]
    assert rows[2].proposal_uuid is not None
    assert list(queries.not_oriented_in_time(direction, today=TODAY)) == [old]


def test_queue_by_territory(direction):
    north = TerritoryFactory()
    here = PersonFactory(dossier=DossierFactory(territory=north))
    PersonFactory()
    assert list(queries.orientation_queue(direction, today=TODAY, territory=north)) == [here]


def test_queue_query_count_does_not_grow(direction):
    def count_queries(n):
        for _ in range(n):
            PersonFactory()
        direction._pacte_memberships = None
        with CaptureQueriesContext(connection) as ctx:
            rows = list(queries.orientation_queue(direction, today=TODAY))
            [(p.dossier.numdemrsa, p.is_overdue) for p in rows]
        assert len(rows) >= n  # the persons just added are read, not an empty queue
        return len(ctx.captured_queries)

    assert count_queries(5) == count_queries(45)


def test_without_contract_one_month_after_orientation(direction):
    late = OrientationFactory(decision_date=datetime.date(2025, 4, 1)).person
    signed = OrientationFactory(decision_date=datetime.date(2025, 4, 1)).person
    ContractFactory(person=signed, signed_on=datetime.date(2025, 4, 20))
    old_contract = OrientationFactory(decision_date=datetime.date(2025, 4, 1)).person
    ContractFactory(person=old_contract, signed_on=datetime.date(2024, 4, 20))
    OrientationFactory(decision_date=datetime.date(2025, 5, 15))
    assert set(queries.without_contract_after_orientation(direction, today=TODAY)) == {late, old_contract}


def test_without_appointment_for_months(direction):
    followed = ReferentAssignmentFactory(start_date=datetime.date(2024, 1, 1)).person
    seen = ReferentAssignmentFactory(start_date=datetime.date(2024, 1, 1)).person
    AppointmentFactory(person=seen, status="seen", starts_at=timezone.now() - datetime.timedelta(days=10))
    AppointmentFactory(
        person=followed, status="seen", starts_at=timezone.now() - datetime.timedelta(days=200)
    )
    today = timezone.localdate()
    assert list(queries.without_appointment(direction, today=today, months=3)) == [followed]
    assert queries.late_summary(direction, today=today)["without_appointment"] == 1


def test_caseload_and_sizes(direction):
    assignment = ReferentAssignmentFactory()
    ReferentAssignmentFactory(referent=assignment.referent, organization=assignment.organization)
    other = referent_in(assignment.organization)
    ReferentAssignmentFactory(referent=other, organization=assignment.organization)
    assert queries.caseload(direction, assignment.referent).count() == 2
    sizes = {user: user.caseload for user in queries.caseload_sizes(direction, assignment.organization)}
    assert sizes == {assignment.referent: 2, other: 1}
    assert queries.caseload(UserFactory(), assignment.referent).count() == 0


def _queries_for(build_rows, read):
    counts = []
    for n in (5, 45):
        build_rows(n)
        with CaptureQueriesContext(connection) as context:
            read()
        counts.append(len(context.captured_queries))
    return counts


def test_late_lists_and_caseload_query_counts_do_not_grow(direction):
    assignment = ReferentAssignmentFactory(start_date=datetime.date(2024, 1, 1))
    referent, mdd = assignment.referent, assignment.organization

    def build(n):
        for _ in range(n):
            person = OrientationFactory(decision_date=datetime.date(2025, 1, 1)).person
            ReferentAssignmentFactory(
                person=person, referent=referent, organization=mdd, start_date=datetime.date(2024, 1, 1)
            )

    def read():
        direction._pacte_memberships = None
        for rows in (
            queries.without_contract_after_orientation(direction, today=TODAY),
            queries.without_appointment(direction, today=TODAY),
            queries.caseload(direction, referent),
        ):
            [(p.dossier.numdemrsa, p.full_name) for p in rows]
        queries.caseload_sizes(direction, mdd)
        queries.late_summary(direction, today=TODAY)

    few, many = _queries_for(build, read)
    assert few == many
    assert queries.caseload(direction, referent).count() == 51
