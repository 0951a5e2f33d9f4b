"""GET /api/v1/pacts/{slug}/indicators/ and /api/v1/action-reports/?pact=&year=: scoped like the
pages (the analyst reads the validated reports with the author's structure, never the name; the
direction reads every report of its département, with the name; another département's pact answers
404 and its reports are not listed); in the OpenAPI schema; the lists' query counts do not grow."""

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.pact import reports, services
from tests.api.helpers import as_user, queries_for
from tests.factories import DepartementFactory, OrganizationFactory, user_with_role
from tests.pact.factories import (
    ActionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PactFactory,
    ThematicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    haute_vienne, deux_sevres = DepartementFactory(code="87"), DepartementFactory(code="79")
    council = OrganizationFactory(departement=haute_vienne, name="Conseil départemental 87")
    pilot = OrganizationFactory(departement=haute_vienne, name="Mission locale rurale")
    pact = PactFactory(departement=haute_vienne, slug="pacte-87", start_year=2022, end_year=2025)
    objective = ObjectiveFactory(thematic=ThematicFactory(pact=pact))
    contributor = user_with_role(Role.PACT_CONTRIBUTOR, organization=pilot)
    contributor.first_name, contributor.last_name = "Dominique", "Rédactrice"
    contributor.save()
    direction = user_with_role(Role.DIRECTION, organization=council)
    pact_79 = PactFactory(departement=deux_sevres, slug="pacte-79")
    return {
        "pact": pact, "pact_79": pact_79, "objective": objective, "contributor": contributor, "direction": direction,
        "analyst": user_with_role(Role.ANALYST, organization=council),
    }  # fmt: skip


def _report(setting, *, year=2024, validate=True, title=None):
    action = ActionFactory(objective=setting["objective"], **({"title": title} if title else {}))
    action.reporters.add(setting["contributor"])
    report = reports.save_report(
        actor=setting["contributor"], action=action, year=year, progress_percent=50, values="40 personnes",
        advances="Deux sessions.", submit=True,
    )  # fmt: skip
    if validate:
        reports.review(actor=setting["direction"], report=report, validate=True)
    return report


def test_the_analyst_reads_validated_reports_with_the_structure_only(api_client, setting):
    validated = _report(setting, title="Plateforme")
    _report(setting, validate=False)
    _report(setting, year=2023)
    body = (
        as_user(api_client, setting["analyst"])
        .get(reverse("api:action-report-list"), {"pact": "pacte-87", "year": 2024})
        .json()
    )
    assert [row["id"] for row in body["results"]] == [str(validated.uuid)]
    row = body["results"][0]
    assert row["author_organization"] == "Mission locale rurale" and row["author"] is None
    assert (row["pact"], row["action_title"], row["status"], row["progress_percent"], row["values"]) == (
        "pacte-87", "Plateforme", "validated", 50, "40 personnes",
    )  # fmt: skip
    direction = (
        as_user(api_client, setting["direction"])
        .get(reverse("api:action-report-list"), {"pact": "pacte-87", "year": 2024})
        .json()
    )
    assert len(direction["results"]) == 2
    assert {row["author"] for row in direction["results"]} == {"Dominique Rédactrice"}


def test_another_departement_sees_neither_reports_nor_indicators(api_client, setting):
    _report(setting)
    IndicatorFactory(pact=setting["pact"])
    outsider = user_with_role(Role.DIRECTION, departement=DepartementFactory(code="79"))
    client = as_user(api_client, outsider)
    assert client.get(reverse("api:action-report-list")).json()["results"] == []
    assert client.get(reverse("api:action-report-list"), {"pact": "pacte-87"}).json()["results"] == []
    assert client.get(reverse("api:pact-indicators", args=["pacte-87"])).status_code == 404
    assert client.get(reverse("api:action-report-list"), {"year": "deux"}).status_code == 400


def test_the_indicators_of_a_pact_with_values(api_client, setting):
    indicator = IndicatorFactory(pact=setting["pact"], code="orientations", name="Orientations")
    services.set_indicator_value(actor=setting["direction"], indicator=indicator, year=2023, value="212")
    body = (
        as_user(api_client, setting["analyst"]).get(reverse("api:pact-indicators", args=["pacte-87"])).json()
    )
    row = body["results"][0]
    assert (row["code"], row["targets"], row["values"][0]["year"], row["values"][0]["value"]) == (
        "orientations", {"2023": 100, "2024": 150}, 2023, "212.00",
    )  # fmt: skip


def test_the_lists_query_counts_do_not_grow(api_client, setting):
    client = as_user(api_client, setting["direction"])
    for _ in range(5):
        _report(setting)
        IndicatorFactory(pact=setting["pact"]).values.create(
            year=2023, value=1, dated="2024-01-10", source="saisie"
        )
    reports_url, indicators_url = (
        reverse("api:action-report-list"),
        reverse("api:pact-indicators", args=["pacte-87"]),
    )
    few = (queries_for(client, reports_url, rows=5), queries_for(client, indicators_url, rows=5))
    for _ in range(20):
        _report(setting)
        IndicatorFactory(pact=setting["pact"]).values.create(
            year=2023, value=1, dated="2024-01-10", source="saisie"
        )
    assert (queries_for(client, reports_url, rows=25), queries_for(client, indicators_url, rows=25)) == few


def test_the_endpoints_are_in_the_openapi_schema(api_client, setting):
    schema = as_user(api_client, setting["analyst"]).get(reverse("api:schema"), {"format": "json"}).json()
    assert (
        "/api/v1/pacts/{slug}/indicators/" in schema["paths"] and "/api/v1/action-reports/" in schema["paths"]
    )
    parameters = {p["name"] for p in schema["paths"]["/api/v1/action-reports/"]["get"]["parameters"]}
    assert {"pact", "year"} <= parameters
