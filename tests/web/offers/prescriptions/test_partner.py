"""The partner's inbox and attendance grid."""

import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.offers.models import Attendance
from tests.factories import (
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.permissions.world import client_for
from tests.web.helpers import queries_for
from tests.web.offers.prescriptions.helpers import (
    text_of,
    url,
)

pytestmark = pytest.mark.django_db


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
