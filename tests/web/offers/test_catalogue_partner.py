"""The partner's own offers: every status, the six-month warning, sessions to come, seats taken and
waiting list; nothing of another organisation; the direction sees its département's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.offers.models import Offer, OfferSession
from tests.factories import OrganizationFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db
URL = reverse("web:partner_offers")


@pytest.fixture
def world():
    return build_world()


def own_offer(world, **kwargs):
    return OfferFactory(organization=world.objects["association_87"], **kwargs)


def test_the_partner_sees_its_offers_of_every_status_with_sessions_seats_and_waiting_list(world):
    today = timezone.localdate()
    published = own_offer(world, name="Garage solidaire", capacity=8, waiting_list=2)
    own_offer(world, name="Atelier en brouillon", status="draft")
    own_offer(world, name="Ancienne action", status="archived")
    for days in (-10, 12, 40):
        OfferSession.objects.create(
            offer=published, departement_code="87", start_date=today + datetime.timedelta(days=days)
        )
    north = world.objects["territory_north"]
    for status in ("accepted", "started", "sent"):
        PrescriptionFactory(offer=published, status=status, person__dossier__territory=north)
    OfferFactory(organization__departement=world.objects["departement_87"], name="Offre d'un voisin")
    OfferFactory(organization=world.objects["referent_body_79"], name="Offre du 79")
    page = client_for(world, "partner").get(URL).content.decode()
    for name in ("Garage solidaire", "Atelier en brouillon", "Ancienne action"):
        assert name in page
    assert "voisin" not in page and "Offre du 79" not in page
    next_day = today + datetime.timedelta(days=12)
    assert f"2 (la prochaine le {next_day:%d/%m/%Y})" in page
    assert "2 occupées sur 8" in page  # accepted and started hold a seat, a sent one does not
    assert "<td>2</td>" in page  # the waiting list
    assert "1 brouillon, 1 publiée, 1 archivée" in page


def test_a_published_offer_untouched_for_six_months_is_flagged(world):
    stale = own_offer(world, name="Offre oubliée")
    own_offer(world, name="Offre fraîche")
    Offer.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - datetime.timedelta(days=190))
    page = client_for(world, "partner").get(URL).content.decode()
    assert page.count("Plus de 6 mois sans mise à jour") == 1
    assert "1 offre publiée n'a pas été mise à jour depuis plus de 6 mois" in page
    stale_row = page[page.index("Offre oubliée") :]
    assert stale_row.index("Plus de 6 mois") < stale_row.index("</tr>")


def test_the_status_filter(world):
    own_offer(world, name="Atelier en brouillon", status="draft")
    own_offer(world, name="Garage solidaire")
    page = client_for(world, "partner").get(URL, {"status": "draft"}).content.decode()
    assert "Atelier en brouillon" in page and "Garage solidaire" not in page


def test_the_direction_sees_every_organisation_of_its_departement(world):
    own_offer(world, name="Garage solidaire", status="draft")
    OfferFactory(
        organization=OrganizationFactory(departement=world.objects["departement_87"]),
        name="Offre d'un voisin",
    )
    OfferFactory(organization=world.objects["referent_body_79"], name="Offre du 79")
    page = client_for(world, "direction").get(URL).content.decode()
    assert "Garage solidaire" in page and "Offre d&#x27;un voisin" in page
    assert "Offre du 79" not in page


def test_roles_without_offers_of_their_own_are_refused(world):
    for role in ("referent", "orientation_agent", "employer_relations", "analyst", "beneficiary"):
        assert client_for(world, role).get(URL).status_code == 403


def test_the_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "partner")
    today = timezone.localdate()

    def offers(count, prefix):
        names = []
        for n in range(count):
            offer = own_offer(world, name=f"{prefix}{n:02d}")
            OfferSession.objects.create(offer=offer, departement_code="87", start_date=today)
            names.append(offer.name)
        return names

    small = queries_for(client, URL, shows=offers(5, "Offre A"))
    assert queries_for(client, URL, shows=offers(45, "Offre B")) == small


def test_the_page_says_whose_offers_it_lists(world):
    assert "<h1>Offres de ma structure</h1>" in client_for(world, "partner").get(URL).content.decode()
    direction = client_for(world, "direction").get(URL).content.decode()
    assert "<h1>Offres des structures du département</h1>" in direction
