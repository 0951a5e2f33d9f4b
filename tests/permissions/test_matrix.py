from pathlib import Path

import pytest
from django.urls import reverse

from tests.permissions.loader import LOGIN, REDIRECT, ROLES, load_matrix, world_builders
from tests.permissions.urls import named_routes
from tests.permissions.world import build_world, client_for

MATRIX = load_matrix()
DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_every_url_is_in_the_matrix():
    routes = named_routes()
    missing = sorted(set(routes) - set(MATRIX))
    assert missing == [], f"URL sans ligne dans tests/permissions/matrix_*.py : {missing}"
    stale = sorted(set(MATRIX) - set(routes))
    assert stale == [], f"Lignes de la matrice sans URL : {stale}"


def test_the_documentation_lists_every_url_of_the_matrix():
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in MATRIX if f"`{name}`" not in text)
    assert missing == [], f"docs/permissions.md ne mentionne pas : {missing}"


def outcome_of(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("web:login")) else REDIRECT
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_outcome(name):
    world = build_world(world_builders())
    clients = {role: client_for(world, role) for role in ROLES}
    mismatches = []
    for case in MATRIX[name]:
        url = reverse(name, kwargs=case.kwargs(world))
        for role in ROLES:
            response = getattr(clients[role], case.method)(url)
            actual = outcome_of(response)
            if actual != case.expected[role]:
                mismatches.append(
                    f"{role} {case.method.upper()} {url}: {actual}, attendu {case.expected[role]}"
                )
    assert mismatches == []
