import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.pathways.enums import AppointmentStatus, ContractStatus, PlanItemStatus, ReorientationStatus, Track
from pacte.pathways.models import Contract, Diagnostic, Orientation, ReferentAssignment
from pacte.pathways.services import (
    add_action,
    add_objective,
    assign_referent,
    create_contract,
    decide_reorientation,
    delete_plan_item,
    record_attendance,
    record_diagnostic,
    renew_contract,
    request_reorientation,
    schedule_appointment,
    set_plan_item_status,
    sign_contract,
    transfer_caseload,
    update_plan_item,
)
from tests.factories import PersonFactory, UserFactory
from tests.pathways.factories import (
    AppointmentFactory,
    MaisonDepartementFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
    barrier,
    referent_in,
)

pytestmark = pytest.mark.django_db


def audited(action):
    return AuditEntry.objects.filter(action=action).count()


def test_assign_referent_ends_the_previous_designation():
    mdd = MaisonDepartementFactory()
    first, second = referent_in(mdd), referent_in(mdd)
    person = PersonFactory()
    assign_referent(
        actor=UserFactory(),
        person=person,
        referent=first,
        organization=mdd,
        start_date=datetime.date(2025, 4, 1),
    )
    assign_referent(
        actor=UserFactory(),
        person=person,
        referent=second,
        organization=mdd,
        start_date=datetime.date(2025, 5, 1),
    )
    assignments = list(ReferentAssignment.objects.filter(person=person).order_by("start_date"))
    assert [(a.referent, a.end_date) for a in assignments] == [
        (first, datetime.date(2025, 5, 1)),
        (second, None),
    ]
    assert audited("referent.assign") == 2 and audited("referent.end") == 1
    with pytest.raises(DomainError, match="n'est pas référent"):
        assign_referent(actor=UserFactory(), person=person, referent=UserFactory(), organization=mdd)


def test_assigning_many_is_all_or_none():
    from pacte.beneficiaries.models import Person
    from pacte.pathways.services import assign_referent_to_many

    mdd = MaisonDepartementFactory()
    referent = referent_in(mdd)
    free, already = PersonFactory(), PersonFactory()
    assign_referent(actor=UserFactory(), person=already, referent=referent, organization=mdd)
    persons = Person.objects.filter(pk__in=[free.pk, already.pk])
    with pytest.raises(DomainError, match="est déjà"):
        assign_referent_to_many(actor=UserFactory(), persons=persons, referent=referent, organization=mdd)
    assert not ReferentAssignment.objects.filter(person=free).exists()
    done = assign_referent_to_many(
        actor=UserFactory(), persons=persons.filter(pk=free.pk), referent=referent, organization=mdd
    )
    assert [a.person for a in done] == [free]


def test_one_active_referent_per_person_in_the_database():
    assignment = ReferentAssignmentFactory()
    with pytest.raises(IntegrityError):
        ReferentAssignmentFactory(person=assignment.person, organization=assignment.organization)


def test_transfer_caseload():
    mdd = MaisonDepartementFactory()
    leaving, taking = referent_in(mdd), referent_in(mdd)
    for _ in range(3):
        ReferentAssignmentFactory(referent=leaving, organization=mdd)
    moved = transfer_caseload(
        actor=UserFactory(), from_referent=leaving, to_referent=taking, organization=mdd
    )
    assert len(moved) == 3
    assert not ReferentAssignment.objects.active().filter(referent=leaving).exists()
    assert ReferentAssignment.objects.active().filter(referent=taking).count() == 3
    assert audited("referent.transfer") == 3


def test_contract_lifecycle():
    orientation = OrientationFactory(decision_date=datetime.date(2025, 4, 1))
    person = orientation.person
    with pytest.raises(DomainError, match="motif"):
        create_contract(actor=UserFactory(), person=person, weekly_hours=10)
    with pytest.raises(DomainError, match="seul le contrat d'engagement"):
        create_contract(actor=UserFactory(), person=person, kind="cer")
    contract = create_contract(
        actor=UserFactory(), person=person, weekly_hours=10, hours_reason="Problème de santé"
    )
    assert (contract.status, contract.orientation, contract.organization) == (
        ContractStatus.DRAFT,
        orientation,
        orientation.body,
    )
    with pytest.raises(DomainError, match="avant la décision"):
        sign_contract(actor=UserFactory(), contract=contract, signed_on=datetime.date(2025, 3, 1))
    sign_contract(actor=UserFactory(), contract=contract, signed_on=datetime.date(2025, 4, 20))
    renewal = renew_contract(actor=UserFactory(), contract=contract, signed_on=datetime.date(2025, 10, 20))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.RENEWED and contract.end_date == datetime.date(2025, 10, 19)
    assert renewal.renewal_of == contract and renewal.status == ContractStatus.SIGNED
    assert list(Contract.objects.in_force(datetime.date(2025, 10, 19))) == [contract]
    assert list(Contract.objects.in_force(datetime.date(2025, 10, 20))) == [renewal]
    with pytest.raises(TransitionError):
        sign_contract(actor=UserFactory(), contract=contract)
    assert [audited(a) for a in ("contract.create", "contract.sign", "contract.renew")] == [1, 1, 1]


def test_contract_needs_an_orientation():
    with pytest.raises(DomainError, match="pas encore orienté"):
        create_contract(actor=UserFactory(), person=PersonFactory())


def test_plan_objectives_and_actions():
    person = PersonFactory()
    objective = add_objective(
        actor=UserFactory(), person=person, title="Passer le permis B", created_by_person=True
    )
    action = add_action(
        actor=UserFactory(),
        objective=objective,
        title="S'inscrire au code",
        due_date=datetime.date(2025, 9, 1),
    )
    assert objective.created_by_person and action.position == 1 and action.person == person
    update_plan_item(actor=UserFactory(), item=action, title="S'inscrire à l'auto-école")
    set_plan_item_status(actor=UserFactory(), item=action, status=PlanItemStatus.IN_PROGRESS)
    with pytest.raises(DomainError, match="pas encore commencé"):
        delete_plan_item(actor=UserFactory(), item=action)
    set_plan_item_status(actor=UserFactory(), item=action, status=PlanItemStatus.DONE)
    with pytest.raises(TransitionError):
        set_plan_item_status(actor=UserFactory(), item=action, status=PlanItemStatus.PLANNED)
    with pytest.raises(DomainError, match="non modifiables"):
        update_plan_item(actor=UserFactory(), item=objective, status="done")
    assert audited("plan.planaction.status") == 2


def test_appointments_and_attendance():
    person = PersonFactory()
    mdd = MaisonDepartementFactory()
    later = schedule_appointment(
        actor=UserFactory(),
        person=person,
        organization=mdd,
        place="MDD Limoges",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        kind="convocation",
    )
    with pytest.raises(DomainError, match="pas encore eu lieu"):
        record_attendance(actor=UserFactory(), appointment=later, status=AppointmentStatus.SEEN)
    record_attendance(
        actor=UserFactory(), appointment=later, status=AppointmentStatus.EXCUSED, note="Enfant malade"
    )
    past = AppointmentFactory(person=person)
    record_attendance(actor=UserFactory(), appointment=past, status=AppointmentStatus.ABSENT)
    with pytest.raises(TransitionError):
        record_attendance(actor=UserFactory(), appointment=past, status=AppointmentStatus.SEEN)
    assert audited("appointment.attendance") == 2 and audited("appointment.schedule") == 1


def test_reorientation_request_and_decision():
    current = OrientationFactory()
    person = current.person
    referent = ReferentAssignmentFactory(person=person).referent
    mdd = MaisonDepartementFactory()
    request = request_reorientation(
        actor=referent,
        person=person,
        reason="Problèmes de santé à traiter d'abord",
        proposed_track=Track.SOCIAL,
        proposed_body_kind="departement",
    )
    with pytest.raises(DomainError, match="déjà en attente"):
        request_reorientation(
            actor=referent,
            person=person,
            reason="x",
            proposed_track=Track.SOCIAL,
            proposed_body_kind="departement",
        )
    with pytest.raises(DomainError, match="motif"):
        decide_reorientation(actor=UserFactory(), request=request, accept=True, reason="")
    decide_reorientation(actor=UserFactory(), request=request, accept=True, reason="Avis favorable", body=mdd)
    assert request.status == ReorientationStatus.ACCEPTED
    assert Orientation.objects.current().get(person=person) == request.resulting_orientation
    assert request.resulting_orientation.body == mdd
    with pytest.raises(TransitionError):
        decide_reorientation(actor=UserFactory(), request=request, accept=False, reason="Non")


def test_rejected_reorientation_keeps_the_orientation():
    current = OrientationFactory()
    request = request_reorientation(
        actor=UserFactory(),
        person=current.person,
        reason="Souhaite changer",
        proposed_track=Track.SOCIAL,
        proposed_body_kind="hors_spe",
    )
    decide_reorientation(actor=UserFactory(), request=request, accept=False, reason="Parcours emploi adapté")
    assert request.status == ReorientationStatus.REJECTED
    assert Orientation.objects.current().get(person=current.person) == current


def test_diagnostic_versions_are_never_overwritten():
    person = PersonFactory()
    health = barrier()
    mobility = barrier("sans-permis", "mobility", "Pas de permis de conduire")
    first = record_diagnostic(
        actor=referent_in(MaisonDepartementFactory()),
        person=person,
        made_on=datetime.date(2025, 4, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={health: "Suivi en cours", mobility: ""},
    )
    second = record_diagnostic(
        actor=UserFactory(),
        person=person,
        made_on=datetime.date(2025, 6, 1),
        professional_situation="training",
        education_level="4",
    )
    assert (first.version, second.version) == (1, 2)
    assert [link.is_sensitive for link in first.barrier_links.order_by("barrier__theme")] == [True, False]
    assert list(Diagnostic.objects.latest_per_person()) == [second]
    assert Diagnostic.objects.filter(person=person).count() == 2
