"""The space's pages: each shows the person's own data only, answers out of scope with 404, and is
in the audit."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.pathways.timeline import events
from pacte.portal.models import AppointmentReply, ReplyKind
from tests.factories import PersonFactory
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)
from tests.permissions.world import verify_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(client, beneficiary):
    client.force_login(beneficiary.user)
    return client


def soon(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def pdf_text(content):
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_home_names_the_referent_and_the_next_appointments(space, beneficiary):
    assignment = ReferentAssignmentFactory(person=beneficiary, start_date=datetime.date(2025, 4, 15))
    assignment.referent.first_name, assignment.referent.last_name = "Sacha", "Durand"
    assignment.referent.save()
    AppointmentFactory(person=beneficiary, starts_at=soon(), place="Maison du département de Bellac")
    AppointmentFactory(person=PersonFactory(), starts_at=soon(), place="Ailleurs, chez quelqu'un d'autre")
    page = space.get(reverse("portal:home")).content.decode()
    assert "Sacha Durand" in page and assignment.organization.name in page
    assert "Maison du département de Bellac" in page
    assert "chez quelqu&#x27;un d&#x27;autre" not in page and "chez quelqu'un d'autre" not in page


def test_confirming_an_appointment_tells_the_referent_and_shows_on_the_timeline(space, beneficiary):
    assignment = ReferentAssignmentFactory(person=beneficiary)
    appointment = AppointmentFactory(person=beneficiary, starts_at=soon(), referent=assignment.referent)
    url = reverse("portal:appointment_reply", args=[appointment.uuid])
    with pytest.MonkeyPatch.context():
        response = space.post(url, {"kind": "confirm"})
    assert response.url == reverse("portal:appointments")
    answer = AppointmentReply.objects.get()
    assert answer.kind == ReplyKind.CONFIRM and answer.person == beneficiary
    assert [event.kind for event in events(beneficiary)].count("portal_reply") == 1
    assert "Votre réponse : Je viendrai" in space.get(reverse("portal:appointments")).content.decode()


def test_asking_to_move_needs_a_message_and_keeps_it(space, beneficiary, django_capture_on_commit_callbacks):
    assignment = ReferentAssignmentFactory(person=beneficiary)
    assignment.referent.email = "referente@example.org"
    assignment.referent.save()
    appointment = AppointmentFactory(person=beneficiary, starts_at=soon(), referent=assignment.referent)
    url = reverse("portal:appointment_reply", args=[appointment.uuid])
    empty = space.post(url, {"kind": "move", "message": "  "})
    assert "Dites-nous quels jours" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        space.post(url, {"kind": "move", "message": "Le jeudi matin"})
    assert AppointmentReply.objects.get().message == "Le jeudi matin"
    assert mail.outbox[-1].to == ["referente@example.org"]
    assert "Le jeudi matin" in mail.outbox[-1].body


def test_someone_else_s_or_a_past_appointment_answers_404(space, beneficiary):
    other = AppointmentFactory(person=PersonFactory(), starts_at=soon())
    past = AppointmentFactory(person=beneficiary, starts_at=timezone.now() - datetime.timedelta(days=1))
    for appointment in (other, past):
        url = reverse("portal:appointment_reply", args=[appointment.uuid])
        assert space.post(url, {"kind": "confirm"}).status_code == 404
    assert AppointmentReply.objects.count() == 0


def test_documents_are_the_person_s_own_pdfs(space, beneficiary):
    orientation = OrientationFactory(person=beneficiary)
    contract = ContractFactory(person=beneficiary, orientation=orientation, commitments="Chercher un emploi")
    others = OrientationFactory(), ContractFactory()
    page = space.get(reverse("portal:documents")).content.decode()
    assert reverse("portal:orientation_letter", args=[orientation.uuid]) in page
    assert reverse("portal:contract_pdf", args=[contract.uuid]) in page
    letter = space.get(reverse("portal:orientation_letter", args=[orientation.uuid]))
    assert letter["Content-Type"] == "application/pdf" and "orientation" in pdf_text(letter.content).lower()
    assert space.get(reverse("portal:orientation_letter", args=[others[0].uuid])).status_code == 404
    assert space.get(reverse("portal:contract_pdf", args=[others[1].uuid])).status_code == 404


def test_my_data_in_json_and_pdf_hold_the_record_and_nothing_of_others(space, beneficiary):
    ContractFactory(person=beneficiary, commitments="Passer le permis de conduire")
    ContractFactory(commitments="Engagement de quelqu'un d'autre")
    response = space.get(reverse("portal:my_data_download", args=["json"]))
    data = json.loads(response.content)["donnees"]
    assert data["Vous"][0]["prénom"] == "Élodie"
    assert data["Vous"][0]["Numéro de sécurité sociale"] == "2 85 06 ** *** 123"
    contracts = next(rows for title, rows in data.items() if title.lower().startswith("contrat"))
    assert [row["engagements"] for row in contracts] == ["Passer le permis de conduire"]
    assert "2850687085123" not in response.content.decode()
    text = pdf_text(space.get(reverse("portal:my_data_download", args=["pdf"])).content)
    assert "Passer le permis de conduire" in text and "quelqu'un d'autre" not in text
    assert AuditEntry.objects.filter(action="portal.export").count() == 2


def test_offers_near_home_answer_the_person_s_barriers(space, beneficiary):
    from tests.offers.factories import OfferFactory

    near = OfferFactory(name="Atelier mobilité de Bellac")
    beneficiary.dossier.commune = near.commune
    beneficiary.dossier.save()
    OfferFactory(name="Brouillon invisible", status="draft", commune=near.commune)
    page = space.get(reverse("portal:offers")).content.decode()
    assert "Atelier mobilité de Bellac" in page and "Brouillon invisible" not in page


def test_job_offers_need_a_project(space, beneficiary):
    page = space.get(reverse("portal:jobs")).content.decode()
    assert "pas encore de projet d&#x27;emploi" in page or "pas encore de projet d'emploi" in page


def test_the_referent_sees_the_last_sign_in_and_the_unseen_messages(client, beneficiary):
    from pacte.portal.models import Contribution

    assignment = ReferentAssignmentFactory(person=beneficiary)
    beneficiary.user.last_login = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 15))
    beneficiary.user.save()
    Contribution.objects.create(
        person=beneficiary, departement_code="87", kind="blocker", text="Pas de voiture"
    )
    client.force_login(assignment.referent)
    verify_second_factor(client, assignment.referent)
    page = client.get(reverse("web:person_detail", args=[beneficiary.uuid])).content.decode()
    assert "Dernière connexion : le 30/11/2026 à 09:15" in page
    assert "Pas de voiture" in page and "Nouveaux messages de la personne (1)" in page
    client.post(reverse("web:person_space_seen", args=[beneficiary.uuid]))
    assert Contribution.objects.get().seen_at is not None
    assert (
        "Nouveaux messages"
        not in client.get(reverse("web:person_detail", args=[beneficiary.uuid])).content.decode()
    )


def test_the_referent_opens_the_space_and_the_person_is_told(client, outbox):
    from pacte.organizations.enums import OrganizationKind
    from tests.factories import OrganizationFactory

    person = PersonFactory(email="Sam.Roux@example.org")
    council = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT)  # the 87 by default, like the person
    assignment = ReferentAssignmentFactory(person=person)
    client.force_login(assignment.referent)
    verify_second_factor(client, assignment.referent)
    response = client.post(reverse("web:person_space_open", args=[person.uuid]))
    assert response.url == reverse("web:person_detail", args=[person.uuid])
    person.refresh_from_db()
    assert person.user.email == "sam.roux@example.org" and not person.user.has_usable_password()
    assert person.user.memberships.get().organization == council
    assert outbox[-1]["address"] == "sam.roux@example.org" and "/mon-espace/connexion/" in outbox[-1]["text"]
    again = client.post(reverse("web:person_space_open", args=[person.uuid]), follow=True)
    assert "déjà un espace" in again.content.decode()


def test_no_space_without_an_address(client, outbox):
    person = PersonFactory(email="", phone="")
    assignment = ReferentAssignmentFactory(person=person)
    client.force_login(assignment.referent)
    verify_second_factor(client, assignment.referent)
    page = client.post(reverse("web:person_space_open", args=[person.uuid]), follow=True).content.decode()
    assert "Renseignez d&#x27;abord le courriel" in page or "Renseignez d'abord le courriel" in page
    person.refresh_from_db()
    assert person.user is None and outbox == []
