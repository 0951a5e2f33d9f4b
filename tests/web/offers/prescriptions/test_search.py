"""The search from a person's pathway: their commune, their diagnosed needs."""

import re

import pytest

from pacte.audit.models import AuditEntry
from pacte.offers import search
from pacte.organizations.enums import Role
from pacte.web.offers.catalogue import display
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
)
from tests.offers.factories import OfferFactory
from tests.permissions.world import client_for
from tests.web.helpers import queries_for
from tests.web.offers.prescriptions.helpers import COUZEIX, LIMOGES, MOBILITY, login, text_of, url

pytestmark = pytest.mark.django_db


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
