"""Fill rates and waiting lists by offer, by partner and by territory, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.offers import fill_rates
from pacte.offers.models import Offer, OfferSession
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory, TerritoryFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def prescribe(offer, *statuses, sent_on=TODAY - datetime.timedelta(days=20)):
    for status in statuses:
        PrescriptionFactory(offer=offer, status=status, sent_on=sent_on)


@pytest.fixture
def offers():
    dept = DepartementFactory(code="87")
    north = TerritoryFactory(departement=dept, name="Nord")
    commune = CommuneFactory(insee_code="87085", territory=north)
    tremplin = OrganizationFactory(name="Tremplin", departement=dept)
    relais = OrganizationFactory(name="Relais", departement=dept)
    full = OfferFactory(organization=tremplin, commune=commune, capacity=2, waiting_list=3, name="Garage")
    prescribe(full, "accepted", "started", "started", "waitlisted", "refused", "sent", "cancelled")
    prescribe(full, "completed", sent_on=TODAY - datetime.timedelta(days=400))
    by_sessions = OfferFactory(organization=relais, commune=commune, capacity=None, name="Atelier")
    OfferSession.objects.create(
        offer=by_sessions, departement_code="87", start_date=TODAY + datetime.timedelta(days=5), capacity=6
    )
    OfferSession.objects.create(
        offer=by_sessions, departement_code="87", start_date=TODAY + datetime.timedelta(days=40), capacity=4
    )
    OfferSession.objects.create(
        offer=by_sessions,
        departement_code="87",
        start_date=TODAY - datetime.timedelta(days=40),
        end_date=TODAY - datetime.timedelta(days=30),
        capacity=50,
    )
    prescribe(by_sessions, "accepted", "refused")
    unknown = OfferFactory(
        organization=relais, commune=CommuneFactory(insee_code="87001"), name="Sans places"
    )
    return {"full": full, "by_sessions": by_sessions, "unknown": unknown}


def rows_by_name():
    return {row.name: row for row in fill_rates.by_offer(Offer.objects.all(), today=TODAY)}


def test_by_offer(offers):
    rows = rows_by_name()
    garage = rows["Garage"].figures
    assert (garage.capacity, garage.taken, garage.fill_rate) == (2, 3, 150)
    assert garage.is_over_capacity and rows["Garage"].is_flagged
    assert garage.waiting_list == 1 + 3  # one prescription waitlisted, three declared
    # Sent in the last 12 months: 7; answered: accepted, 2 started, waitlisted, refused; accepted 3.
    assert (garage.sent, garage.answered, garage.accepted, garage.acceptance_rate) == (7, 5, 3, 60)
    atelier = rows["Atelier"].figures
    assert (atelier.capacity, atelier.taken, atelier.fill_rate) == (10, 1, 10)  # upcoming sessions only
    assert atelier.acceptance_rate == 50 and not rows["Atelier"].is_flagged
    unknown = rows["Sans places"]
    assert unknown.figures.capacity is None and unknown.figures.fill_rate is None
    assert unknown.territory == fill_rates.NO_TERRITORY and rows["Garage"].territory == "Nord"


def test_by_partner_and_territory(offers):
    rows = fill_rates.by_offer(Offer.objects.all(), today=TODAY)
    by_organization = {group.label: group for group in fill_rates.by_organization(rows)}
    assert by_organization["Tremplin"].figures.fill_rate == 150 and by_organization["Tremplin"].flagged == 1
    relais = by_organization["Relais"]
    assert (relais.offers, relais.figures.capacity, relais.figures.taken, relais.figures.fill_rate) == (
        2,
        10,
        1,
        10,
    )
    territories = fill_rates.by_territory(rows)
    assert [group.label for group in territories] == ["Nord", fill_rates.NO_TERRITORY]
    assert territories[0].figures.capacity == 12 and territories[0].figures.taken == 4
    total = fill_rates.total(rows)
    assert (total.offers, total.figures.capacity, total.figures.taken_with_capacity) == (3, 12, 4)


def test_one_query_whatever_the_number_of_offers(offers):
    with CaptureQueriesContext(connection) as small:
        assert len(fill_rates.by_offer(Offer.objects.all(), today=TODAY)) == 3
    for index in range(20):
        offer = OfferFactory(
            organization=offers["full"].organization, commune=offers["full"].commune, capacity=5
        )
        prescribe(offer, "accepted", "waitlisted")
        OfferSession.objects.create(offer=offer, departement_code="87", start_date=TODAY, capacity=index)
    with CaptureQueriesContext(connection) as large:
        assert len(fill_rates.by_offer(Offer.objects.all(), today=TODAY)) == 23
    assert len(small) == len(large) == 1
