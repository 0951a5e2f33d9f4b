"""The direction's page of API tokens: its département's staff only, revocation audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.models import ApiToken
from pacte.organizations.services import issue_token, revoke_token
from tests.factories import MembershipFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def staff_token(world, organization_key, label=""):
    user = MembershipFactory(role=Role.PARTNER, organization=world.objects[organization_key]).user
    token, secret = issue_token(user=user, otp_verified=False, label=label)
    return token, secret


def test_the_direction_sees_the_live_tokens_of_its_departement_only(world):
    mine, _ = staff_token(world, "association_87", label="script-87")
    staff_token(world, "council_79", label="script-79")
    expired, _ = staff_token(world, "association_87", label="jeton-expire-87")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked, _ = staff_token(world, "association_87", label="jeton-annule-87")
    revoke_token(token=revoked, actor=None)

    page = client_for(world, "direction").get(reverse("web:api_token_list")).content.decode()
    assert "script-87" in page and mine.prefix in page
    assert "script-79" not in page
    assert "jeton-expire-87" not in page and "jeton-annule-87" not in page
    assert "script-79" in client_for(world, "superuser").get(reverse("web:api_token_list")).content.decode()


def test_the_direction_revokes_a_token_and_it_stops_working(world):
    token, secret = staff_token(world, "association_87")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get(reverse("api:person-list")).status_code == 200

    direction = client_for(world, "direction")
    response = direction.post(reverse("web:api_token_revoke", kwargs={"uuid": token.uuid}), follow=True)
    assert "est révoqué" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_by == world.users["direction"]
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=world.users["direction"]).exists()
    assert api.get(reverse("api:person-list")).status_code == 401

    again = direction.post(reverse("web:api_token_revoke", kwargs={"uuid": token.uuid}), follow=True)
    assert "déjà révoqué" in again.content.decode()


def test_the_direction_cannot_revoke_another_departements_token(world):
    token, _ = staff_token(world, "council_79")
    response = client_for(world, "direction").post(
        reverse("web:api_token_revoke", kwargs={"uuid": token.uuid})
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    url = reverse("web:api_token_list")
    few = queries_for(client, url, shows=[staff_token(world, "association_87")[0].prefix for _ in range(5)])
    shown = [staff_token(world, "association_87")[0].prefix for _ in range(45)]
    assert queries_for(client, url, shows=shown) == few


def test_a_superuser_revokes_tokens_from_the_admin(world):
    token, _ = staff_token(world, "council_79")
    client = client_for(world, "superuser")
    url = reverse("admin:organizations_apitoken_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_by == world.users["superuser"]
