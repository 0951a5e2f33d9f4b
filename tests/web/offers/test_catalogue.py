"""The catalogue's search and an offer's page: scoped by `Offer.objects.visible_to`, searched near
a commune (nearest first, remote offers last), by need, public and mode; French errors on a bad
commune or radius with the form kept; status moves for those who may edit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.offers import search
from pacte.offers.models import Offer, OfferSession
from tests.factories import CommuneFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

LIMOGES = (45.8336, 1.2611)
SAINT_JUNIEN = (45.8878, 0.9017)
BELLAC = (46.1219, 1.0494)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def referent(world):
    return client_for(world, "referent")


@pytest.fixture
def partner(world):
    return client_for(world, "partner")


@pytest.fixture
def places(world):
    departement = world.objects["departement_87"]
    return {
        name: CommuneFactory(insee_code=code, name=name, departement=departement, latitude=lat, longitude=lon)
        for name, code, (lat, lon) in (
            ("Limoges", "87085", LIMOGES),
            ("Saint-Junien", "87154", SAINT_JUNIEN),
            ("Bellac", "87011", BELLAC),
        )
    }


def offer_in(world, commune, **kwargs):
    kwargs.setdefault("organization", world.objects["association_87"])
    return OfferFactory(commune=commune, **kwargs)


def page_of(client, **params):
    response = client.get(reverse("web:offer_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_referent_reads_the_published_catalogue_of_the_departement_only(world, referent, places):
    published = offer_in(world, places["Limoges"], name="Atelier Mobilité Limoges")
    draft = offer_in(world, places["Limoges"], name="Brouillon secret", status="draft")
    elsewhere = OfferFactory(organization=world.objects["referent_body_79"], name="Atelier niortais")
    page = page_of(referent)
    assert published.name in page
    assert draft.name not in page and elsewhere.name not in page
    assert "Garage" not in page  # the world has no offer of its own: only these
    assert 'name="status"' not in page  # a référent only ever sees the published ones


def test_the_search_near_a_commune_sorts_by_distance_and_puts_remote_offers_last(world, referent, places):
    offer_in(world, places["Saint-Junien"], name="Garage solidaire de Saint-Junien")
    offer_in(world, places["Limoges"], name="Permis à Limoges")
    offer_in(world, places["Bellac"], name="Auto-école sociale de Bellac")
    offer_in(
        world, None, name="Atelier numérique en ligne", is_remote_only=True, latitude=None, longitude=None
    )
    offer_in(
        world,
        None,
        name="Visio réservée au 79",
        is_remote_only=True,
        latitude=None,
        longitude=None,
        eligibility_zone=["79"],
    )
    page = page_of(referent, commune="87085", radius_km="30")
    expected = search.haversine_km(*LIMOGES, *SAINT_JUNIEN)
    assert "3 offres à moins de 30 km de Limoges, et à distance" in page
    assert f"à {expected:.1f} km".replace(".", ",") in page
    assert "à 0,0 km" in page
    order = [
        page.index(name) for name in ("Permis à Limoges", "Garage solidaire", "Atelier numérique en ligne")
    ]
    assert order == sorted(order)
    assert "à distance" in page[order[2] :]
    assert "Auto-école sociale" not in page  # 36 km away
    assert "Visio réservée au 79" not in page  # remote, but not open to the people of Limoges


def test_the_commune_is_found_by_its_name_or_its_datalist_label(world, referent, places):
    offer_in(world, places["Limoges"], name="Permis à Limoges")
    for typed in ("Limoges", "limoges", "Limoges (87085)"):
        assert "Permis à Limoges" in page_of(referent, commune=typed, radius_km="5")
    page = page_of(referent)
    assert '<option value="Limoges (87085)">' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"commune": "Atlantide", "radius_km": "10"}, "Commune inconnue : « Atlantide »."),
        ({"commune": "99999"}, "Aucune commune localisée n&#x27;a le code INSEE 99999."),
        ({"commune": "87085", "radius_km": "douze"}, "Le rayon doit être un nombre de kilomètres"),
        ({"commune": "87085", "radius_km": "500"}, "Le rayon va de 0,1 à 200 km."),
        ({"radius_km": "10"}, "Indiquez la commune d&#x27;où mesurer le rayon."),
    ],
)
def test_a_bad_commune_or_radius_is_refused_in_french_and_the_form_kept(
    world, referent, places, params, message
):
    offer_in(world, places["Limoges"], name="Permis à Limoges")
    page = page_of(referent, **params)
    assert message in page
    assert "Le formulaire contient 1 erreur" in page
    for value in params.values():
        assert f'value="{value}"' in page
    assert "Permis à Limoges" not in page  # no result under a refused search


def test_a_decimal_comma_radius_is_understood(world, referent, places):
    offer_in(world, places["Saint-Junien"], name="Garage solidaire")
    distance = search.haversine_km(*LIMOGES, *SAINT_JUNIEN)
    assert "Garage solidaire" in page_of(
        referent, commune="87085", radius_km=f"{distance + 0.5:.1f}".replace(".", ",")
    )
    assert "Garage solidaire" not in page_of(
        referent, commune="87085", radius_km=f"{distance - 0.5:.1f}".replace(".", ",")
    )


def test_the_need_public_mode_and_words_filter(world, referent, places):
    limoges = places["Limoges"]
    offer_in(world, limoges, name="Garage solidaire", thematiques=["mobilite--acceder-a-un-vehicule"])
    offer_in(
        world,
        limoges,
        name="Permanence santé",
        thematiques=["sante--acces-aux-soins"],
        publics=["jeunes"],
        reception_modes=["a-distance"],
    )
    mobility = page_of(referent, theme="mobility")
    assert "Garage solidaire" in mobility and "Permanence santé" not in mobility
    assert "Accéder à un véhicule" in mobility  # the schema's label of the thématique
    health = page_of(referent, thematique="sante--acces-aux-soins")
    assert "Permanence santé" in health and "Garage solidaire" not in health
    young = page_of(referent, public="jeunes")
    assert "Permanence santé" in young and "Garage solidaire" not in young
    remote = page_of(referent, mode="a-distance")
    assert "Permanence santé" in remote and "Garage solidaire" not in remote
    words = page_of(referent, q="garage")
    assert "Garage solidaire" in words and "Permanence santé" not in words


def test_the_partner_filters_its_drafts_and_never_sees_another_partners(world, partner, places):
    own = offer_in(world, places["Limoges"], name="Notre brouillon", status="draft")
    other = OfferFactory(
        organization__departement=world.objects["departement_87"], name="Brouillon voisin", status="draft"
    )
    assert own.name not in page_of(partner)  # the catalogue shows the published offers first
    drafts = page_of(partner, status="draft")
    assert own.name in drafts and other.name not in drafts
    assert "Brouillon</span>" in drafts


def test_roles_without_the_catalogue_are_refused(world):
    for role in ("analyst", "beneficiary"):
        assert client_for(world, role).get(reverse("web:offer_list")).status_code == 403


def test_the_list_query_count_does_not_grow_with_rows(world, referent, places):
    url = reverse("web:offer_list")
    few = [offer_in(world, places["Limoges"], name=f"Offre A{n:02d}").name for n in range(5)]
    small = queries_for(referent, url, shows=few, commune="87085", radius_km="20")
    many = [offer_in(world, places["Saint-Junien"], name=f"Offre B{n:02d}").name for n in range(45)]
    assert queries_for(referent, url, shows=many, commune="87085", radius_km="40") == small
    assert queries_for(referent, url, shows=few + many[:40]) == queries_for(referent, url, shows=few)


def detail(client, offer):
    response = client.get(reverse("web:offer_detail", kwargs={"uuid": offer.uuid}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_offer_page_shows_every_field_in_the_schemas_words(world, referent, places):
    offer = offer_in(
        world,
        places["Limoges"],
        name="Garage solidaire",
        service_type="accompagnement",
        thematiques=["mobilite--acceder-a-un-vehicule", "mobilite--preparer-un-permis"],
        publics=["beneficiaires-des-minimas-sociaux"],
        reception_modes=["en-presentiel"],
        mobilisation_modes=["telephoner"],
        aims=["lever_freins", "emploi"],
        fees="payant",
        fees_details="2 € par séance",
        eligibility_zone=["87"],
        weekly_hours="7.5",
        weeks=12,
        capacity=8,
        waiting_list=3,
        address="12 rue des Mécaniciens",
        contact_name="Inès Morel",
        contact_email="ines.morel@example.org",
        funding_kind="fse_plus",
        funding_reference="FSE-2026-014",
    )
    PrescriptionFactory(
        offer=offer, status="accepted", person__dossier__territory=world.objects["territory_north"]
    )
    page = detail(referent, offer)
    for text in (
        "Accompagnement", "Accéder à un véhicule", "Préparer un permis", "Bénéficiaires des minimas sociaux",
        "En présentiel", "Téléphoner", "Lever les freins sociaux", "Accéder à l&#x27;emploi", "Payant – 2 € par séance",
        "7,5 h", "12", "8 (dont 1 occupée", "Personnes en liste d'attente</dt><dd>3", "12 rue des Mécaniciens",
        "Limoges (87085)", "FSE+", "FSE-2026-014", "Inès Morel", "ines.morel@example.org", "Association Tremplin",
        "Publiée",
    ):  # fmt: skip
        assert text in page, text
    assert "Modifier l'offre" not in page  # a référent reads only
    assert 'name="status"' not in page


def test_sessions_come_upcoming_first_then_past_ones(world, referent, places):
    offer = offer_in(world, places["Limoges"])
    today = timezone.localdate()
    for days in (-40, 30, 5):
        OfferSession.objects.create(
            offer=offer,
            departement_code="87",
            start_date=today + datetime.timedelta(days=days),
            place=f"Salle {days}",
        )
    page = detail(referent, offer)
    order = [page.index(f"Salle {days}") for days in (5, 30, -40)]
    assert order == sorted(order)
    assert page.count("Passée") == 1


def test_an_offer_out_of_sight_answers_404(world, referent, partner):
    other_79 = OfferFactory(organization=world.objects["referent_body_79"])
    draft_87 = OfferFactory(organization__departement=world.objects["departement_87"], status="draft")
    for offer in (other_79, draft_87):
        assert referent.get(reverse("web:offer_detail", kwargs={"uuid": offer.uuid})).status_code == 404
    assert partner.get(reverse("web:offer_detail", kwargs={"uuid": draft_87.uuid})).status_code == 404


def status_url(offer):
    return reverse("web:offer_status", kwargs={"uuid": offer.uuid})


def test_the_partner_publishes_unpublishes_and_archives_its_offer(world, partner, places):
    offer = offer_in(world, places["Limoges"], status="draft")
    page = detail(partner, offer)
    assert "Modifier l'offre" in page
    assert 'value="published"' in page and 'value="archived"' in page
    response = partner.post(status_url(offer), {"status": "published"}, follow=True)
    assert "L&#x27;offre est maintenant « publiée »." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "published"
    assert AuditEntry.objects.filter(action="offer.publish").count() == 1
    partner.post(status_url(offer), {"status": "archived"})
    offer.refresh_from_db()
    assert offer.status == "archived"


def test_publishing_without_a_place_is_refused_with_the_services_message(world, partner):
    offer = OfferFactory(
        organization=world.objects["association_87"],
        status="draft",
        commune=None,
        latitude=None,
        longitude=None,
    )
    page = partner.post(status_url(offer), {"status": "published"}, follow=True).content.decode()
    assert "Indiquez la commune de l&#x27;offre" in page
    offer.refresh_from_db()
    assert offer.status == "draft"


def test_a_referent_may_not_change_a_status_and_a_bad_move_is_refused(world, referent, partner, places):
    offer = offer_in(world, places["Limoges"])
    assert referent.post(status_url(offer), {"status": "archived"}).status_code == 403
    page = partner.post(status_url(offer), {"status": "published"}, follow=True).content.decode()
    assert "Passage impossible de « Publiée » à « Publiée »." in page
    assert Offer.objects.get(pk=offer.pk).status == "published"


def test_the_direction_sees_the_stale_warning(world, places):
    offer = offer_in(world, places["Limoges"])
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now() - datetime.timedelta(days=200))
    page = detail(client_for(world, "direction"), offer)
    assert "Cette offre n'a pas été mise à jour depuis plus de 6 mois" in page
    fresh = offer_in(world, places["Limoges"])
    assert "depuis plus de 6 mois" not in detail(client_for(world, "direction"), fresh)


def test_a_remote_offer_open_to_the_communes_epci_is_found_and_one_for_another_epci_is_not(
    world, referent, places
):
    from pacte.territory.models import Epci

    limoges_metropole = Epci.objects.create(siren="248719312", name="Limoges Métropole")
    other = Epci.objects.create(siren="200071876", name="Porte Océane du Limousin")
    places["Limoges"].epci = limoges_metropole
    places["Limoges"].save()
    remote = {"is_remote_only": True, "latitude": None, "longitude": None}
    offer_in(world, None, name="Visio de la métropole", eligibility_zone=[limoges_metropole.siren], **remote)
    offer_in(world, None, name="Visio de l'ouest", eligibility_zone=[other.siren], **remote)
    page = page_of(referent, commune="87085")
    assert "Visio de la métropole" in page and "Visio de l&#x27;ouest" not in page
    assert "à moins de 10 km de Limoges" in page  # the default radius


def test_the_direction_lists_archived_offers_on_demand(world, places):
    direction = client_for(world, "direction")
    offer_in(world, places["Limoges"], name="Action terminée", status="archived")
    assert "Action terminée" not in page_of(direction)
    assert "Action terminée" in page_of(direction, status="archived")
    assert "Action terminée" in page_of(direction, status="all")
