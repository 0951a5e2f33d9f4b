import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.pathways.enums import ContractStatus, TeamCaseStatus
from pacte.pathways.models import ReferentAssignment
from pacte.pathways.services import (
    add_team_case,
    create_team_session,
    decide_team_case,
    postpone_team_case,
    record_exit,
)
from tests.factories import PersonFactory, TerritoryFactory, UserFactory
from tests.pathways.factories import ContractFactory, ReferentAssignmentFactory, exit_reason

pytestmark = pytest.mark.django_db
HELD = timezone.localdate() - datetime.timedelta(days=30)


def test_team_session_cases_and_decisions():
    member = UserFactory()
    session = create_team_session(
        actor=UserFactory(),
        departement_code="87",
        held_on=HELD,
        territory=TerritoryFactory(),
        members=[member],
    )
    assert list(session.members.all()) == [member]
    person = PersonFactory()
    case = add_team_case(actor=UserFactory(), session=session, person=person, kind="non_compliance")
    with pytest.raises(DomainError, match="déjà inscrit"):
        add_team_case(actor=UserFactory(), session=session, person=person, kind="non_compliance")
    with pytest.raises(DomainError, match="ne s'applique pas"):
        decide_team_case(actor=UserFactory(), case=case, decision="reorient", note="x", decided_at=HELD)
    postpone_team_case(actor=UserFactory(), case=case, note="Personne absente")
    decide_team_case(
        actor=UserFactory(),
        case=case,
        decision="suspension_remobilisation",
        note="Absences répétées",
        decided_at=HELD,
    )
    assert case.status == TeamCaseStatus.DECIDED
    with pytest.raises(TransitionError):
        decide_team_case(actor=UserFactory(), case=case, decision="no_sanction", note="x", decided_at=HELD)
    assert AuditEntry.objects.filter(action="team.case.decide").count() == 1


def test_team_case_of_another_departement_is_refused():
    session = create_team_session(actor=UserFactory(), departement_code="79", held_on=HELD)
    with pytest.raises(DomainError, match="ne relève pas"):
        add_team_case(actor=UserFactory(), session=session, person=PersonFactory(), kind="reorientation")


def test_exit_to_employment_ends_referent_and_contracts():
    assignment = ReferentAssignmentFactory()
    person = assignment.person
    contract = ContractFactory(person=person)
    with pytest.raises(DomainError, match="type de contrat"):
        record_exit(
            actor=UserFactory(), person=person, kind="employment", exit_date=datetime.date(2025, 9, 1)
        )
    with pytest.raises(DomainError, match="ne correspond pas"):
        record_exit(
            actor=UserFactory(),
            person=person,
            kind="training",
            exit_date=datetime.date(2025, 9, 1),
            reason=exit_reason(),
        )
    exit_ = record_exit(
        actor=UserFactory(),
        person=person,
        kind="employment",
        employment_contract_type="cdi",
        exit_date=datetime.date(2025, 9, 1),
        reason=exit_reason(),
    )
    assert exit_.employment_contract_type == "cdi"
    assert ReferentAssignment.objects.get(pk=assignment.pk).end_date == datetime.date(2025, 9, 1)
    contract.refresh_from_db()
    assert (contract.status, contract.end_date) == (ContractStatus.ENDED, datetime.date(2025, 9, 1))
