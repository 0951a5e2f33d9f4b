import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from pacte.pathways import queries
from pacte.web.charts import bar_chart
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

HEADINGS = {
    "direction": "Tableau de bord de la direction de l'insertion",
    "orientation_agent": "Orientation des personnes soumises aux droits et devoirs",
    "referent": "Mon portefeuille de référent·e unique",
    "partner": "Espace de la structure partenaire",
    "employer_relations": "Relations entreprises",
    "pact_contributor": "Contribuer au pacte territorial d'insertion",
    "analyst": "Statistiques de l'insertion",
    "superuser": "Administration de la plateforme",
}


@pytest.fixture
def world():
    return build_world()


def home_page(world, role):
    response = client_for(world, role).get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", sorted(HEADINGS))
def test_each_role_lands_on_its_own_home_page(world, role):
    page = home_page(world, role)
    assert f"<h1>{HEADINGS[role]}</h1>" in page
    assert '<html lang="fr">' in page
    assert 'href="#contenu"' in page
    assert 'aria-current="page"' in page


def test_the_direction_sees_its_figures_and_a_server_side_chart(world):
    PersonFactory(dossier=DossierFactory(right_state="5", territory=world.objects["territory_north"]))
    page = home_page(world, "direction")
    assert "Haute-Vienne (87)" in page
    assert '<svg role="img" aria-labelledby="chart-title"' in page
    assert "Droit ouvert et versable" in page
    assert "Droit clos" in page
    assert "<script" not in page.split("</head>")[1]


def test_the_orientation_agent_sees_the_entrants_and_the_stock_as_the_queue_counts_them(world):
    territory = world.objects["territory_north"]
    today = datetime.date.today()
    for days in (3, 10, 80):  # the last one past the six weeks
        PersonFactory(
            dossier=DossierFactory(territory=territory, dtdemrsa=today - datetime.timedelta(days=days))
        )
    for _ in range(2):
        PersonFactory(sdd_cohort="stock", dossier=DossierFactory(territory=territory))
    PersonFactory(dossier=DossierFactory(territory=world.objects["territory_south"]))
    agent = world.users["orientation_agent"]
    queue = queries.orientation_queue(agent, today=today)
    stock = queries.stock_without_orientation(agent)
    page = home_page(world, "orientation_agent")
    entrants, overdue = queue.count(), queue.filter(is_overdue=True).count()
    assert entrants >= 3 and overdue >= 1 and stock.count() == 2
    assert f"<strong>{entrants}</strong> personnes entrées dans les droits et devoirs à orienter" in page
    assert f"dont <strong>{overdue}</strong> hors du délai de six semaines" in page
    assert "<strong>2</strong> personnes sans orientation" in page
    assert escape(queries.QUEUE_DEFINITION) in page
    client = client_for(world, "orientation_agent")
    queue_page = client.get(reverse("web:orientation_queue")).content.decode()
    assert f"{entrants} personnes à orienter." in queue_page
    late_page = client.get(reverse("web:orientation_late")).content.decode()
    assert f"<strong>{overdue}</strong> personne" in late_page
    stock_page = client.get(reverse("web:orientation_stock")).content.decode()
    assert "2 personnes du stock sans orientation." in stock_page
    assert "Nord" in page


def test_the_referent_sees_their_caseload_count(world):
    assert "<strong>0</strong> personnes dont vous êtes" in home_page(world, "referent")


def test_the_partner_sees_its_organisation(world):
    assert '<h2 id="structure-1">Association Tremplin</h2>' in home_page(world, "partner")


def test_the_partner_s_home_says_what_waits_for_it(world):
    from tests.offers.factories import OfferFactory, PrescriptionFactory

    offer = OfferFactory(organization=world.objects["association_87"])
    for status in ("sent", "sent", "waitlisted", "accepted", "started", "completed"):
        PrescriptionFactory(offer=offer, status=status)
    PrescriptionFactory(offer=OfferFactory(), status="sent")  # another structure's
    page = home_page(world, "partner")
    assert "<strong>3</strong> prescriptions à traiter" in page
    assert "<strong>2</strong> personnes dans vos actions" in page
    assert reverse("web:prescriptions_received") in page and reverse("web:prescriptions_attendance") in page


def test_the_analyst_sees_aggregates_and_no_personal_data(world):
    page = home_page(world, "analyst")
    assert '<svg role="img"' in page
    for key in ("person_north", "person_south"):
        assert world.objects[key].last_name not in page
    assert reverse("web:person_list") not in page


def test_the_analyst_counts_the_adults_of_their_departement(world):
    assert "<dd>2</dd>" in home_page(world, "analyst")


def test_the_direction_figures_leave_out_the_persons_followed_elsewhere(world):
    dual = world.users["direction_87_referent_79"]
    ReferentAssignmentFactory(
        person=world.objects["person_79"], referent=dual, organization=world.objects["referent_body_79"]
    )
    page = home_page(world, "direction_87_referent_79")
    assert f"Voici les chiffres de {world.objects['departement_87']}." in page
    assert "<dd>2</dd>" in page


def test_the_beneficiary_is_sent_to_their_own_space(world):
    client = client_for(world, "beneficiary")
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response.url == reverse("portal:home")
    page = client.get(response.url).content.decode()
    assert f"Bonjour {world.objects['person_south'].first_name}" in page
    assert world.objects["person_north"].last_name not in page


def test_the_direction_home_query_count_does_not_grow_with_people(world):
    client = client_for(world, "direction")
    # The world's two adults of the 87, then 22: the count shown follows the rows.
    few = queries_for(client, reverse("web:home"), shows=["<dd>2</dd>"])
    for _ in range(20):
        PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
    assert queries_for(client, reverse("web:home"), shows=["<dd>22</dd>"]) == few


def test_the_chart_scales_bars_to_the_largest_value():
    chart = bar_chart("Titre", [("A", 10), ("B", 5), ("C", 0)])
    assert [bar.width for bar in chart.bars] == [300, 150, 0]
    assert chart.total == 15
    assert bar_chart("Vide", []).bars == []
