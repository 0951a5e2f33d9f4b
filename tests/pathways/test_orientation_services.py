import datetime

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.pathways.enums import OrientationOrigin, OrientationStatus, Track
from pacte.pathways.models import Orientation
from pacte.pathways.services import (
    decide_orientation,
    refuse_orientation,
    validate_cohort,
    validate_orientation,
)
from tests.factories import OrganizationFactory, UserFactory
from tests.pathways.factories import FranceTravailFactory, MaisonDepartementFactory, OrientationFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 4, 20)


def actions(obj):
    return list(AuditEntry.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def test_validate_a_proposal_is_dated_and_audited():
    agent = UserFactory()
    proposal = OrientationFactory(proposed=True)
    validate_orientation(actor=agent, orientation=proposal, decision_date=DAY)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_date, proposal.decided_by) == (
        OrientationStatus.VALIDATED,
        DAY,
        agent,
    )
    assert actions(proposal) == ["orientation.validate"]
    with pytest.raises(TransitionError):
        validate_orientation(actor=agent, orientation=proposal, decision_date=DAY)


def test_validation_needs_a_body_of_the_right_kind():
    proposal = OrientationFactory(proposed=True, body=None, body_kind="france_travail")
    with pytest.raises(DomainError, match="Choisissez l'organisme"):
        validate_orientation(actor=UserFactory(), orientation=proposal)
    with pytest.raises(DomainError, match="n'est pas un organisme de type"):
        validate_orientation(actor=UserFactory(), orientation=proposal, body=MaisonDepartementFactory())
    with pytest.raises(DomainError, match="futur"):
        validate_orientation(
            actor=UserFactory(),
            orientation=proposal,
            body=FranceTravailFactory(),
            decision_date=datetime.date.today() + datetime.timedelta(days=3),
        )


def test_refuse_needs_a_reason():
    proposal = OrientationFactory(proposed=True)
    with pytest.raises(DomainError, match="pourquoi"):
        refuse_orientation(actor=UserFactory(), orientation=proposal, reason=" ")
    refuse_orientation(actor=UserFactory(), orientation=proposal, reason="Situation à revoir en entretien")
    assert proposal.status == OrientationStatus.REFUSED
    assert actions(proposal) == ["orientation.refuse"]


def test_cohort_validation_is_all_or_nothing():
    good = [OrientationFactory(proposed=True) for _ in range(3)]
    bad = OrientationFactory(proposed=True, body=None, body_kind="departement")
    with pytest.raises(DomainError, match="Aucune orientation validée") as error:
        validate_cohort(actor=UserFactory(), orientations=[*good, bad], decision_date=DAY)
    assert str(bad.person) in error.value.message
    assert Orientation.objects.filter(status=OrientationStatus.VALIDATED).count() == 0
    assert all(o.status == OrientationStatus.PROPOSED for o in good)
    validate_cohort(actor=UserFactory(), orientations=good, decision_date=DAY)
    assert Orientation.objects.filter(status=OrientationStatus.VALIDATED, decision_date=DAY).count() == 3


def test_decide_orientation_validates_an_equal_proposal_or_sets_a_different_one_aside():
    proposal = OrientationFactory(proposed=True)
    decided = decide_orientation(
        actor=UserFactory(),
        person=proposal.person,
        track=Track.PROFESSIONAL,
        body=proposal.body,
        decision_date=DAY,
    )
    assert decided == proposal and decided.status == OrientationStatus.VALIDATED

    other = OrientationFactory(proposed=True)
    mdd = MaisonDepartementFactory()
    decided = decide_orientation(
        actor=UserFactory(), person=other.person, track=Track.SOCIAL, body=mdd, decision_date=DAY
    )
    other.refresh_from_db()
    assert other.status == OrientationStatus.REFUSED
    assert (decided.track, decided.body_kind, decided.origin) == (
        Track.SOCIAL,
        "departement",
        OrientationOrigin.MANUAL,
    )
    assert actions(decided) == ["orientation.validate"]


def test_current_orientation_is_the_latest_decided():
    first = OrientationFactory(decision_date=datetime.date(2024, 1, 5))
    later = OrientationFactory(
        person=first.person,
        decision_date=datetime.date(2025, 2, 1),
        body=OrganizationFactory(),
        track=Track.SOCIAL,
    )
    OrientationFactory(person=first.person, proposed=True)
    assert list(Orientation.objects.current()) == [later]


def test_current_at_a_date_and_first_orientation():
    first = OrientationFactory(decision_date=datetime.date(2024, 1, 5))
    second = OrientationFactory(
        person=first.person,
        decision_date=datetime.date(2025, 2, 1),
        body=OrganizationFactory(),
        track=Track.SOCIAL,
    )
    assert list(Orientation.objects.current_at(datetime.date(2024, 12, 31))) == [first]
    assert list(Orientation.objects.current_at(datetime.date(2025, 2, 1))) == [second]
    assert list(Orientation.objects.current_at(datetime.date(2023, 12, 31))) == []
    assert list(Orientation.objects.first_per_person()) == [first]
