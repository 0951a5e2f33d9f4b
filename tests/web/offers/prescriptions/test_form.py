"""The prescription form."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pacte.offers.models import OfferSession, Prescription
from tests.offers.factories import PrescriptionFactory
from tests.permissions.world import client_for
from tests.web.offers.prescriptions.helpers import (
    text_of,
    url,
)

pytestmark = pytest.mark.django_db


# 2. The prescription form.


def test_a_referent_prescribes_with_a_session_and_the_partner_is_told(
    world, person, offers, django_capture_on_commit_callbacks
):
    garage = offers["garage"]
    garage.contact_email = "garage@example.org"
    garage.save()
    today = timezone.localdate()
    upcoming = OfferSession.objects.create(
        departement_code="87",
        offer=garage,
        start_date=today + datetime.timedelta(days=7),
        place="Atelier de Couzeix",
    )
    OfferSession.objects.create(
        departement_code="87", offer=garage, start_date=today - datetime.timedelta(days=30)
    )
    client = client_for(world, "referent")
    target = url("prescription_create", uuid=garage.uuid) + f"?personne={person.uuid}&besoin=mobility"
    page = text_of(client.get(target))
    assert "La structure lit ce message" in page and "aucun détail de santé" in page
    assert "Atelier de Couzeix" in page
    past = today - datetime.timedelta(days=30)
    assert f"du {past:%d/%m/%Y}" not in page  # only the upcoming sessions are offered
    assert '<option value="mobility" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            target,
            {"session": str(upcoming.uuid), "barrier_theme": "mobility", "motive": "Disponible le matin"},
        )
    prescription = Prescription.objects.get(person=person, offer=garage)
    assert response.status_code == 302 and response["Location"] == url(
        "prescription_detail", uuid=prescription.uuid
    )
    assert (prescription.session, prescription.barrier_theme, prescription.motive) == (
        upcoming,
        "mobility",
        "Disponible le matin",
    )
    assert prescription.prescriber == world.users["referent"]
    assert "garage@example.org" in mail.outbox[0].to
    assert f"/prescriptions/{prescription.uuid}/" in mail.outbox[0].body


def test_a_second_open_prescription_is_refused_on_the_form_which_keeps_the_message(world, person, offers):
    garage = offers["garage"]
    PrescriptionFactory(person=person, offer=garage, status="accepted")
    target = url("prescription_create", uuid=garage.uuid) + f"?personne={person.uuid}"
    page = text_of(client_for(world, "referent").post(target, {"session": "", "motive": "Mon message gardé"}))
    assert "déjà une prescription en cours vers cette offre" in page
    assert "Mon message gardé" in page
    assert Prescription.objects.filter(person=person, offer=garage).count() == 1


def test_the_form_needs_a_person_the_user_sees_and_a_published_offer(world, person, offers):
    client = client_for(world, "referent")
    assert client.get(url("prescription_create", uuid=offers["garage"].uuid)).status_code == 404
    person_79 = world.objects["person_79"]
    assert (
        client.get(
            url("prescription_create", uuid=offers["garage"].uuid) + f"?personne={person_79.uuid}"
        ).status_code
        == 404
    )
    assert (
        client.get(
            url("prescription_create", uuid=offers["draft"].uuid) + f"?personne={person.uuid}"
        ).status_code
        == 404
    )
    assert (
        client_for(world, "partner")
        .get(url("prescription_create", uuid=offers["garage"].uuid) + f"?personne={person.uuid}")
        .status_code
        == 403
    )
