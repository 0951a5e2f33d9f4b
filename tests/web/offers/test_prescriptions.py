"""The prescription pages: the search from a person's pathway (their commune, their diagnosed needs),
the prescription form, a prescription's page (everything for the professionals, the bounded card for
the partner, the moves by status and by who may), the partner's inbox and attendance grid, the
person's page seen by a partner."""

import datetime
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.offers import search
from pacte.offers.models import Attendance, OfferSession, Prescription
from pacte.organizations.enums import Role
from pacte.pathways.services.diagnostics import record_diagnostic
from pacte.web.offers.catalogue import display
from pacte.web.offers.prescriptions.context import person_prescriptions
from tests.factories import (
    CommuneFactory,
    DossierFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory, barrier
from tests.permissions.world import build_world, client_for, verify_second_factor
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

LIMOGES = ("87085", "Limoges", 45.8336, 1.2611)
COUZEIX = ("87050", "Couzeix", 45.8747, 1.2389)
BELLAC = ("87011", "Bellac", 46.1219, 1.0494)
MOBILITY = "mobilite--etre-accompagne-dans-son-parcours-mobilite"
DIGITAL = "numerique--acceder-a-du-materiel"
NIR = "2850687085123"  # the factories' NIR


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def places(world):
    departement = world.objects["departement_87"]
    return {
        name: CommuneFactory(insee_code=code, name=name, departement=departement, latitude=lat, longitude=lon)
        for code, name, lat, lon in (LIMOGES, COUZEIX, BELLAC)
    }


@pytest.fixture
def person(world, places):
    """Followed by the world's référent, living in Limoges, a mobility and a health barrier."""
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        dossier=DossierFactory(territory=world.objects["territory_north"], commune=places["Limoges"]),
        first_name="Nadia",
        last_name="Bertrand",
        email="nadia.bertrand@example.org",
        phone="06 12 34 56 78",
    )
    OrientationFactory(
        person=person,
        body=mdd,
        decision_date=datetime.date(2025, 4, 1),
        decided_by=world.users["orientation_agent"],
    )
    ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
    record_diagnostic(
        actor=None,
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={
            barrier("permis", "mobility", "Pas de permis de conduire"): "",
            barrier(): "Suivi hospitalier confidentiel",
        },
    )
    return person


@pytest.fixture
def offers(world, places):
    association = world.objects["association_87"]
    return {
        "garage": OfferFactory(
            organization=association,
            name="Garage solidaire",
            commune=places["Couzeix"],
            thematiques=[MOBILITY],
        ),
        "bellac": OfferFactory(
            organization=association,
            name="Auto-école de Bellac",
            commune=places["Bellac"],
            thematiques=[MOBILITY],
        ),
        "digital": OfferFactory(
            organization=association,
            name="Atelier ordinateur",
            commune=places["Limoges"],
            thematiques=[DIGITAL],
        ),
        "draft": OfferFactory(
            organization=association,
            name="Brouillon mobilité",
            commune=places["Limoges"],
            thematiques=[MOBILITY],
            status="draft",
        ),
    }


def url(name, **kwargs):
    return reverse(f"web:{name}", kwargs=kwargs)


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def login(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


# 1. The search from the person's pathway.


def test_the_search_starts_from_the_persons_commune_and_diagnosed_needs(world, person, offers):
    page = text_of(client_for(world, "referent").get(url("person_offer_search", uuid=person.uuid)))
    assert 'value="Limoges (87085)"' in page
    assert 'value="20"' in page
    assert re.search(r'<input[^>]*value="mobility"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="health"[^>]*checked', page)  # a référent reads health barriers
    # Within 20 km of Limoges and for mobility: the garage, not Bellac (36 km), nor the digital
    # workshop, nor the draft.
    assert "Garage solidaire" in page
    assert "Auto-école de Bellac" not in page
    assert "Atelier ordinateur" not in page and "Brouillon mobilité" not in page
    expected = display.distance(search.haversine_km(LIMOGES[2], LIMOGES[3], COUZEIX[2], COUZEIX[3]))
    assert expected.startswith("à 4,") and expected in page
    link = (
        f"{url('prescription_create', uuid=offers['garage'].uuid)}?personne={person.uuid}&amp;besoin=mobility"
    )
    assert link in page
    assert AuditEntry.objects.filter(action="person.read.offer_search").exists()


def test_the_filters_are_editable_and_results_come_nearest_first(world, person, offers):
    client = client_for(world, "referent")
    page = text_of(
        client.get(
            url("person_offer_search", uuid=person.uuid),
            {"commune": "87085", "radius_km": "50", "themes": "mobility"},
        )
    )
    assert page.index("Garage solidaire") < page.index("Auto-école de Bellac")
    assert "Atelier ordinateur" not in page
    page = text_of(
        client.get(url("person_offer_search", uuid=person.uuid), {"commune": "87085", "radius_km": "5"})
    )
    assert "Atelier ordinateur" in page and "Garage solidaire" in page  # no need ticked: every offer
    page = text_of(
        client.get(
            url("person_offer_search", uuid=person.uuid), {"commune": "Nulle-part", "radius_km": "500"}
        )
    )
    assert "Commune inconnue" in page and "Le rayon va de 0,1 à 200 km." in page
    assert 'value="Nulle-part"' in page  # the form keeps what was typed


def test_only_prescribers_who_see_the_person_reach_the_search(world, person, offers):
    other_mdd = OrganizationFactory(
        departement=world.objects["departement_87"], name="Maison du département Sud"
    )
    other_referent = MembershipFactory(role=Role.REFERENT, organization=other_mdd).user
    assert login(other_referent).get(url("person_offer_search", uuid=person.uuid)).status_code == 404
    assert client_for(world, "partner").get(url("person_offer_search", uuid=person.uuid)).status_code == 403
    assert client_for(world, "direction").get(url("person_offer_search", uuid=person.uuid)).status_code == 200


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


# 3. A prescription's page.


@pytest.fixture
def sent(world, person, offers):
    return PrescriptionFactory(
        person=person,
        offer=offers["garage"],
        barrier_theme="health",
        motive="Disponible le matin",
        prescriber=world.users["referent"],
    )


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


# 4. The partner's inbox.


def test_the_inbox_lists_the_open_prescriptions_and_counts_the_closed_ones(world, person, offers):
    open_one = PrescriptionFactory(person=person, offer=offers["garage"])
    closed_person = PersonFactory(
        dossier=DossierFactory(territory=world.objects["territory_north"]), last_name="Fermé"
    )
    PrescriptionFactory(
        person=closed_person, offer=offers["bellac"], status="refused", refusal_reason="complet"
    )
    PrescriptionFactory(
        person=PersonFactory(last_name="Ailleurs"), offer=OfferFactory(name="Offre d'ailleurs")
    )
    page = text_of(client_for(world, "partner").get(url("prescriptions_received")))
    assert "Bertrand" in page and url("prescription_detail", uuid=open_one.uuid) in page
    assert "Fermé" not in page and "Ailleurs" not in page and "Offre d'ailleurs" not in page
    assert '<th scope="row">Refusée</th><td>1</td>' in page
    page = text_of(
        client_for(world, "partner").get(url("prescriptions_received"), {"offer": str(offers["bellac"].uuid)})
    )
    assert "Bertrand" not in page and "Aucune prescription en cours pour ces filtres" in page


def test_the_partner_accepts_in_one_click_and_refuses_from_the_row(world, person, offers):
    first = PrescriptionFactory(person=person, offer=offers["garage"])
    second = PrescriptionFactory(person=person, offer=offers["bellac"])
    client = client_for(world, "partner")
    inbox = url("prescriptions_received")
    response = client.post(
        inbox, {"prescription": str(first.uuid), "action": "accept", "querystring": "status=sent"}
    )
    assert response.status_code == 302 and response["Location"] == inbox + "?status=sent"
    first.refresh_from_db()
    assert first.status == "accepted"
    page = text_of(
        client.post(
            inbox,
            {
                "prescription": str(second.uuid),
                "action": "refuse",
                "refusal_reason": "",
                "answer_note": "À revoir",
            },
        )
    )
    assert "Indiquez le motif du refus." in page and 'value="À revoir"' in page
    client.post(inbox, {"prescription": str(second.uuid), "action": "refuse", "refusal_reason": "hors_zone"})
    second.refresh_from_db()
    assert (second.status, second.refusal_reason) == ("refused", "hors_zone")


def test_a_partner_cannot_answer_another_partners_prescription_from_its_inbox(world, person):
    other = OfferFactory(organization=OrganizationFactory(departement=world.objects["departement_87"]))
    foreign = PrescriptionFactory(person=person, offer=other)
    client_for(world, "partner").post(
        url("prescriptions_received"), {"prescription": str(foreign.uuid), "action": "accept"}
    )
    foreign.refresh_from_db()
    assert foreign.status == "sent"


def _prescribed(world, offer, count):
    north = world.objects["territory_north"]
    people = [
        PersonFactory(dossier=DossierFactory(territory=north), last_name=f"Prescrit{n:03d}")
        for n in range(count)
    ]
    for person in people:
        PrescriptionFactory(person=person, offer=offer, status="accepted")
    return people


def test_the_inbox_makes_the_same_queries_for_5_and_50_rows(world, offers, settings):
    client = client_for(world, "partner")
    from pacte.web.offers.prescriptions import partner

    partner_page_size = partner.PAGE_SIZE
    partner.PAGE_SIZE = 100
    try:
        people = _prescribed(world, offers["garage"], 5)
        few = queries_for(client, url("prescriptions_received"), shows=[p.last_name for p in people])
        people += _prescribed(world, offers["bellac"], 45)
        many = queries_for(client, url("prescriptions_received"), shows=[p.last_name for p in people])
    finally:
        partner.PAGE_SIZE = partner_page_size
    assert few == many


# 5. The attendance grid.


def _week():
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(days=7)
    return monday, [monday + datetime.timedelta(days=n) for n in range(5)]


def test_the_grid_is_prefilled_and_saves_each_changed_cell(world, person, offers):
    monday, days = _week()
    prescription = PrescriptionFactory(
        person=person, offer=offers["garage"], status="accepted", sent_on=monday - datetime.timedelta(days=3)
    )
    Attendance.objects.create(departement_code="87", prescription=prescription, day=days[0], status="present")
    client = client_for(world, "partner")
    target = url("prescriptions_attendance")
    page = text_of(client.get(target, {"semaine": days[2].isoformat()}))
    name = f"presence-{prescription.uuid}-{days[0]:%Y%m%d}"
    assert f'name="{name}"' in page and '<option value="present" selected>' in page
    data = {
        "semaine": monday.isoformat(),
        name: "present",
        f"presence-{prescription.uuid}-{days[1]:%Y%m%d}": "excuse",
    }
    response = client.post(target, data)
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("day", "status")) == {days[0]: "present", days[1]: "excuse"}
    assert (
        AuditEntry.objects.filter(action="prescription.attendance").count() == 1
    )  # the unchanged cell is not rewritten


def test_the_grid_saves_all_or_nothing(world, person, offers):
    monday, days = _week()
    prescription = PrescriptionFactory(
        person=person, offer=offers["garage"], status="started", sent_on=monday - datetime.timedelta(days=3)
    )
    data = {
        "semaine": monday.isoformat(),
        f"presence-{prescription.uuid}-{days[0]:%Y%m%d}": "present",
        f"presence-{prescription.uuid}-{days[1]:%Y%m%d}": "venu-peut-etre",
    }
    page = text_of(client_for(world, "partner").post(url("prescriptions_attendance"), data))
    assert "Rien n'a été enregistré" in page and "Indiquez la présence." in page
    assert not Attendance.objects.exists()
    assert '<option value="present" selected>' in page  # what was typed is kept


def test_the_grid_shows_only_accepted_or_started_prescriptions_of_the_partner(world, person, offers):
    monday, days = _week()
    PrescriptionFactory(person=person, offer=offers["garage"], status="sent", sent_on=monday)
    other = PersonFactory(
        dossier=DossierFactory(territory=world.objects["territory_north"]), last_name="Ailleurs"
    )
    PrescriptionFactory(person=other, offer=OfferFactory(), status="accepted", sent_on=monday)
    page = text_of(
        client_for(world, "partner").get(url("prescriptions_attendance"), {"semaine": monday.isoformat()})
    )
    assert "Bertrand" not in page and "Ailleurs" not in page
    assert "Aucune personne acceptée" in page


def test_the_grid_makes_the_same_queries_for_5_and_50_rows(world, offers):
    from pacte.web.offers.prescriptions import partner

    client = client_for(world, "partner")
    size = partner.GRID_PAGE_SIZE
    partner.GRID_PAGE_SIZE = 100
    try:
        people = _prescribed(world, offers["garage"], 5)
        few = queries_for(client, url("prescriptions_attendance"), shows=[p.last_name for p in people])
        people += _prescribed(world, offers["bellac"], 45)
        many = queries_for(client, url("prescriptions_attendance"), shows=[p.last_name for p in people])
    finally:
        partner.GRID_PAGE_SIZE = size
    assert few == many


# 6. The person's pathway partial; 7. the person's page seen by a partner.


def test_the_pathway_partial_lists_the_prescriptions_and_leads_to_the_search(world, person, sent):
    html = render_to_string(
        "web/offers/prescriptions/_person_prescriptions.html",
        {"person": person, **person_prescriptions(world.users["referent"], person)},
    )
    assert "Garage solidaire" in html and "Envoyée" in html
    assert url("prescription_detail", uuid=sent.uuid) in html
    assert url("person_offer_search", uuid=person.uuid) in html and "Chercher une offre" in html
    html = render_to_string(
        "web/offers/prescriptions/_person_prescriptions.html",
        {"person": person, **person_prescriptions(world.users["partner"], person)},
    )
    assert "Chercher une offre" not in html and "Garage solidaire" in html


def test_a_partner_sees_the_bounded_card_of_a_prescribed_person(world, person, sent):
    page = text_of(client_for(world, "partner").get(url("person_detail", uuid=person.uuid)))
    assert "Bertrand" in page and "06 12 34 56 78" in page and "Limoges" in page
    assert url("prescription_detail", uuid=sent.uuid) in page
    for hidden in (
        NIR,
        "Foyer",
        "Historique du droit",
        person.dossier.numdemrsa,
        "Soumis aux droits et devoirs",
    ):
        assert hidden not in page
    page = text_of(client_for(world, "referent").get(url("person_detail", uuid=person.uuid)))
    assert NIR in page and "Historique du droit" in page


def test_the_search_makes_the_same_queries_for_5_and_50_offers(world, person, places):
    association = world.objects["association_87"]

    def offers(count, start):
        return [
            OfferFactory(
                organization=association,
                name=f"Offre mobilité {n:03d}",
                commune=places["Couzeix"],
                thematiques=[MOBILITY],
            )
            for n in range(start, start + count)
        ]

    client = client_for(world, "referent")
    target = url("person_offer_search", uuid=person.uuid)
    created = offers(5, 0)
    few = queries_for(client, target, shows=[o.name for o in created])
    created += offers(45, 5)
    many = queries_for(client, target, shows=[o.name for o in created])
    assert few == many
