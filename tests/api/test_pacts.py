"""GET /api/v1/pacts/ and /api/v1/pacts/{slug}/: the pacts of the caller's départements (analysts
included, no personal data), nested thematics → objectives → actions; in the OpenAPI schema; the
list's query count does not grow."""

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.pact import services
from pacte.pact.loader import load_pact, seed_path
from tests.api.helpers import as_user, queries_for
from tests.api.test_fuzzing import wsgi_application  # noqa: F401 - the fixture
from tests.factories import DepartementFactory, OrganizationFactory, user_with_role
from tests.pact.factories import ActionFactory, PactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    DepartementFactory(code="79")
    return user_with_role(Role.ANALYST, OrganizationFactory(departement=DepartementFactory(code="87")))


def test_the_detail_is_nested_and_holds_no_person(api_client, analyst):
    load_pact(seed_path("haute-vienne-2022-2025.json"))
    load_pact(seed_path("deux-sevres-2022-2027.json"))
    pact = analyst.memberships.get().organization.departement.pacts.get()
    objective = pact.thematics.get(position=4).objectives.get(position=1)
    action = services.save_action(
        actor=None, objective=objective, title="Clauses sociales", partner_names=["Maison de l'emploi"]
    )
    services.add_budget_line(
        actor=None, action=action, year=2023, label="Facilitateur", amount="30000", funding_source="fse_plus"
    )
    body = as_user(api_client, analyst).get(reverse("api:pact-detail", args=[pact.slug])).json()
    assert body["slug"] == "haute-vienne-2022-2025" and body["status"] == "adopted"
    assert [t["title"] for t in body["thematics"]][0].startswith("Mieux orienter les personnes")
    assert sum(len(t["objectives"]) for t in body["thematics"]) == 19
    nested = body["thematics"][3]["objectives"][0]["actions"]
    assert nested == [
        {
            "id": str(action.uuid), "title": "Clauses sociales", "description": "", "pilot": "",
            "partners": ["Maison de l'emploi"], "referent_name": "", "start_date": None, "end_date": None,
            "calendar": "", "budget_lines": [
                {"year": 2023, "label": "Facilitateur", "amount": "30000.00", "funding_source": "fse_plus", "funding_detail": ""}
            ],
        }
    ]  # fmt: skip
    assert body["concertation_events"][0]["title"] == "Assises de l’insertion"
    assert not {"nir", "persons", "person"} & set(_keys(body))


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_the_list_is_scoped_and_another_departement_answers_404(api_client, analyst):
    PactFactory(departement=DepartementFactory(code="87"), slug="pacte-87")
    PactFactory(departement=DepartementFactory(code="79"), slug="pacte-79")
    client = as_user(api_client, analyst)
    body = client.get(reverse("api:pact-list")).json()
    assert [p["slug"] for p in body["results"]] == ["pacte-87"]
    assert client.get(reverse("api:pact-detail", args=["pacte-79"])).status_code == 404
    beneficiary = user_with_role(
        Role.BENEFICIARY, OrganizationFactory(departement=DepartementFactory(code="87"))
    )
    assert as_user(api_client, beneficiary).get(reverse("api:pact-list")).json()["results"] == []


def test_the_list_query_count_does_not_grow(api_client, analyst):
    client = as_user(api_client, analyst)
    departement = DepartementFactory(code="87")
    for index in range(5):
        ActionFactory(objective__thematic__pact=PactFactory(departement=departement, slug=f"a-{index}"))
    few = queries_for(client, reverse("api:pact-list"), rows=5)
    for index in range(45):
        PactFactory(departement=departement, slug=f"b-{index}")
    assert queries_for(client, reverse("api:pact-list"), rows=50) == few


def test_the_detail_query_count_does_not_grow_with_actions(api_client, analyst):
    client = as_user(api_client, analyst)
    pact = PactFactory(departement=DepartementFactory(code="87"), slug="pacte")
    action = ActionFactory(objective__thematic__pact=pact)
    url = reverse("api:pact-detail", args=[pact.slug])
    with_one = _count(client, url)
    for _ in range(10):
        ActionFactory(objective=action.objective, pilot=OrganizationFactory(departement=pact.departement))
    assert _count(client, url) == with_one


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pacts_are_in_the_openapi_schema(api_client, analyst):
    schema = as_user(api_client, analyst).get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/pacts/" in schema["paths"] and "/api/v1/pacts/{slug}/" in schema["paths"]
    assert "thematics" in schema["components"]["schemas"]["PactDetail"]["properties"]


@pytest.mark.slow
def test_fuzzed_no_pact_of_another_departement_answers_with_success(wsgi_application):  # noqa: F811
    """The detail fuzzed by schemathesis as each role, with the slug of a pact of the 79."""
    import schemathesis

    from tests.api.test_fuzzing import ROLES, fuzz, operations
    from tests.permissions.world import build_world

    world = build_world()
    foreign = PactFactory(departement=world.objects["departement_79"], slug="pacte-du-79")
    tokens = {}
    from pacte.organizations.perms import requires_two_factor
    from pacte.organizations.services import issue_token

    for role in ROLES:
        user = world.users[role]
        _, tokens[role] = issue_token(user=user, otp_verified=requires_two_factor(user))
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", wsgi_application, headers={"Authorization": f"Token {tokens['direction']}"}
    )
    detail = [op for op in operations(schema) if op.path == "/api/v1/pacts/{slug}/"]
    assert len(detail) == 1
    for role in ROLES:
        headers = {"Authorization": f"Token {tokens[role]}"}

        def check(case, headers=headers, role=role):
            case.path_parameters["slug"] = foreign.slug
            response = case.call(headers=headers)
            assert response.status_code == 404, (role, response.status_code)

        fuzz(detail[0], check, examples=2)
