"""The pathway page and its forms: contracts, plan, appointments, reorientation, exits."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.pathways.enums import AppointmentStatus, ContractStatus, PlanItemStatus, ReorientationStatus
from pacte.pathways.models import (
    Appointment,
    Contract,
    PathwayExit,
    PlanObjective,
    ReferentAssignment,
    ReorientationRequest,
)
from tests.permissions.world import client_for
from tests.web.helpers import queries_for
from tests.web.pathways.followup.conftest import follow, other_referent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, obj, **extra):
    return reverse(f"web:followup_{name}", kwargs={"uuid": obj.uuid, **extra})


def test_the_pathway_page_shows_every_part_and_is_audited(world, referent_client):
    person = world.objects["fu_person"]
    page = referent_client.get(url("pathway", person)).content.decode()
    for text in ("Chronologie du parcours", "Contrat d'engagement", "Plan d'action", "Retrouver un emploi",
                 "Atelier CV", "Rendez-vous", "Demander une réorientation", str(world.users["referent"])):  # fmt: skip
        assert text in page, text
    assert AuditEntry.objects.filter(action="person.read.pathway", object_id=str(person.uuid)).exists()


def test_the_pathway_page_query_count_does_not_grow_with_the_plan(world, referent_client):
    person = world.objects["fu_person"]
    objective = PlanObjective.objects.get(person=person)
    small = queries_for(referent_client, url("pathway", person), shows=[objective.title])
    for index in range(10):
        referent_client.post(url("objective_add", person), {"objectif-title": f"Objectif {index}"})
        referent_client.post(url("action_add", objective), {"title": f"Action {index}"})
    shown = [f"Objectif {index}" for index in range(10)] + [f"Action {index}" for index in range(10)]
    assert queries_for(referent_client, url("pathway", person), shows=shown) == small


def test_a_contract_with_other_hours_needs_a_reason_in_french_and_keeps_what_was_typed(
    world, referent_client
):
    person = world.objects["fu_person"]
    response = referent_client.post(
        url("contract_create", person), {"weekly_hours": "10", "commitments": "Venir"}
    )
    page = response.content.decode()
    assert "Indiquez le motif : la durée d&#x27;activité est de 15 heures par défaut." in page
    assert 'value="10"' in page and "Venir</textarea>" in page
    response = referent_client.post(
        url("contract_create", person),
        {"weekly_hours": "10", "hours_reason": "Santé", "commitments": "Venir"},
    )
    assert response.status_code == 302
    contract = Contract.objects.get(person=person, weekly_hours=10)
    assert contract.status == ContractStatus.DRAFT and contract.hours_reason == "Santé"
    assert AuditEntry.objects.filter(action="contract.create", actor=world.users["referent"]).exists()


def test_signing_shows_the_deadline_and_refuses_a_date_before_the_orientation(world, referent_client):
    contract = world.objects["fu_draft"]
    page = referent_client.get(url("contract_sign", contract)).content.decode()
    assert "au plus tard le 01/05/2025" in page
    page = referent_client.post(url("contract_sign", contract), {"signed_on": "2025-03-01"}).content.decode()
    assert "Le contrat ne peut pas être signé avant la décision d&#x27;orientation (01/04/2025)." in page
    assert 'value="2025-03-01"' in page
    assert (
        referent_client.post(url("contract_sign", contract), {"signed_on": "2025-04-25"}).status_code == 302
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED and contract.signed_on == datetime.date(2025, 4, 25)
    assert AuditEntry.objects.filter(action="contract.sign", object_id=str(contract.uuid)).exists()


def test_renewing_and_ending_a_contract(world, referent_client):
    contract = world.objects["fu_signed"]
    response = referent_client.post(
        url("contract_renew", contract), {"signed_on": "2025-10-01", "weekly_hours": "15"}
    )
    assert response.status_code == 302
    renewal = Contract.objects.get(renewal_of=contract)
    assert renewal.status == ContractStatus.SIGNED
    assert referent_client.post(url("contract_end", renewal), {"end_date": "2025-12-01"}).status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == ContractStatus.ENDED


def test_the_contract_pdf_is_a_french_document(world, referent_client):
    response = referent_client.get(url("contract_pdf", world.objects["fu_signed"]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Contrat d'engagement" in text or "contrat d'engagement" in text.lower()
    assert world.objects["fu_person"].last_name in text


def test_the_plan_is_updated_inline_with_htmx(world, referent_client):
    person = world.objects["fu_person"]
    response = referent_client.post(
        url("objective_add", person), {"objectif-title": "Passer le permis"}, **HTMX
    )
    page = response.content.decode()
    assert page.startswith('<section id="plan"') and "Passer le permis" in page
    response = referent_client.post(url("objective_add", person), {"objectif-title": ""}, **HTMX)
    assert "Ce champ est obligatoire." in response.content.decode()
    action = world.objects["fu_action"]
    response = referent_client.post(
        url("plan_status", action, kind="action"), {"status": "in_progress"}, **HTMX
    )
    assert "En cours" in response.content.decode()
    action.refresh_from_db()
    assert action.status == PlanItemStatus.IN_PROGRESS
    response = referent_client.post(url("plan_status", action, kind="action"), {"status": "planned"}, **HTMX)
    assert 'role="alert"' in response.content.decode()
    assert AuditEntry.objects.filter(action="plan.planaction.status").count() == 1


def test_editing_a_plan_item(world, referent_client):
    objective = world.objects["fu_objective"]
    response = referent_client.post(
        url("plan_edit", objective, kind="objectif"), {"title": "Trouver un CDI", "due_date": "2026-06-30"}
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Trouver un CDI" and objective.due_date == datetime.date(2026, 6, 30)


def test_scheduling_an_appointment_keeps_what_was_typed_on_error(world, referent_client):
    person = world.objects["fu_person"]
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "kind": "convocation",
        "day": "2099-03-02",
        "time": "09:30",
        "duration_minutes": "45",
        "place": "",
    }
    page = referent_client.post(url("appointment_add", person), data).content.decode()
    assert "Lieu : Ce champ est obligatoire." in page and 'value="2099-03-02"' in page
    page = referent_client.post(
        url("appointment_add", person), {**data, "place": "MDD Nord"}
    ).content.decode()
    assert "Date : La date du rendez-vous doit être comprise entre le" in page
    assert 'value="2099-03-02"' in page and 'value="MDD Nord"' in page
    data["day"] = day.isoformat()
    response = referent_client.post(url("appointment_add", person), {**data, "place": "MDD Nord"})
    assert response.status_code == 302
    appointment = Appointment.objects.get(person=person, place="MDD Nord")
    assert timezone.localtime(appointment.starts_at).hour == 9
    assert appointment.referent == world.users["referent"]


def test_recording_attendance_and_cancelling(world, referent_client):
    appointment = world.objects["fu_appointment"]
    response = referent_client.post(url("appointment_attendance", appointment), {"status": "seen"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SEEN
    response = referent_client.post(url("appointment_cancel", appointment), {})
    assert "Passage impossible de « Honoré » à « Annulé »." in response.content.decode()
    assert AuditEntry.objects.filter(action="appointment.attendance").exists()


def test_the_appointments_calendar_is_an_ics_file(world, referent_client):
    response = referent_client.get(url("appointments_ics", world.objects["fu_person"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:{world.objects['fu_appointment'].uuid}@pacte" in body


def test_a_reorientation_request_is_shown_pending_on_the_pathway_page(world, referent_client):
    person = world.objects["fu_person"]
    page = referent_client.post(url("reorientation", person), {"proposed_track": "sociale"}).content.decode()
    assert "Motif de la demande : Ce champ est obligatoire." in page
    data = {"reason": "Santé fragile", "proposed_track": "sociale", "proposed_body_kind": "departement"}
    assert referent_client.post(url("reorientation", person), data).status_code == 302
    assert ReorientationRequest.objects.get(person=person).status == ReorientationStatus.PENDING
    assert "en attente" in referent_client.get(url("pathway", person)).content.decode()


def test_an_exit_to_employment_needs_a_contract_type_and_ends_the_designation(world, referent_client):
    person = world.objects["fu_person"]
    data = {"kind": "employment", "exit_date": "2025-09-01"}
    page = referent_client.post(url("exit", person), data).content.decode()
    assert "Indiquez le type de contrat de travail." in page
    assert (
        referent_client.post(url("exit", person), {**data, "employment_contract_type": "cdi"}).status_code
        == 302
    )
    assert PathwayExit.objects.get(person=person).employment_contract_type == "cdi"
    assert not ReferentAssignment.objects.filter(person=person, end_date=None).exists()


def test_designating_the_same_referent_again_is_refused_in_french(world):
    person = world.objects["fu_person"]
    agent = client_for(world, "orientation_agent")
    membership = world.users["referent"].memberships.get()
    page = agent.post(url("referent", person), {"membership": membership.pk, "start_date": "2025-05-01"})
    assert "est déjà le ou la référent·e" in page.content.decode()


def test_a_referent_cannot_reach_a_person_followed_by_another_structure(world, referent_client):
    (person,) = follow(world, 1)
    ReferentAssignment.objects.filter(person=person).delete()
    person.orientations.update(body=world.objects["association_87"])
    assert referent_client.get(url("pathway", person)).status_code == 404
    assert referent_client.get(url("contract_create", person)).status_code == 404


def test_changing_the_referent_ends_the_previous_designation_that_day(world):
    person = world.objects["fu_person"]
    agent = client_for(world, "orientation_agent")
    newcomer = other_referent(world)
    data = {"membership": newcomer.memberships.get().pk, "start_date": "2025-06-02"}
    assert agent.post(url("referent", person), data).status_code == 302
    current = ReferentAssignment.objects.get(person=person, end_date=None)
    assert current.referent == newcomer and current.start_date == datetime.date(2025, 6, 2)
    previous = ReferentAssignment.objects.get(person=person, referent=world.users["referent"])
    assert previous.end_date == datetime.date(2025, 6, 2)
    assert AuditEntry.objects.filter(action="referent.assign", object_id=str(current.uuid)).exists()


@pytest.mark.parametrize(
    ("email", "phone", "sms", "said"),
    [
        ("elodie@example.org", "", "none", "À envoyer par courriel"),
        ("", "06 12 34 56 78", "file", "À envoyer par SMS"),
        ("", "06 12 34 56 78", "none", "Aucun courriel ni portable joignable"),
        ("", "05 55 00 00 00", "file", "Aucun courriel ni portable joignable"),
    ],
)
def test_the_reminder_column_says_the_channel_that_will_reach_the_person(
    world, referent_client, settings, tmp_path, email, phone, sms, said
):
    from tests.pathways.factories import AppointmentFactory

    settings.PACTE_SMS_BACKEND, settings.PACTE_SMS_FILE_PATH = sms, tmp_path
    person = world.objects["fu_person"]
    person.email, person.phone = email, phone
    person.save()
    AppointmentFactory(person=person, starts_at=timezone.now() + datetime.timedelta(days=1))
    page = referent_client.get(url("pathway", person)).content.decode()
    assert said in page


def test_the_pathway_page_lists_the_person_s_prescriptions_and_leads_to_the_offer_search(
    world, referent_client
):
    from tests.offers.factories import OfferFactory, PrescriptionFactory

    person = world.objects["fu_person"]
    PrescriptionFactory(
        person=person, offer=OfferFactory(name="Garage solidaire de Bellac"), status="accepted"
    )
    page = referent_client.get(url("pathway", person)).content.decode()
    assert 'href="#prescriptions"' in page
    assert "Garage solidaire de Bellac" in page and "Acceptée" in page
    assert reverse("web:person_offer_search", kwargs={"uuid": person.uuid}) in page
