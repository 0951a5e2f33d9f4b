"""The evaluation dashboards: the engine's figures on the page and in the exports (CSV, XLSX, ODS),
the filters, the masking of small counts for analysts, the scope of each département, and a query
count that does not grow with the persons."""

import csv
import datetime
import io

import openpyxl
import pytest
from odf import opendocument, table, teletype

from pacte.evaluation import engine, survival
from pacte.organizations.enums import Role
from pacte.pathways.enums import AppointmentStatus, ExitKind
from tests.evaluation.builders import D, appointment, exit_, orient, person
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

DASHBOARD, SURVIVAL, OUTCOMES, EXPORT = (
    "/evaluation/",
    "/evaluation/survie/",
    "/evaluation/resultats/",
    "/evaluation/export/",
)


def populate(world, count, *, territory_key="territory_north", departement="87"):
    """`count` persons entered in January 2025, oriented after 10 to 100 days, some out by the end."""
    territory = world.objects[territory_key]
    office = world.objects["mdd_north"] if departement == "87" else world.objects["referent_body_79"]
    for index in range(count):
        someone = person(
            D(2025, 1, 1),
            [(D(2025, 1, 31), "2")] + ([(D(2025, 3 + index % 9, 28), "5")] if index % 3 else []),
            departement=departement,
            territory=territory,
        )
        orient(someone, D(2025, 1, 1) + datetime.timedelta(days=10 + (index * 23) % 110))
        if index % 5 == 0:
            exit_(someone, ExitKind.EMPLOYMENT, D(2025, 6, 1))
        appointment(
            someone,
            office,
            D(2025, 1 + index % 12, 3),
            AppointmentStatus.ABSENT if index % 2 else AppointmentStatus.SEEN,
        )


@pytest.fixture
def world():
    return build_world()


def get(world, role, url, **params):
    return client_for(world, role).get(url, {"annee": 2025, **params})


def test_the_direction_sees_the_engine_figures(world):
    populate(world, 12)
    response = get(world, Role.DIRECTION.value, DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    expected = engine.compute("87", 2025)["indicators"]
    b1 = expected["B1"]
    assert b1["denominator"] > 0
    row = page.split('id="tableau-indicateurs"')[1].split("</tr>")[1]
    assert f"<td>{b1['numerator']}</td><td>{b1['denominator']}</td>" in row
    assert "graphique-ventilation" in page and "graphique-annees" in page and "graphique-foyers" in page
    assert "DREES 2015" in page and "Nord" in page
    assert "&lt; 5" not in page.split('id="tableau-indicateurs"')[1].split("</table>")[0]


def test_analysts_see_small_counts_masked(world):
    populate(world, 3)
    page = get(world, Role.ANALYST.value, DASHBOARD).content.decode()
    indicators = page.split('id="tableau-indicateurs"')[1].split("</table>")[0]
    assert "<td>&lt; 5</td>" in indicators
    assert "<td>3</td>" not in indicators
    direction = get(world, Role.DIRECTION.value, DASHBOARD).content.decode()
    assert "<td>3</td>" in direction.split('id="tableau-indicateurs"')[1].split("</table>")[0]


def test_filters_by_territory_and_year(world):
    populate(world, 6)
    populate(world, 7, territory_key="territory_south")
    south = world.objects["territory_south"]
    page = get(world, Role.DIRECTION.value, DASHBOARD, territoire=south.code).content.decode()
    expected = engine.compute("87", 2025, territory=south)["indicators"]["B1"]
    everyone = engine.compute("87", 2025)["indicators"]["B1"]
    assert 0 < expected["denominator"] < everyone["denominator"]
    assert f"<td>{expected['numerator']}</td><td>{expected['denominator']}</td>" in page


def test_bad_filters_keep_the_input_and_say_why(world):
    response = get(world, Role.DIRECTION.value, DASHBOARD, annee="deux mille", territoire="nulle-part")
    page = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;année s&#x27;écrit en chiffres" in page and 'value="deux mille"' in page
    assert "Ce territoire n&#x27;est pas dans la liste." in page
    assert 'id="tableau-indicateurs"' not in page
    future = get(world, Role.DIRECTION.value, DASHBOARD, annee=2999).content.decode()
    assert "Cette année n&#x27;a pas encore commencé." in future
    early = get(world, Role.DIRECTION.value, DASHBOARD, date="2024-06-30").content.decode()
    assert "ne peut pas précéder l&#x27;année choisie" in early


def test_another_departement_is_out_of_reach(world):
    populate(world, 6, territory_key="territory_79", departement="79")
    assert get(world, Role.DIRECTION.value, DASHBOARD, departement="79").status_code == 404
    assert get(world, Role.ANALYST.value, SURVIVAL, departement="79").status_code == 404
    assert get(world, Role.ANALYST.value, EXPORT, departement="79", format="csv").status_code == 404
    page = get(world, Role.DIRECTION.value, DASHBOARD).content.decode()
    indicators = page.split('id="tableau-indicateurs"')[1].split("</table>")[0]
    assert "<td>0</td><td>0</td>" in indicators  # the 79's persons are not counted in the 87


def test_survival_page(world):
    populate(world, 20)
    page = get(world, Role.DIRECTION.value, SURVIVAL).content.decode()
    result = survival.delay_cohorts("87", D(2025, 12, 31))
    assert 'id="courbes-survie"' in page and "polyline" in page
    table_html = page.split('id="tableau-survie"')[1].split("</table>")[0]
    for cohort in result["cohorts"]:
        assert cohort["label"] in table_html
    assert 'id="tableau-logrank"' in page
    assert result["logrank"]["df"] == 3


def test_survival_hides_small_cohorts_from_analysts(world):
    populate(world, 6)
    result = survival.delay_cohorts("87", D(2025, 12, 31))
    small = [c for c in result["cohorts"] if 1 <= c["n"] <= 4]
    assert small
    page = get(world, Role.ANALYST.value, SURVIVAL).content.decode()
    for cohort in small:
        assert f'data-cohort="{cohort["key"]}"' not in page
    direction = get(world, Role.DIRECTION.value, SURVIVAL).content.decode()
    for cohort in small:
        assert f'data-cohort="{cohort["key"]}"' in direction


def test_outcomes_page(world):
    populate(world, 10)
    page = get(world, Role.DIRECTION.value, OUTCOMES, date="2026-12-31").content.decode()
    assert "6 mois après la première orientation" in page and "12 mois après la première orientation" in page
    months = page.split('id="tableau-absences-mois"')[1].split("</table>")[0]
    assert "janvier 2025" in months and "décembre 2025" in months
    assert 'id="tableau-absences-territoire"' in page and "Ensemble" in page
    assert "graphique-resultats" in page and "graphique-absences" in page


def test_exports_in_csv_xlsx_and_ods(world):
    populate(world, 8)
    client = client_for(world, Role.DIRECTION.value)
    expected = engine.compute("87", 2025)["indicators"]["B1"]
    response = client.get(
        EXPORT, {"annee": 2025, "page": "indicateurs", "tableau": "indicateurs", "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="evaluation-indicateurs-87-2025-indicateurs.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Indicateur", "Libellé", "Numérateur", "Dénominateur ou effectif", "Valeur"]
    assert rows[1][0] == "B1" and rows[1][2:4] == [str(expected["numerator"]), str(expected["denominator"])]

    response = client.get(EXPORT, {"annee": 2025, "page": "indicateurs", "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["indicateurs", "ventilation", "serie", "drees", "foyers"]
    sheet = workbook["indicateurs"]
    assert sheet.cell(2, 1).value == "B1" and sheet.cell(2, 3).value == expected["numerator"]
    assert workbook["drees"].cell(1, 4).value == "DREES 2015"

    response = client.get(EXPORT, {"annee": 2025, "page": "survie", "format": "ods"})
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    document = opendocument.load(io.BytesIO(response.content))
    sheets = document.spreadsheet.getElementsByType(table.Table)
    assert [s.getAttribute("name") for s in sheets] == ["survie", "logrank"]
    first_row = sheets[0].getElementsByType(table.TableRow)[1]
    assert teletype.extractText(first_row.getElementsByType(table.TableCell)[0]) == "0 à 30 jours"

    response = client.get(
        EXPORT, {"annee": 2025, "page": "resultats", "tableau": "absences-mois", "format": "csv"}
    )
    assert "janvier 2025" in response.content.decode("utf-8-sig")


def test_exports_mask_small_counts_for_analysts(world):
    populate(world, 3)
    response = client_for(world, Role.ANALYST.value).get(EXPORT, {"annee": 2025, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == "< 5"


def test_export_refuses_unknown_formats_tables_and_bad_filters(world):
    client = client_for(world, Role.DIRECTION.value)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 400
    assert client.get(EXPORT, {"page": "autre"}).status_code == 400
    assert client.get(EXPORT, {"tableau": "inconnu"}).status_code == 400
    response = client.get(EXPORT, {"annee": "x"})
    assert response.status_code == 400 and "L'année s'écrit en chiffres" in response.content.decode()


@pytest.mark.parametrize("url", [DASHBOARD, SURVIVAL, OUTCOMES])
def test_query_count_does_not_grow_with_the_persons(world, url):
    populate(world, 5)
    client = client_for(world, Role.DIRECTION.value)
    few = queries_for(client, url, shows=["Nord"], annee=2025)
    populate(world, 45, territory_key="territory_south")
    many = queries_for(client, url, shows=["Nord", "Sud" if url != SURVIVAL else "0 à 30 jours"], annee=2025)
    assert few == many


def test_breakdowns_by_body_and_month_and_the_body_filter(world):
    populate(world, 8)
    body = world.objects["mdd_north"]
    someone = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")], territory=world.objects["territory_north"])
    orient(someone, D(2025, 2, 3), body=body)
    client = client_for(world, Role.DIRECTION.value)
    by_body = client.get(DASHBOARD, {"annee": 2025, "par": "organisme"}).content.decode()
    section = by_body.split('id="tableau-ventilation"')[1].split("</table>")[0]
    assert "Maison du département Nord" in section and engine.NO_BODY in section
    by_month = client.get(DASHBOARD, {"annee": 2025, "par": "mois"}).content.decode()
    section = by_month.split('id="tableau-ventilation"')[1].split("</table>")[0]
    assert "janvier 2025" in section and "décembre 2025" in section
    filtered = client.get(DASHBOARD, {"annee": 2025, "organisme": str(body.uuid)}).content.decode()
    expected = engine.compute("87", 2025, body=body)["indicators"]["B1"]
    assert expected["denominator"] == 1
    assert f"<td>{expected['numerator']}</td><td>1</td>" in filtered
    assert "organisme : <strong>Maison du département Nord</strong>" in filtered
    unknown = client.get(DASHBOARD, {"annee": 2025, "organisme": "00000000-0000-0000-0000-000000000000"})
    assert "Cet organisme n&#x27;est pas dans la liste." in unknown.content.decode()
