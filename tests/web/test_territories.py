import pytest
from django.urls import reverse

from pacte.audit.models import AuditEntry
from tests.factories import CommuneFactory, TerritoryFactory
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
        {"name": "Nord – Bellac", "communes": [commune.pk]},
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
    few = queries_for(client, url)
    for _ in range(45):
        territory = TerritoryFactory(departement=departement)
        CommuneFactory(departement=departement, territory=territory)
    assert queries_for(client, url) == few
