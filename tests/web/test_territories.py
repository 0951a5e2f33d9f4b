import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Dossier
from tests.factories import CommuneFactory, DossierFactory, TerritoryFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_direction_lists_its_territories_only(world):
    page = client_for(world, "direction").get(reverse("web:territory_list")).content.decode()
    assert "Nord" in page
    assert "Niortais" not in page


def test_the_direction_edits_a_territory(world):
    territory = world.objects["territory_north"]
    commune = CommuneFactory(departement=world.objects["departement_87"])
    client = client_for(world, "direction")
    response = client.post(
        reverse("web:territory_edit", kwargs={"pk": territory.pk}),
        {"name": "Nord – Bellac", "communes": [commune.pk], "confirmed": commune.pk},
    )
    assert response["Location"] == reverse("web:territory_list")
    territory.refresh_from_db()
    assert territory.name == "Nord – Bellac"
    assert list(territory.communes.all()) == [commune]
    assert AuditEntry.objects.filter(actor=world.users["direction"]).exclude(action="user.login").exists()


def test_the_territory_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    url = reverse("web:territory_list")
    departement = world.objects["departement_87"]
    few = queries_for(client, url, shows=["Nord", "Sud"])
    added = []
    for _ in range(45):
        territory = TerritoryFactory(departement=departement)
        CommuneFactory(departement=departement, territory=territory)
        added.append(territory.name)
    assert queries_for(client, url, shows=["Nord", "Sud", *added]) == few


def _edit_url(territory):
    return reverse("web:territory_edit", kwargs={"pk": territory.pk})


@pytest.fixture
def sectors(world):
    departement = world.objects["departement_87"]
    north, south = world.objects["territory_north"], world.objects["territory_south"]
    bellac = CommuneFactory(insee_code="87011", name="Bellac", departement=departement, territory=north)
    aixe = CommuneFactory(
        insee_code="87001", name="Aixe-sur-Vienne", departement=departement, territory=south
    )
    for _ in range(3):
        DossierFactory(commune=bellac, territory=north)
    return north, south, bellac, aixe


def test_a_move_is_shown_with_its_dossier_counts_before_it_is_saved(world, sectors):
    north, south, bellac, aixe = sectors
    client = client_for(world, "direction")
    response = client.post(_edit_url(south), {"name": "Sud – Aixe", "communes": [aixe.pk, bellac.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bellac (87011)" in page and "Nord" in page
    assert "3 dossiers RSA" in page
    assert "Confirmer" in page
    assert 'value="Sud – Aixe"' in page
    assert 'name="confirmed" value="87011"' in page
    bellac.refresh_from_db()
    assert bellac.territory == north
    assert Dossier.objects.filter(territory=north).count() == 4
    assert not AuditEntry.objects.filter(action__startswith="territory.").exists()


def test_the_confirmed_move_is_saved_and_the_dossiers_follow(world, sectors):
    north, south, bellac, aixe = sectors
    client = client_for(world, "direction")
    data = {"name": "Sud – Aixe", "communes": [aixe.pk, bellac.pk], "confirmed": "87011"}
    response = client.post(_edit_url(south), data)
    assert response["Location"] == reverse("web:territory_list")
    bellac.refresh_from_db()
    assert bellac.territory == south
    assert Dossier.objects.filter(commune=bellac, territory=south).count() == 3
    assert AuditEntry.objects.filter(action="territory.communes_move").count() == 1


def test_a_confirmation_of_other_moves_than_those_shown_is_asked_again(world, sectors):
    north, south, bellac, aixe = sectors
    dorat = CommuneFactory(
        insee_code="87059", name="Le Dorat", departement=bellac.departement, territory=None
    )
    client = client_for(world, "direction")
    data = {"name": "Sud", "communes": [aixe.pk, bellac.pk, dorat.pk], "confirmed": "87011"}
    response = client.post(_edit_url(south), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le Dorat (87059)" in page and "sans territoire" in page
    assert 'name="confirmed" value="87011,87059"' in page
    bellac.refresh_from_db()
    assert bellac.territory == north


def test_unticking_a_commune_is_refused_and_nothing_is_written(world, sectors):
    north, south, bellac, aixe = sectors
    client = client_for(world, "direction")
    response = client.post(_edit_url(north), {"name": "Nord renommé", "communes": [], "confirmed": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette commune resterait sans territoire : Bellac (87011)" in page
    assert "Confirmer" not in page
    north.refresh_from_db()
    bellac.refresh_from_db()
    assert (north.name, bellac.territory) == ("Nord", north)
    assert not AuditEntry.objects.filter(action__startswith="territory.").exists()


def test_a_change_that_moves_nothing_is_saved_at_once(world, sectors):
    north, south, bellac, aixe = sectors
    client = client_for(world, "direction")
    response = client.post(_edit_url(north), {"name": "Nord – Bellac", "communes": [bellac.pk]})
    assert response["Location"] == reverse("web:territory_list")
    north.refresh_from_db()
    assert north.name == "Nord – Bellac"


def test_the_confirmation_query_count_does_not_grow_with_communes_or_dossiers(world, sectors):
    north, south, bellac, aixe = sectors
    client = client_for(world, "direction")
    url = _edit_url(south)

    def queries_to_confirm(communes):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"name": "Sud", "communes": [aixe.pk, *communes]})
        assert response.status_code == 200 and "Confirmer" in response.content.decode()
        return len(captured)

    few = queries_to_confirm([bellac.pk])
    many = [bellac.pk]
    for n in range(30):
        commune = CommuneFactory(insee_code=f"87{200 + n}", departement=bellac.departement, territory=north)
        for _ in range(3):
            DossierFactory(commune=commune, territory=north)
        many.append(commune.pk)
    assert queries_to_confirm(many) == few


def test_the_direction_sets_the_signatory_of_its_letters(world):
    departement = world.objects["departement_87"]
    client = client_for(world, "direction")
    url = reverse("web:departement_signatory", kwargs={"code": departement.code})
    assert "Signataire des courriers" in client.get(reverse("web:territory_list")).content.decode()
    refused = client.post(url, {"title": "", "name": ""})
    assert refused.status_code == 200 and "Ce champ est obligatoire" in refused.content.decode()
    response = client.post(
        url,
        {
            "title": " Pour le Président du Conseil départemental, la directrice de l'insertion ",
            "name": "Camille Martin",
        },
    )
    assert response["Location"] == reverse("web:territory_list")
    departement.refresh_from_db()
    assert (
        departement.signatory_title
        == "Pour le Président du Conseil départemental, la directrice de l'insertion"
    )
    assert departement.signatory_name == "Camille Martin"
    entry = AuditEntry.objects.get(action="departement.signatory_update")
    assert entry.actor == world.users["direction"] and entry.departement_code == "87"
    assert entry.data["name"] == "Camille Martin"
    page = client.get(reverse("web:territory_list")).content.decode()
    assert "la directrice de l&#x27;insertion, Camille Martin" in page
