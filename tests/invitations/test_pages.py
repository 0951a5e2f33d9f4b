"""The invitation pages: inviting from the pathway page, the letter, the public link, the outcomes
per territory, the département's messages; each scoped."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.invitations import services
from pacte.invitations.enums import InvitationStatus
from pacte.invitations.models import Invitation, InvitationTemplate
from pacte.organizations.enums import Role
from pacte.pathways.models import Appointment
from tests.factories import MembershipFactory, OrganizationFactory
from tests.invitations.helpers import followed, invite, slots
from tests.permissions.world import verify_second_factor
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def logged_in(user):
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


def _form(day, **extra):
    return {
        "kind": "accompaniment",
        "day_1": day.isoformat(),
        "time_1": "10:30",
        "day_2": (day + datetime.timedelta(days=1)).isoformat(),
        "time_2": "14:00",
        "place": "Maison du département Nord",
        "duration_minutes": "45",
        **extra,
    }


def test_the_referent_invites_by_sms_from_the_pathway_page_and_sees_the_status(sms_dir):
    person, referent, mdd = followed()
    client = logged_in(referent)
    pathway = reverse("web:followup_pathway", kwargs={"uuid": person.uuid})
    page = client.get(pathway).content.decode()
    assert "Inviter à un rendez-vous" in page and "Aucune invitation." in page
    url = reverse("web:invitation_create", kwargs={"uuid": person.uuid})
    form = client.get(url).content.decode()
    assert "Contacts connus : sms" in form
    assert 'value="sms"' in form and 'value="email"' not in form
    response = client.post(url, _form(timezone.localdate() + datetime.timedelta(days=3)))
    assert response.status_code == 302 and response["Location"] == pathway + "#invitations"
    invitation = Invitation.objects.get(person=person)
    assert invitation.channels == ["sms"] and invitation.invited_by == referent
    assert len(invitation.slots) == 2
    [sms] = list(sms_dir.iterdir())
    assert f"http://testserver/invitation/{invitation.token}/" in sms.read_text(encoding="utf-8")
    page = client.get(pathway).content.decode()
    assert "Envoyée" in page and "réponse attendue avant le" in page


def test_a_person_without_contact_is_invited_by_letter_which_is_a_pdf():
    person, referent, mdd = followed(phone="", civility="MME")
    client = logged_in(referent)
    form = client.get(reverse("web:invitation_create", kwargs={"uuid": person.uuid})).content.decode()
    assert "ni courriel ni téléphone portable" in form
    client.post(
        reverse("web:invitation_create", kwargs={"uuid": person.uuid}),
        _form(timezone.localdate() + datetime.timedelta(days=3)),
    )
    invitation = Invitation.objects.get(person=person)
    assert invitation.channels == ["letter"]
    page = client.get(reverse("web:followup_pathway", kwargs={"uuid": person.uuid})).content.decode()
    assert "Imprimer le courrier" in page
    letter = client.get(reverse("web:invitation_letter", kwargs={"uuid": invitation.uuid}))
    assert letter["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages)
    assert f"Madame {person.full_name}" in text
    assert "Madame," in text and "rendez-vous d'accompagnement" in text
    assert f"/invitation/{invitation.token}/" in text.replace("\n", "")
    assert "10 h 30" in text and "14 h 00" in text
    assert "Pour le Président du Conseil départemental" in text
    assert AuditEntry.objects.filter(action="invitation.letter", object_id=str(invitation.uuid)).exists()


def test_a_wrong_form_keeps_what_was_typed_and_says_why():
    person, referent, mdd = followed()
    client = logged_in(referent)
    url = reverse("web:invitation_create", kwargs={"uuid": person.uuid})
    response = client.post(url, _form(timezone.localdate() - datetime.timedelta(days=2)))
    assert response.status_code == 200
    assert "Les créneaux proposés doivent être à venir." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_referent_of_another_organisation_can_neither_invite_nor_see():
    person, referent, mdd = followed()
    invitation = invite(person, referent, mdd, channels=["letter"])
    other = MembershipFactory(
        role=Role.REFERENT, organization=OrganizationFactory(departement=mdd.departement)
    ).user
    client = logged_in(other)
    assert client.get(reverse("web:invitation_create", kwargs={"uuid": person.uuid})).status_code == 404
    assert (
        client.post(
            reverse("web:invitation_create", kwargs={"uuid": person.uuid}),
            _form(timezone.localdate() + datetime.timedelta(days=3)),
        ).status_code
        == 404
    )
    assert client.get(reverse("web:invitation_letter", kwargs={"uuid": invitation.uuid})).status_code == 404
    assert Invitation.objects.count() == 1


def test_the_public_page_shows_the_first_name_only_records_the_opening_and_takes_the_slot():
    person, referent, mdd = followed(first_name="ÉLODIE", email="elodie@example.org")
    invitation = invite(person, referent, mdd)
    url = f"/invitation/{invitation.token}/"
    assert reverse("web:invitation_public", kwargs={"token": invitation.token}) == url
    anonymous = Client()
    page = anonymous.get(url).content.decode()
    assert "Bonjour Élodie" in page
    assert person.last_name not in page and "elodie@example.org" not in page and "2850687085123" not in page
    assert person.dossier.numdemrsa not in page
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    chosen = services.slot_times(invitation)[0]
    response = anonymous.post(url, {"slot": chosen.isoformat()})
    assert "Votre rendez-vous est pris" in response.content.decode()
    appointment = Appointment.objects.get(person=person)
    assert appointment.starts_at == chosen
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.APPOINTMENT_TAKEN and invitation.appointment == appointment
    again = anonymous.get(url).content.decode()
    assert "Votre rendez-vous est pris" in again
    pathway = logged_in(referent).get(reverse("web:followup_pathway", kwargs={"uuid": person.uuid}))
    assert "Rendez-vous pris pour le" in pathway.content.decode()


def test_an_expired_link_is_refused_with_a_clear_page():
    person, referent, mdd = followed()
    invitation = invite(
        person, referent, mdd, now=timezone.now() - datetime.timedelta(days=11), slots=slots(3, 20)
    )
    response = Client().get(f"/invitation/{invitation.token}/")
    assert response.status_code == 410
    assert "Cette invitation a expiré" in response.content.decode()
    chosen = services.slot_times(invitation)[1]
    response = Client().post(f"/invitation/{invitation.token}/", {"slot": chosen.isoformat()})
    assert response.status_code == 410 and not Appointment.objects.exists()


def test_unknown_tokens_are_throttled_per_address():
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(20):
        assert client.get("/invitation/nimportequoi/").status_code == 404
    assert client.get("/invitation/nimportequoi/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.8").get("/invitation/nimportequoi/").status_code == 404


def test_the_outcomes_page_counts_per_territory_for_the_direction_only_of_its_departement():
    person, referent, mdd = followed()
    territory = person.dossier.territory
    territory.name = "Limoges Nord"
    territory.save()
    other, *_ = followed(territory=territory, phone="")
    invite(person, referent, mdd)
    services.take_slot(invitation=invite(other, referent, mdd), slot=slots()[0])
    person_79, referent_79, mdd_79 = followed(departement_code="79")
    invite(person_79, referent_79, mdd_79)
    direction = MembershipFactory(
        role=Role.DIRECTION, organization=OrganizationFactory(departement=mdd.departement)
    ).user
    page = logged_in(direction).get(reverse("web:invitation_outcomes"))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r.territory, r.invited, r.opened, r.taken, r.no_answer, r.letters) for r in rows] == [
        ("Limoges Nord", 2, 1, 1, 0, 1)
    ]
    assert "Rendez-vous pris depuis une invitation, par territoire" in page.content.decode()
    assert logged_in(referent).get(reverse("web:invitation_outcomes")).status_code == 403
    assert (
        logged_in(direction).get(reverse("web:invitation_outcomes"), {"departement": "79"}).status_code == 404
    )


def test_the_outcomes_page_makes_as_many_queries_for_5_as_for_50_territories():
    direction = None
    counts = []
    for total in (5, 50):
        for _ in range(total - Invitation.objects.count()):
            person, referent, mdd = followed()
            invite(person, referent, mdd)
        direction = (
            direction
            or MembershipFactory(
                role=Role.DIRECTION, organization=OrganizationFactory(departement=mdd.departement)
            ).user
        )
        client = logged_in(direction)
        last = Invitation.objects.select_related("person__dossier__territory").first()
        counts.append(
            queries_for(
                client, reverse("web:invitation_outcomes"), shows=[last.person.dossier.territory.name]
            )
        )
    assert counts[0] == counts[1]


def test_the_direction_edits_its_sms_template_with_the_length_said_and_refused_when_too_long():
    person, referent, mdd = followed()
    direction = MembershipFactory(
        role=Role.DIRECTION, organization=OrganizationFactory(departement=mdd.departement)
    ).user
    client = logged_in(direction)
    listing = client.get(reverse("web:invitation_templates")).content.decode()
    assert "Texte par défaut" in listing and "10 jours" in listing
    url = reverse(
        "web:invitation_template_edit", kwargs={"code": "87", "kind": "orientation", "channel": "sms"}
    )
    form = client.get(url).content.decode()
    assert "SMS, variables remplies" not in form and "Ce texte, variables remplies" in form
    assert "218 caractères, 2 SMS (envoi en plusieurs parties)" in form
    too_long = client.post(url, {"body": "{prenom} " + "texte " * 100})
    assert "SMS trop long" in too_long.content.decode()
    assert client.post(url, {"body": "{prenom}, RDV RSA avec {structure} : {lien}"}).status_code == 302
    assert InvitationTemplate.objects.get(
        departement_id="87", kind="orientation", channel="sms"
    ).body.startswith("{prenom}, RDV RSA")
    assert logged_in(referent).get(url).status_code == 403
    url_79 = reverse(
        "web:invitation_template_edit", kwargs={"code": "79", "kind": "orientation", "channel": "sms"}
    )
    assert client.get(url_79).status_code == 404
    policy = reverse("web:invitation_policy", kwargs={"code": "87"})
    assert client.post(policy, {"expiry_days": "7"}).status_code == 302
    assert services.expiry_days("87") == 7
    assert client.post(policy, {"expiry_days": "1"}).status_code == 200
    assert services.expiry_days("87") == 7
