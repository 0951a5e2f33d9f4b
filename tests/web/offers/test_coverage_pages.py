"""The coverage page, its map and its export: who reaches them, what they show, what they hide."""

import csv
import datetime
import io
import re

import openpyxl
import pytest

from pacte.organizations.enums import Role
from pacte.pathways.services import record_diagnostic
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
from tests.offers.factories import OfferFactory
from tests.pathways.factories import barrier
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db

URL = "/offres/couverture/"
EXPORT = "/offres/couverture/export/"
MOBILITY = ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]


def diagnose(person, *barriers):
    record_diagnostic(
        actor=None,
        person=person,
        made_on=datetime.date(2025, 6, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers=dict.fromkeys(barriers, ""),
    )


@pytest.fixture
def world():
    world = build_world()
    north, south = world.objects["territory_north"], world.objects["territory_south"]
    limoges = CommuneFactory(
        insee_code="87085", name="Limoges", territory=north, latitude=45.83, longitude=1.26
    )
    bellac = CommuneFactory(
        insee_code="87011", name="Bellac", territory=north, latitude=46.13, longitude=1.26
    )
    yrieix = CommuneFactory(
        insee_code="87187", name="Saint-Yrieix", territory=south, latitude=45.5, longitude=1.2
    )
    OfferFactory(
        organization=world.objects["association_87"], commune=limoges, thematiques=MOBILITY, name="Garage"
    )
    mobility = barrier("mobilite-permis", "mobility", "Pas de permis")
    health = barrier("sante-physique", "health", "Santé physique")
    for commune, territory, count in ((limoges, north, 6), (bellac, north, 5), (yrieix, south, 2)):
        for _ in range(count):
            person = PersonFactory(
                last_name="Confidentiel", dossier=DossierFactory(commune=commune, territory=territory)
            )
            diagnose(person, mobility, health)
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    diagnose(person_79, mobility)
    return world


def test_the_direction_reads_the_table_the_chart_and_the_map(world):
    response = client_for(world, Role.DIRECTION.value).get(URL, {"distance": 15, "theme": "mobility"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tableau des écarts à moins de 15 km : Mobilité" in page
    # Nord: 11 persons, Bellac's 5 without an offer within 15 km; Sud: 2, none reached.
    assert '<strong class="badge badge-late">5</strong> / 11' in page
    assert '<strong class="badge badge-late">2</strong> / 2' in page
    assert (
        '<tfoot><tr><th scope="row">Département</th><td><strong class="badge badge-late">7</strong> / 13'
        in page
    )
    assert "Personnes sans offre « Mobilité » à moins de 15 km, par territoire" in page
    assert 'role="img"' in page and "<desc" in page
    assert "<title>Garage</title>" in page
    assert "<title>Bellac (Nord) : aucune offre à moins de 15 km</title>" in page
    assert "Limoges (Nord) : une offre « Mobilité » à moins de 15 km" in page
    assert 'data-unreached="2"' in page
    # Coordinates are written with a dot whatever the locale (a French comma breaks the SVG).
    assert len(re.findall(r'<circle cx="\d+\.\d+" cy="\d+\.\d+" r="4"', page)) == 3
    assert re.search(r'<circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+" fill="#0b4f8a"', page)
    assert "Confidentiel" not in page
    assert "https://" not in page.split('id="carte-couverture"')[1].split("</svg>")[0]


def test_a_longer_distance_changes_the_table_and_the_map(world):
    client = client_for(world, Role.DIRECTION.value)
    page = client.get(URL, {"distance": 40, "theme": "mobility"}).content.decode()
    assert "0 / 11" in page and "0 / 2" in page
    assert 'data-unreached="0"' in page and 'data-distance="40"' in page


def test_every_theme_by_default_and_health_only_for_who_reads_it(world):
    page = client_for(world, Role.DIRECTION.value).get(URL).content.decode()
    assert "Tableau des écarts à moins de 15 km</h2>" in page
    assert '<th scope="col">Santé</th>' in page and '<th scope="col">Emploi et formation</th>' in page
    analyst = client_for(world, Role.ANALYST.value).get(URL).content.decode()
    assert '<th scope="col">Santé</th>' not in analyst
    assert '<th scope="col">Mobilité</th>' in analyst


def test_small_counts_are_masked_for_the_analyst_not_for_the_direction(world):
    analyst = client_for(world, Role.ANALYST.value).get(URL, {"theme": "mobility"}).content.decode()
    assert '<strong class="badge badge-late">1 à 4</strong> / 1 à 4' in analyst
    assert "Secret statistique" in analyst
    direction = client_for(world, Role.DIRECTION.value).get(URL, {"theme": "mobility"}).content.decode()
    assert "1 à 4" not in direction


def test_a_wrong_distance_says_so_in_french_and_keeps_what_was_typed(world):
    client = client_for(world, Role.DIRECTION.value)
    page = client.get(URL, {"distance": 500, "theme": "mobility"}).content.decode()
    assert "La distance est d&#x27;au plus 100 km." in page
    assert 'value="500"' in page and "Tableau des écarts" not in page
    assert client.get(EXPORT, {"distance": 0}).status_code == 400


def test_another_departement_is_not_found_and_other_roles_are_refused(world):
    assert client_for(world, Role.DIRECTION.value).get(URL, {"departement": "79"}).status_code == 404
    for role in (Role.REFERENT, Role.PARTNER, Role.ORIENTATION_AGENT, Role.BENEFICIARY):
        assert client_for(world, role.value).get(URL).status_code == 403
        assert client_for(world, role.value).get(EXPORT).status_code == 403


def test_the_export_as_csv_and_xlsx(world):
    client = client_for(world, Role.DIRECTION.value)
    response = client.get(EXPORT, {"distance": 15, "theme": "mobility", "format": "csv"})
    assert response.status_code == 200
    assert 'filename="couverture-87-15km-mobility.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == [
        "Territoire d'action",
        "Frein",
        "Personnes avec ce frein",
        "Dont sans offre à moins de 15 km",
    ]
    assert rows[1][:6] == ["Nord", "Mobilité", "11", "5", "45", "1"]
    assert rows[-1][:4] == ["Département", "Mobilité", "13", "7"]

    response = client.get(EXPORT, {"distance": 40, "theme": "mobility", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["Nord", "Mobilité", 11, 0]
    assert values[2][:4] == ["Sud", "Mobilité", 2, 0]
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 400


def test_the_analyst_export_masks_small_counts(world):
    response = client_for(world, Role.ANALYST.value).get(EXPORT, {"theme": "mobility"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[2][:5] == ["Sud", "Mobilité", "1 à 4", "1 à 4", ""]
    assert all(row[1] != "Santé" for row in rows[1:])
