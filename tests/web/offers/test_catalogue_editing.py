"""Creating and changing offers and sessions from the web: every write through the services, their
refusal on the field it names, the form keeping what was typed; partners for their organisations,
the direction for its département's."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.offers.models import Offer, OfferSession
from tests.factories import CommuneFactory, OrganizationFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def partner(world):
    return client_for(world, "partner")


@pytest.fixture
def limoges(world):
    return CommuneFactory(
        insee_code="87085",
        name="Limoges",
        departement=world.objects["departement_87"],
        latitude=45.8336,
        longitude=1.2611,
    )


@pytest.fixture
def saint_junien(world):
    return CommuneFactory(
        insee_code="87154",
        name="Saint-Junien",
        departement=world.objects["departement_87"],
        latitude=45.8878,
        longitude=0.9017,
    )


def offer_data(world, **overrides):
    data = {
        "organization": world.objects["association_87"].pk,
        "name": "Garage solidaire",
        "description": "Réparer sa voiture à petit prix avec un mécanicien.",
        "service_type": "accompagnement",
        "thematiques": ["mobilite--acceder-a-un-vehicule", "mobilite--entretenir-reparer-son-vehicule"],
        "aims": ["lever_freins"],
        "publics": ["beneficiaires-des-minimas-sociaux"],
        "fees": "gratuit",
        "reception_modes": ["en-presentiel"],
        "mobilisation_modes": ["telephoner"],
        "eligibility_zone": "87085, 87154",
        "weekly_hours": "3,5",
        "weeks": "10",
        "address": "4 rue de l'Atelier",
        "commune": "87085",
        "capacity": "6",
        "waiting_list": "0",
        "contact_name": "Inès Morel",
        "contact_email": "ines.morel@example.org",
        "funding_kind": "appel_a_projets",
        "funding_reference": "AAP-2026-03",
    }
    data.update(overrides)
    return data


CREATE = reverse("web:offer_create")


def test_the_partner_creates_a_draft_offer_of_its_organisation(world, partner, limoges):
    page = partner.get(CREATE).content.decode()
    assert "Association Tremplin" in page and 'type="checkbox"' in page
    assert "<summary>Mobilité</summary>" in page  # the thématiques under the schema's categories
    response = partner.post(CREATE, offer_data(world))
    offer = Offer.objects.get(name="Garage solidaire")
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:offer_detail", kwargs={"uuid": offer.uuid}
    )
    assert offer.organization == world.objects["association_87"] and offer.status == "draft"
    assert offer.thematiques == [
        "mobilite--acceder-a-un-vehicule",
        "mobilite--entretenir-reparer-son-vehicule",
    ]
    assert offer.eligibility_zone == ["87085", "87154"]
    assert str(offer.weekly_hours) == "3.5" and offer.weeks == 10 and offer.capacity == 6
    assert (offer.latitude, offer.longitude) == (45.8336, 1.2611)  # placed by its commune
    assert offer.created_by == world.users["partner"]
    assert AuditEntry.objects.filter(action="offer.create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "ab"}, "name", "Le nom de l&#x27;offre doit compter au moins 3 caractères."),
        (
            {"publics": ["tous-publics", "jeunes"]},
            "publics",
            "« Tous publics » ne se combine pas avec d&#x27;autres publics.",
        ),
        (
            {"eligibility_zone": "87085 Limoges"},
            "eligibility_zone",
            "Code de zone d&#x27;éligibilité invalide : Limoges",
        ),
        ({"weekly_hours": "70"}, "weekly_hours", "Le volume horaire hebdomadaire va de 0 à 60 heures."),
        ({"weekly_hours": "trois"}, "weekly_hours", "Le volume horaire hebdomadaire doit être un nombre."),
        ({"contact_email": "pas-un-courriel"}, "contact_email", "Saisissez une adresse e-mail valide."),
    ],
)
def test_a_refused_offer_shows_the_error_on_its_field_and_keeps_the_typed_values(
    world, partner, limoges, overrides, field, message
):
    page = partner.post(CREATE, offer_data(world, **overrides)).content.decode()
    assert message in page
    assert f'<p class="error" id="id_{field}_error">{message}' in page
    assert "Le formulaire contient 1 erreur" in page
    assert "Réparer sa voiture à petit prix avec un mécanicien." in page  # what was typed stays
    assert re.search(r'value="mobilite--acceder-a-un-vehicule"[^>]*checked', page)
    assert not Offer.objects.exists()


def test_the_partner_cannot_create_for_another_organisation(world, partner, limoges):
    stranger = OrganizationFactory(name="Autre association", departement=world.objects["departement_87"])
    page = partner.post(CREATE, offer_data(world, organization=stranger.pk)).content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not Offer.objects.exists()


def test_the_direction_chooses_any_organisation_of_its_departement(world, limoges):
    direction = client_for(world, "direction")
    page = direction.get(CREATE).content.decode()
    assert "Association Tremplin" in page and "Maison du département Nord" in page
    assert "Association Relais 79" not in page
    response = direction.post(CREATE, offer_data(world, organization=world.objects["mdd_north"].pk))
    assert response.status_code == 302
    assert Offer.objects.get().organization == world.objects["mdd_north"]
    refused = direction.post(CREATE, offer_data(world, organization=world.objects["referent_body_79"].pk))
    assert refused.status_code == 200 and Offer.objects.count() == 1


def test_roles_that_do_not_publish_offers_cannot_create(world):
    for role in ("referent", "orientation_agent", "analyst", "beneficiary"):
        assert client_for(world, role).get(CREATE).status_code == 403


def edit_url(offer):
    return reverse("web:offer_edit", kwargs={"uuid": offer.uuid})


def test_editing_keeps_typed_coordinates_and_a_new_commune_places_the_offer_again(
    world, partner, limoges, saint_junien
):
    offer = OfferFactory(
        organization=world.objects["association_87"], commune=limoges, latitude=45.84, longitude=1.27
    )
    page = partner.get(edit_url(offer)).content.decode()
    assert 'value="Atelier de remobilisation' in page and 'value="87085" selected' in page
    data = offer_data(
        world, name="Garage solidaire rénové", commune="87085", latitude="45.84", longitude="1.27"
    )
    assert partner.post(edit_url(offer), data).status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Garage solidaire rénové" and (offer.latitude, offer.longitude) == (45.84, 1.27)
    data.update(commune="87154")
    assert partner.post(edit_url(offer), data).status_code == 302
    offer.refresh_from_db()
    assert offer.commune == saint_junien and (offer.latitude, offer.longitude) == (45.8878, 0.9017)
    assert AuditEntry.objects.filter(action="offer.update").count() == 2


def test_the_organisation_of_an_offer_does_not_change_on_edit(world, partner, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    other = OrganizationFactory(departement=world.objects["departement_87"])
    partner.post(edit_url(offer), offer_data(world, organization=other.pk))
    offer.refresh_from_db()
    assert offer.organization == world.objects["association_87"]


def test_editing_is_for_the_offers_organisation_and_the_direction(world, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    assert client_for(world, "referent").get(edit_url(offer)).status_code == 403
    assert client_for(world, "direction").get(edit_url(offer)).status_code == 200
    other_partner = client_for(world, "direction_87_referent_79")
    foreign = OfferFactory(organization=world.objects["referent_body_79"])
    assert (
        other_partner.get(edit_url(foreign)).status_code == 403
    )  # reads the 79's catalogue, edits nothing there


def session_create_url(offer):
    return reverse("web:offer_session_create", kwargs={"uuid": offer.uuid})


def test_sessions_are_added_changed_and_deleted(world, partner, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges, capacity=12)
    assert (
        'value="12"' in partner.get(session_create_url(offer)).content.decode()
    )  # the offer's places by default
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "start_date": start.isoformat(),
        "end_date": "",
        "place": "Salle des fêtes",
        "commune": "87085",
        "capacity": "10",
    }
    response = partner.post(session_create_url(offer), data)
    assert response.status_code == 302
    session = OfferSession.objects.get(offer=offer)
    assert (session.place, session.commune, session.capacity) == ("Salle des fêtes", limoges, 10)
    page = partner.get(reverse("web:offer_detail", kwargs={"uuid": offer.uuid})).content.decode()
    assert f"Le {start:%d/%m/%Y}" in page and "Salle des fêtes, Limoges" in page
    edit = reverse("web:offer_session_edit", kwargs={"uuid": offer.uuid, "session_uuid": session.uuid})
    assert 'value="Salle des fêtes"' in partner.get(edit).content.decode()
    end = start + datetime.timedelta(days=5)
    partner.post(edit, {**data, "end_date": end.isoformat(), "capacity": "8"})
    session.refresh_from_db()
    assert (session.end_date, session.capacity) == (end, 8)
    delete = reverse("web:offer_session_delete", kwargs={"uuid": offer.uuid, "session_uuid": session.uuid})
    assert partner.get(delete).status_code == 405
    partner.post(delete)
    assert not OfferSession.objects.exists()
    actions = list(AuditEntry.objects.filter(action__startswith="offer.").values_list("action", flat=True))
    assert actions.count("offer.session.create") == 1 and actions.count("offer.session.delete") == 1
    assert actions.count("offer.session.update") == 1 and "offer.update" not in actions


def test_a_session_ending_before_it_starts_is_refused_on_the_end_date(world, partner, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "start_date": start.isoformat(),
        "end_date": (start - datetime.timedelta(days=1)).isoformat(),
        "place": "Salle B",
    }
    page = partner.post(session_create_url(offer), data).content.decode()
    assert "La fin de la session précède son début." in page and 'id="id_end_date_error"' in page
    assert 'value="Salle B"' in page
    far = {"start_date": (start + datetime.timedelta(days=4 * 366)).isoformat()}
    assert "à moins de trois ans" in partner.post(session_create_url(offer), far).content.decode()
    assert not OfferSession.objects.exists()


def test_a_session_with_prescriptions_is_not_deleted(world, partner, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    session = OfferSession.objects.create(offer=offer, departement_code="87", start_date=timezone.localdate())
    PrescriptionFactory(
        offer=offer, session=session, person__dossier__territory=world.objects["territory_north"]
    )
    delete = reverse("web:offer_session_delete", kwargs={"uuid": offer.uuid, "session_uuid": session.uuid})
    page = partner.post(delete, follow=True).content.decode()
    assert "Des personnes ont été prescrites sur cette session" in page
    assert OfferSession.objects.filter(pk=session.pk).exists()


def test_a_session_of_another_offer_answers_404(world, partner, limoges):
    offer = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    other = OfferFactory(organization=world.objects["association_87"], commune=limoges)
    session = OfferSession.objects.create(offer=other, departement_code="87", start_date=timezone.localdate())
    url = reverse("web:offer_session_edit", kwargs={"uuid": offer.uuid, "session_uuid": session.uuid})
    assert partner.get(url).status_code == 404


def test_a_partner_of_two_organisations_chooses_between_them_only(world, limoges):
    from tests.factories import MembershipFactory

    second = OrganizationFactory(
        name="Chantier d'insertion du Val", departement=world.objects["departement_87"]
    )
    MembershipFactory(user=world.users["partner"], organization=second, role="partner")
    client = client_for(world, "partner")
    page = client.get(CREATE).content.decode()
    assert '<select name="organization"' in page
    assert "Association Tremplin" in page and "Chantier d&#x27;insertion du Val" in page
    assert "Maison du département Nord" not in page
    assert client.post(CREATE, offer_data(world, organization=second.pk)).status_code == 302
    assert Offer.objects.get().organization == second


def test_an_offer_names_the_action_of_the_pact_that_funds_it(world, partner, limoges):
    from pacte.core.errors import DomainError
    from pacte.offers import services
    from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory

    pact = PactFactory(departement=world.objects["departement_87"], title="Pacte de la Haute-Vienne")
    action = ActionFactory(
        objective=ObjectiveFactory(thematic=ThematicFactory(pact=pact)), title="Garages solidaires"
    )
    elsewhere = ActionFactory(
        objective=ObjectiveFactory(
            thematic=ThematicFactory(pact=PactFactory(departement=world.objects["departement_79"]))
        )
    )
    page = partner.get(CREATE).content.decode()
    assert "Pacte de la Haute-Vienne — Garages solidaires" in page and elsewhere.title not in page
    refused = partner.post(CREATE, offer_data(world, funding_action=str(elsewhere.pk)))
    assert refused.status_code == 200 and not Offer.objects.exists()
    partner.post(CREATE, offer_data(world, funding_action=str(action.pk)))
    offer = Offer.objects.get()
    assert offer.funding_action == action
    detail = partner.get(reverse("web:offer_detail", kwargs={"uuid": offer.uuid})).content.decode()
    assert reverse("web:pact_action_detail", kwargs={"uuid": action.uuid}) in detail
    action_page = client_for(world, "direction").get(
        reverse("web:pact_action_detail", kwargs={"uuid": action.uuid})
    )
    assert "1 offre financée par cette action" in action_page.content.decode()
    assert "Garage solidaire" in action_page.content.decode()
    with pytest.raises(DomainError, match="autre département"):
        services.update_offer(actor=None, offer=offer, funding_action=elsewhere)
