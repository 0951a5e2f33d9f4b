"""Every date a service writes is one that can be: each refusal is in French and names its field."""

import datetime

import pytest
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.pathways.dates import add_months
from pacte.pathways.enums import Track
from pacte.pathways.services import (
    assign_referent,
    create_contract,
    create_team_session,
    decide_orientation,
    decide_reorientation,
    request_reorientation,
    schedule_appointment,
    sign_contract,
    transfer_caseload,
)
from tests.factories import PersonFactory, UserFactory
from tests.pathways.factories import (
    MaisonDepartementFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
    referent_in,
)

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2025, 4, 10)


def refused(field, match, service, **kwargs):
    with pytest.raises(DomainError, match=match) as caught:
        service(actor=UserFactory(), **kwargs)
    assert caught.value.field == field


def appointment(person, mdd, starts_at):
    return schedule_appointment(
        actor=UserFactory(), person=person, organization=mdd, place="MDD", starts_at=starts_at
    )


def test_an_appointment_is_at_most_a_year_back_or_ahead():
    person, mdd = PersonFactory(), MaisonDepartementFactory()
    now = timezone.now()
    for starts_at in (now - datetime.timedelta(days=400), now + datetime.timedelta(days=400)):
        with pytest.raises(DomainError, match="La date du rendez-vous doit être comprise entre") as caught:
            appointment(person, mdd, starts_at)
        assert caught.value.field == "starts_at"
    assert appointment(person, mdd, now + datetime.timedelta(days=330)).pk
    assert appointment(person, mdd, now - datetime.timedelta(days=330)).pk


def test_a_team_session_is_not_held_in_the_past_century():
    for held_on in (datetime.date(1925, 12, 3), add_months(timezone.localdate(), 13)):
        refused(
            "held_on",
            "La date de la séance doit être comprise entre",
            create_team_session,
            departement_code="87",
            held_on=held_on,
        )
    assert create_team_session(actor=UserFactory(), departement_code="87", held_on=timezone.localdate())


def test_a_referent_is_not_designated_before_the_orientation_nor_in_the_future():
    orientation = OrientationFactory(decision_date=DECIDED)
    mdd = MaisonDepartementFactory()
    referent = referent_in(mdd)
    kwargs = {"person": orientation.person, "referent": referent, "organization": mdd}
    refused(
        "start_date",
        "précède la décision d'orientation",
        assign_referent,
        start_date=DECIDED.replace(day=9),
        **kwargs,
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused("start_date", "ne peut pas être dans le futur", assign_referent, start_date=tomorrow, **kwargs)
    assert assign_referent(actor=UserFactory(), start_date=DECIDED, **kwargs).start_date == DECIDED


def test_a_transfer_is_not_dated_before_the_orientation():
    orientation = OrientationFactory(decision_date=DECIDED)
    mdd = MaisonDepartementFactory()
    current = ReferentAssignmentFactory(
        person=orientation.person, organization=mdd, start_date=datetime.date(2025, 3, 1)
    )
    refused(
        "on",
        "précède la décision d'orientation",
        transfer_caseload,
        from_referent=current.referent,
        to_referent=referent_in(mdd),
        organization=mdd,
        on=datetime.date(2025, 4, 1),
    )


def test_a_new_orientation_is_not_decided_before_the_current_one():
    current = OrientationFactory(decision_date=DECIDED)
    refused(
        "decision_date",
        "précède celle de l'orientation en cours",
        decide_orientation,
        person=current.person,
        track=Track.SOCIAL,
        body=MaisonDepartementFactory(),
        decision_date=datetime.date(2025, 4, 1),
    )


def test_a_reorientation_is_not_requested_before_the_current_orientation():
    current = OrientationFactory(decision_date=DECIDED)
    refused(
        "requested_on",
        "La demande de réorientation précède la décision d'orientation en cours",
        request_reorientation,
        person=current.person,
        reason="Santé",
        proposed_track=Track.SOCIAL,
        proposed_body_kind="departement",
        requested_on=datetime.date(2025, 4, 9),
    )


def test_a_reorientation_is_not_decided_before_it_was_requested():
    current = OrientationFactory(decision_date=DECIDED)
    request = request_reorientation(
        actor=UserFactory(),
        person=current.person,
        reason="Santé",
        proposed_track=Track.SOCIAL,
        proposed_body_kind="departement",
        requested_on=datetime.date(2025, 6, 1),
    )
    refused(
        "decision_date",
        "précède la demande",
        decide_reorientation,
        request=request,
        accept=False,
        reason="Non",
        decision_date=datetime.date(2025, 5, 31),
    )


def test_a_draft_that_could_not_be_signed_is_refused_when_written():
    orientation = OrientationFactory(decision_date=DECIDED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    refused(
        "end_date",
        "La date de fin prévue du contrat est passée",
        create_contract,
        person=orientation.person,
        end_date=yesterday,
    )
    contract = create_contract(actor=UserFactory(), person=orientation.person, end_date=timezone.localdate())
    with pytest.raises(DomainError) as caught:
        sign_contract(actor=UserFactory(), contract=contract, signed_on=DECIDED.replace(day=1))
    assert caught.value.field == "signed_on"
