"""Authenticating the API test client the way a real client does: with a token from the service."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.organizations.perms import requires_two_factor
from pacte.organizations.services import issue_token


def as_user(api_client, user):
    """The client now sends a fresh token of `user` (issued with the second factor when required)."""
    user._pacte_memberships = None
    _, secret = issue_token(user=user, otp_verified=requires_two_factor(user))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api_client


def queries_for(client, path, *, rows, **params):
    """The number of queries a GET of `path` makes. It must answer 200 with at least `rows` results
    (of the page, or of the list), so that an empty answer cannot pass a query-count guard."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert len(results) >= rows, f"{len(results)} lignes, au moins {rows} attendues"
    return len(captured)
