"""GET /api/v1/indicators/: the figures of `pacte indicators`, for the direction and the analysts of
the département only; counts of 1 to 4 withheld from the analysts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.evaluation import engine
from pacte.organizations.enums import OrganizationKind, Role
from tests.api.helpers import as_user
from tests.evaluation.cohort import CE, DEP, FT, D, contract, orient, person
from tests.factories import DepartementFactory, OrganizationFactory, user_with_role

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"


def staff(role, code="87"):
    return user_with_role(role, departement=DepartementFactory(code=code), kind=OrganizationKind.DEPARTEMENT)


def cohort(size=6, dep="87"):
    for index in range(size):
        someone = person(dep=dep)
        orient(someone, D(2025, 4, 10), DEP if index % 3 else FT)
        if index % 2:
            contract(someone, D(2025, 4, 20), CE)
    person(dep=dep)


def test_direction_reads_the_contract(api_client):
    cohort()
    response = as_user(api_client, staff(Role.DIRECTION)).get(URL, {"departement": "87", "year": 2025})
    assert response.status_code == 200
    body = response.json()
    expected = engine.compute("87", 2025)
    assert body["small_counts_masked"] is False
    assert {key: body[key] for key in ("departement", "year", "at", "indicators")} == expected
    assert body["indicators"]["B1"] == {"numerator": 6, "denominator": 7, "value": 85.7}


def test_at_overrides_the_reference_date(api_client):
    cohort()
    client = as_user(api_client, staff(Role.DIRECTION))
    body = client.get(URL, {"departement": "87", "year": 2025, "at": "2025-04-09"}).json()
    assert body["at"] == "2025-04-09"
    assert body["indicators"]["B1"] == {"numerator": 0, "denominator": 7, "value": 0.0}


def test_analyst_sees_small_counts_masked(api_client):
    cohort()
    body = as_user(api_client, staff(Role.ANALYST)).get(URL, {"departement": "87", "year": 2025}).json()
    assert body["small_counts_masked"] is True
    assert body["indicators"]["B1"] == {"numerator": 6, "denominator": 7, "value": 85.7}
    # 2 of 6 oriented to France Travail: the 2 is withheld, and the rate that would reveal it.
    assert body["indicators"]["B5"] == {"numerator": None, "denominator": 6, "value": None}
    # 4 oriented to the département: a population of 4 is withheld whole.
    assert body["indicators"]["B11"] == {"numerator": None, "denominator": None, "value": None}
    assert body["indicators"]["B13"]["n"] == 6
    assert body["indicators"]["B10"] == {"numerator": 0, "denominator": 0, "value": None}


def test_defaults_to_the_readers_departement_and_the_current_year(api_client):
    body = as_user(api_client, staff(Role.ANALYST)).get(URL).json()
    assert body["departement"] == "87"
    assert body["indicators"]["B1"]["denominator"] == 0


@pytest.mark.parametrize(
    "role",
    [Role.ORIENTATION_AGENT, Role.REFERENT, Role.PARTNER, Role.EMPLOYER_RELATIONS, Role.PACT_CONTRIBUTOR],
)
def test_roles_without_statistics_are_refused(api_client, role):
    response = as_user(api_client, staff(role)).get(URL, {"departement": "87", "year": 2025})
    assert response.status_code == 403


def test_beneficiary_is_refused(api_client):
    someone = person()
    user = user_with_role(Role.BENEFICIARY, departement=DepartementFactory(code="87"))
    someone.user = user
    someone.save()
    assert as_user(api_client, user).get(URL, {"departement": "87", "year": 2025}).status_code == 403


def test_anonymous_is_unauthorised(api_client):
    assert api_client.get(URL, {"departement": "87", "year": 2025}).status_code == 401


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ANALYST])
def test_another_departement_answers_404(api_client, role):
    cohort(dep="79")
    DepartementFactory(code="79")
    response = as_user(api_client, staff(role, "87")).get(URL, {"departement": "79", "year": 2025})
    assert response.status_code == 404
    assert "indicators" not in response.json()


def test_a_referent_of_the_79_who_directs_the_87_reads_only_the_87(api_client):
    user = staff(Role.DIRECTION, "87")
    OrganizationFactory(departement=DepartementFactory(code="79")).memberships.create(
        user=user, role=Role.REFERENT
    )
    client = as_user(api_client, user)
    assert client.get(URL, {"departement": "87", "year": 2025}).status_code == 200
    assert client.get(URL, {"departement": "79", "year": 2025}).status_code == 404


def test_the_79s_rows_never_count_in_the_87(api_client):
    cohort(size=3, dep="79")
    body = as_user(api_client, staff(Role.DIRECTION)).get(URL, {"departement": "87", "year": 2025}).json()
    assert body["indicators"]["B1"]["denominator"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "deux-mille"}, "year"),
        ({"year": "20250"}, "year"),
        ({"at": "31/12/2025"}, "at"),
        ({"at": "0001-01-01"}, "at"),
    ],
)
def test_bad_parameters_answer_400_in_french(api_client, params, field):
    response = as_user(api_client, staff(Role.DIRECTION)).get(URL, {"departement": "87", **params})
    assert response.status_code == 400
    assert "invalide" in str(response.json()[field])


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"departement": "87", "year": 2025})
    assert response.status_code == 200
    # The engine's three queries (the stock's settled rows and the others, the flows), whatever the rows.
    assert len([q for q in captured.captured_queries if "pathways_pathwayfacts" in q["sql"]]) == 3
    return len(captured), response.json()["indicators"]["B1"]["denominator"]


def test_queries_do_not_grow_with_the_rows(api_client):
    client = as_user(api_client, staff(Role.DIRECTION))
    cohort(5)
    few, counted = _queries(client)
    assert counted == 6
    cohort(45)
    many, counted = _queries(client)
    assert counted == 52
    assert few == many
