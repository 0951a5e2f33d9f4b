"""Prescriptions: the workflow and its checks, the partner's view of the person (while the
prescription runs, its own prescriptions only), the e-mails to both sides, the timeline."""

import datetime

import pytest
from django.core import mail

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError, TransitionError
from pacte.offers import prescriptions as services
from pacte.offers.models import Attendance, Prescription
from pacte.organizations.enums import Role
from pacte.pathways import timeline
from tests.factories import DepartementFactory, OrganizationFactory, PersonFactory, user_with_role
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import ReferentAssignmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def world():
    d87 = DepartementFactory(code="87")
    association = OrganizationFactory(
        departement=d87, name="Garage solidaire du Limousin", email="garage@example.org"
    )
    other = OrganizationFactory(departement=d87, name="Atelier vélo")
    offer = OfferFactory(
        organization=association, name="Location de scooters", contact_email="scooter@example.org"
    )
    assignment = ReferentAssignmentFactory(
        person=PersonFactory(), start_date=TODAY - datetime.timedelta(days=60)
    )
    referent = assignment.referent
    referent.email = "referente@example.org"
    referent.save()
    return {
        "person": assignment.person,
        "referent": referent,
        "offer": offer,
        "other_offer": OfferFactory(organization=other),
        "partner": user_with_role(Role.PARTNER, association),
        "other_partner": user_with_role(Role.PARTNER, other),
        "referent_org": assignment.organization,
    }


def test_the_whole_pathway_of_a_prescription_is_audited_and_told_to_both_sides(
    world, django_capture_on_commit_callbacks
):
    person, referent, partner = world["person"], world["referent"], world["partner"]
    with django_capture_on_commit_callbacks(execute=True):
        prescription = services.prescribe(
            actor=referent,
            person=person,
            offer=world["offer"],
            barrier_theme="mobility",
            motive="Trajets vers un CDD",
        )
    assert prescription.status == "sent"
    assert prescription.prescriber_organization == world["referent_org"]
    assert [m.to for m in mail.outbox] == [["garage@example.org", "scooter@example.org"]]
    assert "Location de scooters" in mail.outbox[0].subject
    assert person.last_name not in mail.outbox[0].body  # no name in an e-mail
    assert f"/prescriptions/{prescription.uuid}/" in mail.outbox[0].body  # the page it links to

    with django_capture_on_commit_callbacks(execute=True):
        services.accept(actor=partner, prescription=prescription)
        services.record_attendance(
            actor=partner, prescription=prescription, day=TODAY, status="present", hours="3,5"
        )
        services.start(actor=partner, prescription=prescription, on=TODAY)
        services.end(
            actor=partner, prescription=prescription, status="completed", outcome="frein_leve", on=TODAY
        )

    prescription.refresh_from_db()
    assert (prescription.status, prescription.outcome, prescription.answered_by) == (
        "completed",
        "frein_leve",
        partner,
    )
    assert [m.to for m in mail.outbox[1:]] == [["referente@example.org"]] * 3
    assert "terminée" in mail.outbox[-1].subject
    actions = list(
        AuditEntry.objects.filter(object_id=str(prescription.uuid)).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "prescription.send",
            "prescription.accept",
            "prescription.attendance",
            "prescription.start",
            "prescription.complete",
        ]
    )
    assert services.attendance_summary(prescription)["hours"] == 3.5


def test_moves_outside_the_table_and_bad_answers_are_refused_in_french(world):
    prescription = services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"])
    with pytest.raises(TransitionError, match="Envoyée.*Terminée"):
        services.end(actor=world["partner"], prescription=prescription, status="completed", outcome="emploi")
    with pytest.raises(DomainError, match="motif du refus"):
        services.refuse(actor=world["partner"], prescription=prescription, reason="")
    with pytest.raises(DomainError, match="Précisez"):
        services.refuse(actor=world["partner"], prescription=prescription, reason="autre", note=" ")
    with pytest.raises(DomainError, match="présence se déclare"):
        services.record_attendance(
            actor=world["partner"], prescription=prescription, day=TODAY, status="present"
        )
    with pytest.raises(DomainError, match="déjà une prescription en cours"):
        services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"])
    services.refuse(actor=world["partner"], prescription=prescription, reason="complet")
    assert Prescription.objects.get().refusal_reason == "complet"
    # Once refused, a new prescription to the same offer may be sent.
    assert (
        services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"]).status
        == "sent"
    )


def test_only_professionals_prescribe_and_only_to_published_offers_and_sessions_to_come(world):
    with pytest.raises(DomainError, match="Seuls les professionnels"):
        services.prescribe(actor=world["partner"], person=world["person"], offer=world["offer"])
    draft = OfferFactory(organization=world["offer"].organization, status="draft")
    with pytest.raises(DomainError, match="pas publiée"):
        services.prescribe(actor=world["referent"], person=world["person"], offer=draft)
    from pacte.offers.models import OfferSession

    past = OfferSession.objects.create(
        offer=world["offer"], departement_code="87", start_date=TODAY - datetime.timedelta(days=30)
    )
    with pytest.raises(DomainError, match="session est terminée"):
        services.prescribe(
            actor=world["referent"], person=world["person"], offer=world["offer"], session=past
        )
    other_session = OfferSession.objects.create(
        offer=world["other_offer"], departement_code="87", start_date=TODAY
    )
    with pytest.raises(DomainError, match="pas une session de l'offre"):
        services.prescribe(
            actor=world["referent"], person=world["person"], offer=world["offer"], session=other_session
        )
    assert Prescription.objects.count() == 0


def test_a_partner_sees_the_person_only_while_a_prescription_to_its_offers_runs(world):
    person, partner, other_partner = world["person"], world["partner"], world["other_partner"]
    assert person not in Person.objects.visible_to(partner)
    prescription = services.prescribe(actor=world["referent"], person=person, offer=world["offer"])
    assert list(Person.objects.visible_to(partner)) == [person]
    assert list(Prescription.objects.visible_to(partner)) == [prescription]
    # Another partner sees neither the person nor the prescription.
    assert person not in Person.objects.visible_to(other_partner)
    assert list(Prescription.objects.visible_to(other_partner)) == []
    # A second prescription, to the other partner: each partner sees only its own.
    second = services.prescribe(actor=world["referent"], person=person, offer=world["other_offer"])
    assert list(Prescription.objects.visible_to(partner)) == [prescription]
    assert list(Prescription.objects.visible_to(other_partner)) == [second]
    # The référent sees both, as part of the person's record.
    assert set(Prescription.objects.visible_to(world["referent"])) == {prescription, second}

    services.accept(actor=partner, prescription=prescription)
    services.start(actor=partner, prescription=prescription)
    services.end(actor=partner, prescription=prescription, status="abandoned", outcome="sante")
    assert person not in Person.objects.visible_to(partner)
    assert list(Prescription.objects.visible_to(partner)) == []
    assert person in Person.objects.visible_to(other_partner)


def test_a_partner_who_is_also_referent_sees_its_caseload_s_prescriptions_but_not_others_of_its_partner_side():
    d87 = DepartementFactory(code="87")
    association = OrganizationFactory(departement=d87)
    offer = OfferFactory(organization=association)
    elsewhere = OfferFactory(organization=OrganizationFactory(departement=d87))
    both = user_with_role(Role.PARTNER, association)
    prescribed = PrescriptionFactory(offer=offer)
    # The person prescribed to the partner also has a prescription to another structure.
    PrescriptionFactory(person=prescribed.person, offer=elsewhere)
    assert list(Prescription.objects.visible_to(both)) == [prescribed]


def test_the_timeline_shows_each_step(world):
    prescription = services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"])
    services.accept(actor=world["partner"], prescription=prescription, waiting_list=True)
    labels = [
        event.label for event in timeline.events(world["person"]) if event.kind.startswith("prescription")
    ]
    assert labels == [
        "Prescription mise en liste d'attente : « Location de scooters » (Garage solidaire du Limousin)",
        "Prescription vers « Location de scooters » (Garage solidaire du Limousin)",
    ]
    services.accept(actor=world["partner"], prescription=prescription)
    services.start(actor=world["partner"], prescription=prescription)
    services.end(actor=world["partner"], prescription=prescription, status="completed", outcome="emploi")
    labels = [
        event.label for event in timeline.events(world["person"]) if event.kind.startswith("prescription")
    ]
    assert (
        labels[0]
        == "Fin de l'action « Location de scooters » (Garage solidaire du Limousin) : accès à l'emploi"
    )
    assert "Prescription acceptée" in labels[2]


def test_attendance_of_a_day_is_replaced_not_doubled_and_never_in_the_future(world):
    prescription = services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"])
    services.accept(actor=world["partner"], prescription=prescription)
    services.record_attendance(actor=world["partner"], prescription=prescription, day=TODAY, status="absent")
    services.record_attendance(actor=world["partner"], prescription=prescription, day=TODAY, status="excuse")
    assert list(Attendance.objects.values_list("status", flat=True)) == ["excuse"]
    with pytest.raises(DomainError, match="futur"):
        services.record_attendance(
            actor=world["partner"],
            prescription=prescription,
            day=TODAY + datetime.timedelta(days=1),
            status="present",
        )
    with pytest.raises(DomainError, match="heures"):
        services.record_attendance(
            actor=world["partner"], prescription=prescription, day=TODAY, status="present", hours="14"
        )


def test_who_may_answer_and_cancel(world):
    prescription = services.prescribe(actor=world["referent"], person=world["person"], offer=world["offer"])
    assert services.can_answer(world["partner"], prescription)
    assert not services.can_answer(world["other_partner"], prescription)
    assert not services.can_answer(world["referent"], prescription)
    assert services.can_cancel(world["referent"], prescription)
    assert not services.can_cancel(world["partner"], prescription)
    services.cancel(actor=world["referent"], prescription=prescription)
    assert Prescription.objects.get().status == "cancelled"
