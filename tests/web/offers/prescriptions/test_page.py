"""A prescription's page: everything for the professionals, the bounded card for the partner, the moves by status and by who may."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pacte.offers.models import Attendance
from pacte.organizations.enums import Role
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
)
from tests.permissions.world import client_for
from tests.web.offers.prescriptions.helpers import (
    NIR,
    login,
    text_of,
    url,
)

pytestmark = pytest.mark.django_db


# 3. A prescription's page.


def test_the_partner_sees_what_it_needs_to_convoke_and_nothing_more(world, person, sent):
    page = text_of(client_for(world, "partner").get(url("prescription_detail", uuid=sent.uuid)))
    for shown in (
        "Bertrand",
        "Nadia",
        "Limoges",
        "06 12 34 56 78",
        "nadia.bertrand@example.org",
        "Disponible le matin",
    ):
        assert shown in page
    age = (
        timezone.localdate().year
        - 1985
        - (timezone.localdate() < datetime.date(timezone.localdate().year, 6, 15))
    )
    assert f"{age} ans" in page
    for hidden in (NIR, "Santé", "Besoin", "Suivi hospitalier", "Pas de permis", person.dossier.numdemrsa):
        assert hidden not in page
    assert "Accepter la prescription" in page and "Refuser la prescription" in page
    assert "Annuler la prescription" not in page  # the prescriber's move


def test_the_referent_sees_everything_and_may_cancel_but_not_answer(world, person, sent):
    page = text_of(client_for(world, "referent").get(url("prescription_detail", uuid=sent.uuid)))
    assert "Santé" in page and url("followup_pathway", uuid=person.uuid) in page
    assert "Annuler la prescription" in page
    assert "Accepter la prescription" not in page
    response = client_for(world, "referent").post(
        url("prescription_detail", uuid=sent.uuid), {"action": "accept"}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_another_partner_and_another_referent_get_404(world, person, sent):
    other = OrganizationFactory(departement=world.objects["departement_87"], name="Autre structure")
    other_partner = MembershipFactory(role=Role.PARTNER, organization=other).user
    client = login(other_partner)
    assert client.get(url("prescription_detail", uuid=sent.uuid)).status_code == 404
    assert client.get(url("person_detail", uuid=person.uuid)).status_code == 404
    other_mdd = OrganizationFactory(
        departement=world.objects["departement_87"], name="Maison du département Sud"
    )
    other_referent = MembershipFactory(role=Role.REFERENT, organization=other_mdd).user
    assert login(other_referent).get(url("prescription_detail", uuid=sent.uuid)).status_code == 404


def test_the_partner_answers_starts_reports_attendance_and_ends(
    world, person, sent, django_capture_on_commit_callbacks
):
    client = client_for(world, "partner")
    target = url("prescription_detail", uuid=sent.uuid)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"action": "accept", "accepter-answer_note": "Rendez-vous lundi"})
    assert response.status_code == 302 and response["Location"] == target
    sent.refresh_from_db()
    assert (sent.status, sent.answer_note, sent.answered_by) == (
        "accepted",
        "Rendez-vous lundi",
        world.users["partner"],
    )
    assert mail.outbox[-1].to == [world.users["referent"].email]
    today = timezone.localdate()
    client.post(target, {"action": "start", "entree-started_on": today.isoformat()})
    sent.refresh_from_db()
    assert sent.status == "started" and sent.started_on == today
    client.post(
        target,
        {
            "action": "attendance",
            "presence-day": today.isoformat(),
            "presence-status": "present",
            "presence-hours": "3,5",
        },
    )
    assert Attendance.objects.get(prescription=sent).hours == 3.5
    page = text_of(client.get(target))
    assert "1 jour de présence" in page and "3,5 heures" in page
    client.post(
        target,
        {
            "action": "end",
            "fin-status": "completed",
            "fin-outcome": "emploi",
            "fin-ended_on": today.isoformat(),
        },
    )
    sent.refresh_from_db()
    assert (sent.status, sent.outcome) == ("completed", "emploi")
    # Closed: the partner no longer sees the person nor the prescription.
    assert client.get(target).status_code == 404


def test_errors_come_back_on_the_field_and_keep_what_was_typed(world, sent):
    client = client_for(world, "partner")
    target = url("prescription_detail", uuid=sent.uuid)
    page = text_of(
        client.post(target, {"action": "refuse", "refus-refusal_reason": "autre", "refus-answer_note": ""})
    )
    assert "Précisez le motif du refus." in page
    assert '<option value="autre" selected>' in page
    sent.refresh_from_db()
    assert sent.status == "sent"
    response = client.post(target, {"action": "start"})  # not accepted yet: not a move of this status
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "sent"
    client.post(
        target, {"action": "refuse", "refus-refusal_reason": "complet", "refus-answer_note": "Session pleine"}
    )
    sent.refresh_from_db()
    assert sent.status == "refused" and sent.refusal_reason == "complet"


def test_the_refused_prescription_sends_the_partner_back_to_its_inbox(world, sent):
    response = client_for(world, "partner").post(
        url("prescription_detail", uuid=sent.uuid), {"action": "refuse", "refus-refusal_reason": "complet"}
    )
    assert response.status_code == 302 and response["Location"] == url("prescriptions_received")


def test_a_future_attendance_day_is_refused_with_the_form_kept(world, sent):
    sent.status = "accepted"
    sent.save()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = text_of(
        client_for(world, "partner").post(
            url("prescription_detail", uuid=sent.uuid),
            {
                "action": "attendance",
                "presence-day": tomorrow.isoformat(),
                "presence-status": "absent",
                "presence-note": "Malade",
            },
        )
    )
    assert "La date ne peut pas être dans le futur." in page
    assert 'value="Malade"' in page
    assert not Attendance.objects.exists()


def test_the_prescriber_cancels(world, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "referent").post(
            url("prescription_detail", uuid=sent.uuid), {"action": "cancel"}
        )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "cancelled"
