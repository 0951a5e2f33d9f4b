"""The person's pathway partial and the person's page seen by a partner."""

import pytest
from django.template.loader import render_to_string

from pacte.web.offers.prescriptions.context import person_prescriptions
from tests.permissions.world import client_for
from tests.web.offers.prescriptions.helpers import NIR, text_of, url

pytestmark = pytest.mark.django_db


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
