import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from pacte.audit.models import AuditEntry
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import ApiToken, LoginAttempt
from pacte.organizations.services import OTP_INVALID, OTP_MISSING, OTP_NO_DEVICE
from tests.factories import MembershipFactory, UserFactory, user_with_role
from tests.web.test_two_factor import current_code, device_for

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


def ask_token(api_client, user, password=PASSWORD, ip="127.0.0.1", **extra):
    body = {"email": user.email, "password": password, **extra}
    return api_client.post(reverse("api:token"), body, format="json", REMOTE_ADDR=ip)


def test_a_token_is_exchanged_for_email_and_password_and_then_authenticates(api_client):
    user = user_with_role(Role.PARTNER)
    response = ask_token(api_client, user)
    assert response.status_code == 200
    secret = response.json()["token"]
    assert len(secret) >= 40
    assert AuditEntry.objects.filter(action="api_token.issue", actor=user).exists()

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get(reverse("api:person-list")).status_code == 200
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_tokens_are_stored_hashed_and_shown_once(api_client):
    user = user_with_role(Role.PARTNER)
    secret = ask_token(api_client, user).json()["token"]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.key_hash, token.prefix}
    assert token.prefix == secret[:8]
    # Each request gives a new token; the earlier one keeps working until it expires.
    assert ask_token(api_client, user).json()["token"] != secret
    assert ApiToken.objects.filter(user=user).count() == 2


def test_tokens_expire_after_the_configured_hours(api_client, settings):
    settings.PACTE_API_TOKEN_HOURS = 3
    user = user_with_role(Role.PARTNER)
    secret = ask_token(api_client, user).json()["token"]
    token = ApiToken.objects.get(user=user)
    assert abs(token.expires_at - (token.created_at + timedelta(hours=3))) < timedelta(seconds=5)

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api_client.get(reverse("api:person-list"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton invalide, expiré ou révoqué."


def test_the_default_lifetime_is_twelve_hours():
    from config.settings import base

    assert base.PACTE_API_TOKEN_HOURS == 12


def test_logout_revokes_the_token_used(api_client):
    user = user_with_role(Role.PARTNER)
    secret = ask_token(api_client, user).json()["token"]
    other = ask_token(api_client, user).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.post(reverse("api:logout")).status_code == 204
    assert api_client.get(reverse("api:person-list")).status_code == 401
    token = ApiToken.objects.get(prefix=secret[:8])
    assert token.revoked_at is not None and token.revoked_by == user
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=user).exists()
    # Only the token used is revoked.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert api_client.get(reverse("api:person-list")).status_code == 200


def test_logout_needs_a_token(client):
    partner = user_with_role(Role.PARTNER)
    client.force_login(partner)
    response = client.post(reverse("api:logout"))
    assert response.status_code == 400
    assert "jeton" in response.json()["detail"]


def test_a_wrong_password_answers_400_in_french(api_client):
    user = user_with_role(Role.PARTNER)
    response = ask_token(api_client, user, password="pas-le-bon")
    assert response.status_code == 400
    assert response.json() == {"detail": "Adresse électronique ou mot de passe incorrect."}
    assert not ApiToken.objects.exists()


def test_a_missing_field_answers_400_in_french(api_client):
    response = api_client.post(reverse("api:token"), {"email": "x@example.org"}, format="json")
    assert response.status_code == 400
    assert response.json()["password"] == ["Ce champ est obligatoire."]


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT])
def test_roles_with_two_factors_must_give_their_code(api_client, settings, role):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = user_with_role(role)
    device = device_for(user)

    missing = ask_token(api_client, user)
    assert missing.status_code == 400
    assert missing.json() == {"detail": OTP_MISSING}
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    wrong = ask_token(api_client, user, otp=wrong_code)
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": OTP_INVALID}
    assert not ApiToken.objects.exists()
    assert LoginAttempt.objects.filter(email=user.email, succeeded=False, channel="api").count() == 2

    response = ask_token(api_client, user, otp=current_code(device))
    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).otp_verified
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.get(reverse("api:person-list")).status_code == 200


def test_a_superuser_needs_the_code_too(api_client):
    user = UserFactory(is_superuser=True, is_staff=True)
    device_for(user)
    assert ask_token(api_client, user).json() == {"detail": OTP_MISSING}


def test_a_sensitive_role_without_device_is_told_to_ask_for_an_invitation(api_client):
    user = user_with_role(Role.REFERENT)
    response = ask_token(api_client, user, otp="123456")
    assert response.status_code == 400
    assert response.json() == {"detail": OTP_NO_DEVICE}


def test_a_token_issued_without_second_factor_does_not_open_a_sensitive_role(api_client):
    membership = MembershipFactory(role=Role.PARTNER)
    secret = ask_token(api_client, membership.user).json()["token"]
    # The partner becomes a référent: the token they hold was not issued against a code.
    MembershipFactory(user=membership.user, role=Role.REFERENT)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api_client.get(reverse("api:person-list"))
    assert response.status_code == 403
    assert "sans double authentification" in response.json()["detail"]


@pytest.mark.parametrize("role", list(Role))
def test_two_factors_are_required_exactly_from_the_roles_that_read_the_nir_or_health(role):
    user = user_with_role(role)
    assert perms.requires_two_factor(user) == (perms.can_read_nir(user) or perms.can_read_health(user))


def test_an_inactive_user_gets_no_token(api_client):
    user = user_with_role(Role.PARTNER)
    user.is_active = False
    user.save()
    assert ask_token(api_client, user).status_code == 400


def test_a_deactivated_user_loses_their_tokens(api_client):
    user = user_with_role(Role.PARTNER)
    secret = ask_token(api_client, user).json()["token"]
    user.is_active = False
    user.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get(reverse("api:person-list")).status_code == 401


def test_a_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert api_client.get(reverse("api:person-list")).status_code == 401


def test_repeated_failures_hold_back_the_pair_but_not_the_owner_elsewhere(api_client):
    user = user_with_role(Role.PARTNER)
    for _ in range(3):
        ask_token(api_client, user, password="pas-le-bon", ip="203.0.113.9")
    held = ask_token(api_client, user, ip="203.0.113.9")
    assert held.status_code == 429
    assert "Trop de tentatives" in held.json()["detail"]
    assert LoginAttempt.objects.filter(email=user.email, blocked=True, channel="api").count() == 1
    elsewhere = ask_token(api_client, user, ip="198.51.100.4")
    assert elsewhere.status_code == 200


def test_the_schema_is_a_valid_openapi_3_document(api_client):
    response = api_client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "API Pacte"
    assert {
        "/api/v1/auth/token/",
        "/api/v1/auth/logout/",
        "/api/v1/persons/",
        "/api/v1/persons/{id}/",
    } <= set(schema["paths"])
    list_schema = schema["paths"]["/api/v1/persons/"]["get"]["responses"]["200"]
    assert "Paginated" in list_schema["content"]["application/json"]["schema"]["$ref"]


def test_the_schema_shows_the_otp_field(api_client):
    schema = api_client.get(reverse("api:schema"), {"format": "json"}).json()
    request = schema["components"]["schemas"]["TokenRequest"]
    assert {"email", "password", "otp"} <= set(request["properties"])
    assert set(request["required"]) == {"email", "password"}
    assert "obligatoire pour les rôles" in request["properties"]["otp"]["description"]


def test_the_docs_page_lists_the_endpoints(client):
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "/api/v1/persons/{id}/" in page
    assert "/api/v1/auth/token/" in page
    assert "Authorization: Token" in page
    assert '"otp"' in page.replace("&quot;", '"')
    assert "/api/v1/auth/logout/" in page
