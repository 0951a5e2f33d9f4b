"""GET /api/v1/prescriptions/: scoped by `Prescription.objects.visible_to` (a partner's open
prescriptions to its own offers only), the need to the professionals only; and what a partner's
GET /api/v1/persons/ answers: exactly the persons of its open prescriptions, never a NIR nor a
health detail."""

import datetime

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.pathways.services.diagnostics import record_diagnostic
from tests.api.helpers import as_user, queries_for
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory, barrier
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("api:prescription-list")
NIR = "2850687085123"


def detail(prescription):
    return reverse("api:prescription-detail", kwargs={"id": prescription.uuid})


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def scene(world):
    mdd = world.objects["mdd_north"]
    north = world.objects["territory_north"]
    followed = PersonFactory(dossier=DossierFactory(territory=north), last_name="Suivie")
    OrientationFactory(person=followed, body=mdd, decision_date=datetime.date(2025, 4, 1))
    ReferentAssignmentFactory(person=followed, referent=world.users["referent"], organization=mdd)
    record_diagnostic(
        actor=None,
        person=followed,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={barrier(): "Suivi hospitalier confidentiel"},
    )
    offer = OfferFactory(organization=world.objects["association_87"], name="Location de scooters")
    other = OfferFactory(
        organization=OrganizationFactory(departement=world.objects["departement_87"]), name="Autre structure"
    )
    closed_person = PersonFactory(dossier=DossierFactory(territory=north), last_name="Close")
    return {
        "followed": followed,
        "offer": offer,
        "open": PrescriptionFactory(person=followed, offer=offer, status="accepted", barrier_theme="health"),
        "elsewhere": PrescriptionFactory(person=followed, offer=other, status="sent"),
        "closed": PrescriptionFactory(
            person=closed_person, offer=offer, status="completed", outcome="emploi"
        ),
        "closed_person": closed_person,
    }


def test_the_partner_lists_only_its_open_prescriptions_without_the_need(api_client, world, scene):
    response = as_user(api_client, world.users["partner"]).get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["uuid"] for row in rows] == [str(scene["open"].uuid)]
    row = rows[0]
    assert row["person"] == {
        "uuid": str(scene["followed"].uuid),
        "first_name": scene["followed"].first_name,
        "last_name": "Suivie",
    }
    assert row["offer"] == {
        "uuid": str(scene["offer"].uuid),
        "name": "Location de scooters",
        "organization": world.objects["association_87"].name,
    }
    assert row["status"] == "accepted" and row["session"] is None
    assert "barrier_theme" not in row
    assert api_client.get(detail(scene["elsewhere"])).status_code == 404
    assert api_client.get(detail(scene["closed"])).status_code == 404
    assert "barrier_theme" not in api_client.get(detail(scene["open"])).json()


def test_the_referent_reads_every_prescription_of_the_persons_followed_with_the_need(
    api_client, world, scene
):
    response = as_user(api_client, world.users["referent"]).get(LIST)
    rows = {row["uuid"]: row for row in response.json()["results"]}
    assert set(rows) == {str(scene["open"].uuid), str(scene["elsewhere"].uuid)}
    assert rows[str(scene["open"].uuid)]["barrier_theme"] == "health"
    other_referent = MembershipFactory(
        role=Role.REFERENT, organization=OrganizationFactory(departement=world.objects["departement_87"])
    ).user
    as_user(api_client, other_referent)
    assert api_client.get(LIST).json()["results"] == []
    assert api_client.get(detail(scene["open"])).status_code == 404


def test_filters_by_status_and_offer_and_french_400s(api_client, world, scene):
    client = as_user(api_client, world.users["direction"])
    by_status = client.get(LIST, {"status": "completed"}).json()["results"]
    assert [row["uuid"] for row in by_status] == [str(scene["closed"].uuid)]
    by_offer = client.get(LIST, {"offer": str(scene["offer"].uuid)}).json()["results"]
    assert {row["uuid"] for row in by_offer} == {str(scene["open"].uuid), str(scene["closed"].uuid)}
    bad = client.get(LIST, {"status": "perdue", "offer": "pas-un-uuid"})
    assert bad.status_code == 400 and set(bad.json()) == {"status", "offer"}


def test_the_list_is_audited_with_the_persons_returned(api_client, world, scene):
    from pacte.audit.models import AuditEntry

    as_user(api_client, world.users["partner"]).get(LIST)
    entry = AuditEntry.objects.filter(action="prescription.api.list").latest("id")
    assert entry.data["persons"] == [str(scene["followed"].uuid)]


def test_a_partners_persons_are_exactly_those_of_its_open_prescriptions_without_nir_nor_health(
    api_client, world, scene
):
    client = as_user(api_client, world.users["partner"])
    response = client.get(reverse("api:person-list"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [str(scene["followed"].uuid)]
    body = response.content.decode()
    assert NIR not in body and '"nir"' not in body
    assert "hospitalier" not in body and "health" not in body and "sante" not in body
    one = client.get(reverse("api:person-detail", kwargs={"id": scene["followed"].uuid}))
    assert one.status_code == 200 and "nir" not in one.json()
    closed = client.get(reverse("api:person-detail", kwargs={"id": scene["closed_person"].uuid}))
    assert closed.status_code == 404


def test_the_list_makes_the_same_queries_for_5_and_50_rows(api_client, world):
    offer = OfferFactory(organization=world.objects["association_87"])
    north = world.objects["territory_north"]

    def prescribe(count):
        for _ in range(count):
            PrescriptionFactory(person=PersonFactory(dossier=DossierFactory(territory=north)), offer=offer)

    client = as_user(api_client, world.users["partner"])
    prescribe(5)
    few = queries_for(client, LIST, rows=5)
    prescribe(45)
    many = queries_for(client, LIST, rows=50)
    assert few == many


def test_the_endpoints_are_in_the_openapi_schema(api_client, world):
    client = as_user(api_client, world.users["direction"])
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    assert "/api/v1/prescriptions/" in schema["paths"] and "/api/v1/prescriptions/{id}/" in schema["paths"]
    names = [p["name"] for p in schema["paths"]["/api/v1/prescriptions/"]["get"]["parameters"]]
    assert {"status", "offer", "page"} <= set(names)


def test_a_partner_who_is_also_a_referent_reads_the_need_only_of_the_persons_it_follows(
    api_client, world, scene
):
    partner = world.users["partner"]
    # Référent in another organisation, where the followed person of the scene is not oriented.
    elsewhere = OrganizationFactory(departement=world.objects["departement_87"], name="Mission locale")
    MembershipFactory(role=Role.REFERENT, organization=elsewhere, user=partner)
    own = PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
    ReferentAssignmentFactory(person=own, referent=partner, organization=elsewhere)
    mine = PrescriptionFactory(person=own, offer=scene["offer"], barrier_theme="mobility")
    rows = {row["uuid"]: row for row in as_user(api_client, partner).get(LIST).json()["results"]}
    assert rows[str(mine.uuid)]["barrier_theme"] == "mobility"
    assert "barrier_theme" not in rows[str(scene["open"].uuid)]  # seen only as the partner


def test_the_schema_says_the_need_may_be_absent(api_client, world):
    client = as_user(api_client, world.users["direction"])
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    component = schema["components"]["schemas"]["Prescription"]
    assert "barrier_theme" in component["properties"] and "barrier_theme" not in component["required"]
