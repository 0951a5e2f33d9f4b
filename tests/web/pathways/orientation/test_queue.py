import pytest
from django.urls import reverse

from tests.pathways.factories import OrientationFactory
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import entering

pytestmark = pytest.mark.django_db

QUEUE = reverse("web:orientation_queue")
LATE = reverse("web:orientation_late")


def test_the_agent_sees_the_people_of_their_territory_most_urgent_first(world, agent):
    recent = entering(world, days_ago=5, last_name="Recente")
    late = entering(world, days_ago=60, last_name="Ancienne")
    entering(world, territory="territory_south", last_name="Ailleurs")
    response = agent.get(QUEUE)
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Ancienne") < text.index("Recente")
    assert "Ailleurs" not in text
    assert "En retard de 18 jours" in text
    assert "37 jours restants" in text
    assert str(late.uuid) in text and str(recent.uuid) in text


def test_filters_overdue_and_proposed(world, agent):
    entering(world, days_ago=5, last_name="Recente")
    entering(world, days_ago=60, last_name="Ancienne")
    proposed = entering(world, days_ago=7, last_name="Proposee")
    OrientationFactory(person=proposed, body=world.objects["ft_87"], proposed=True)
    text = agent.get(QUEUE, {"overdue": "on"}).content.decode()
    assert "Ancienne" in text and "Recente" not in text
    text = agent.get(QUEUE, {"proposal": "proposed"}).content.decode()
    assert "Proposee" in text and "Ancienne" not in text
    text = agent.get(QUEUE, {"proposal": "not_proposed"}).content.decode()
    assert "Proposee" not in text and "Ancienne" in text


def test_the_direction_filters_by_territory(world, direction):
    entering(world, last_name="Nordiste")
    entering(world, territory="territory_south", last_name="Sudiste")
    text = direction.get(QUEUE).content.decode()
    assert "Nordiste" in text and "Sudiste" in text
    text = direction.get(QUEUE, {"territory": world.objects["territory_south"].pk}).content.decode()
    assert "Nordiste" not in text and "Sudiste" in text


def test_the_queue_query_count_does_not_grow_with_rows(world, agent):
    few = queries_for(agent, QUEUE, shows=[entering(world).last_name for _ in range(5)])
    # 50 a page: the world's own person of the northern sector may take the last place.
    shown = [entering(world).last_name for _ in range(44)]
    assert queries_for(agent, QUEUE, shows=shown) == few


def test_the_late_dashboard_counts_by_territory_with_an_accessible_chart(world, direction):
    for _ in range(3):
        entering(world, days_ago=50)
    entering(world, territory="territory_south", days_ago=50)
    entering(world, days_ago=3)
    response = direction.get(LATE)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in text and "<title" in text
    assert '<th scope="row">Nord</th><td>4</td>' in text
    assert '<th scope="row">Sud</th><td>2</td>' in text
    assert response.context["total"] == 6  # with the world's own two persons, entered long ago


def test_the_late_dashboard_query_count_does_not_grow_with_rows(world, agent):
    few = queries_for(agent, LATE, shows=[entering(world, days_ago=50).last_name for _ in range(5)])
    shown = [entering(world, days_ago=50).last_name for _ in range(44)]
    assert queries_for(agent, LATE, shows=shown) == few


STOCK = reverse("web:orientation_stock")


def test_the_stock_has_its_own_worklist_apart_from_the_queue(world, agent):
    stock = entering(world, days_ago=400, last_name="Ancienstock", sdd_cohort="stock")
    entrant = entering(world, days_ago=5, last_name="Nouvelentrant")
    entering(world, territory="territory_south", days_ago=400, last_name="Stockailleurs", sdd_cohort="stock")
    queue = agent.get(QUEUE).content.decode()
    assert "Nouvelentrant" in queue and "Ancienstock" not in queue
    assert "stock à orienter</a>" in queue
    page = agent.get(STOCK).content.decode()
    assert "Ancienstock" in page and "Nouvelentrant" not in page and "Stockailleurs" not in page
    assert f"{stock.sdd_since:%d/%m/%Y}" in page and "date de demande du RSA (DTDEMRSA)" in page
    assert "1 personne du stock sans orientation." in page
    OrientationFactory(person=stock)
    assert "Ancienstock" not in agent.get(STOCK).content.decode()
    assert entrant.sdd_cohort == "entrant"


def test_the_stock_query_count_does_not_grow_with_rows(world, agent):
    few = queries_for(agent, STOCK, shows=[entering(world, sdd_cohort="stock").last_name for _ in range(5)])
    shown = [entering(world, sdd_cohort="stock").last_name for _ in range(20)]
    assert queries_for(agent, STOCK, shows=shown) == few
