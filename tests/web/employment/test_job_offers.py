import datetime

from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.employment.models import JobOffer
from tests.employment.factories import JobOfferFactory, RomeAppellationFactory, RomeCodeFactory, tension_job
from tests.factories import CommuneFactory
from tests.web.helpers import queries_for

TODAY = datetime.date.today()


def _in_tension(world, rome):
    world.objects["departement_87"].region_code = "75"
    world.objects["departement_87"].save()
    tension_job(rome, territory_code="75", is_sample=True, source="Échantillon d'exemple (non officiel)")


def test_a_referent_reads_the_offers_of_the_departement_only(world, referent_client):
    page = referent_client.get(reverse("web:employment_job_offer_list")).content.decode()
    assert world.objects["job_offer_87"].title in page
    assert world.objects["job_offer_79"].title not in page
    detail = referent_client.get(
        reverse("web:employment_job_offer_detail", args=[world.objects["job_offer_87"].uuid])
    )
    assert "Bâti Limousin" in detail.content.decode() and "Modifier" not in detail.content.decode()


def test_filters_by_rome_commune_status_and_tension(world, relations_client):
    url = reverse("web:employment_job_offer_list")
    cook = RomeAppellationFactory(
        code_ogr=11111, label="Commis de cuisine", rome=RomeCodeFactory(code="G1602", label="Cuisine")
    )
    limoges = CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    JobOfferFactory(
        employer=world.objects["employer_87"], title="Commis à Limoges", appellation=cook, commune=limoges
    )
    JobOfferFactory(
        employer=world.objects["employer_87"], title="Maçon pourvu", status="filled", closed_on=TODAY
    )
    _in_tension(world, cook.rome)
    mason = world.objects["job_offer_87"].title

    def titles(**params):
        page = relations_client.get(url, params).content.decode()
        return {title for title in (mason, "Commis à Limoges", "Maçon pourvu") if title in page}

    assert titles() == {mason, "Commis à Limoges", "Maçon pourvu"}
    assert titles(rome="g1602") == {"Commis à Limoges"}
    assert titles(commune="87085") == {"Commis à Limoges"}
    assert titles(status="filled") == {"Maçon pourvu"}
    assert titles(tension="on") == {"Commis à Limoges"}
    assert "Métier en tension" in relations_client.get(url, {"rome": "G1602"}).content.decode()


def test_the_list_takes_the_same_queries_for_5_and_50_offers(world, relations_client):
    url = reverse("web:employment_job_offer_list")
    _in_tension(world, world.objects["job_offer_87"].rome)
    for index in range(4):
        JobOfferFactory(employer=world.objects["employer_87"], title=f"Offre courte {index}")
    few = queries_for(relations_client, url, shows=["Offre courte 3"])
    for index in range(45):
        JobOfferFactory(employer=world.objects["siae_87"], title=f"Offre longue {index}")
    many = queries_for(relations_client, url, shows=["Offre longue 44"])
    assert few == many


def test_an_offer_is_created_edited_and_filled(world, relations_client):
    employer = world.objects["employer_87"]
    RomeAppellationFactory()
    commune = CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    url = reverse("web:employment_job_offer_create", args=[employer.uuid])
    data = {
        "title": "Maçon qualifié", "appellation": "16250", "commune": "87085", "contract_type": "cdd",
        "weekly_hours": "35", "positions": "2", "opened_on": TODAY.isoformat(),
    }  # fmt: skip
    response = relations_client.post(url, {**data, "appellation": "Astronaute"})
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "Appellation ROME inconnue" in page
        and 'value="Maçon qualifié"' in page
    )
    response = relations_client.post(url, data)
    offer = JobOffer.objects.get(title="Maçon qualifié")
    assert response["Location"] == reverse("web:employment_job_offer_detail", args=[offer.uuid])
    assert (offer.rome_id, offer.commune, offer.positions, offer.created_by) == (
        "F1703",
        commune,
        2,
        world.users["employer_relations"],
    )
    edit = reverse("web:employment_job_offer_edit", args=[offer.uuid])
    assert 'value="16250"' in relations_client.get(edit).content.decode()
    relations_client.post(edit, {**data, "positions": "3"})
    offer.refresh_from_db()
    assert offer.positions == 3
    status = reverse("web:employment_job_offer_status", args=[offer.uuid])
    relations_client.post(status, {"status": "filled"})
    offer.refresh_from_db()
    assert (offer.status, offer.closed_on) == ("filled", TODAY)
    response = relations_client.post(status, {"status": "open"}, follow=True)
    assert "Passage impossible" in response.content.decode()
    actions = list(
        AuditEntry.objects.filter(object_id=str(offer.uuid)).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["job_offer.create", "job_offer.update", "job_offer.filled"]


def test_the_tension_page_lists_the_territories_and_says_a_sample_is_one(world, referent_client):
    _in_tension(world, world.objects["job_offer_87"].rome)
    page = referent_client.get(reverse("web:employment_tension_list")).content.decode()
    assert "Nouvelle-Aquitaine (75)" in page and "F1703" in page
    assert "échantillon, non officiel" in page and "ce n&#x27;est pas la liste officielle" not in page
    assert "ce n'est pas la liste officielle" in page
