import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


def test_a_token_is_exchanged_for_email_and_password_and_then_authenticates(api_client):
    user = user_with_role(Role.PARTNER)
    response = api_client.post(
        reverse("api:token"), {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token
    assert AuditEntry.objects.filter(action="user.api_token", actor=user).exists()

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get(reverse("api:person-list")).status_code == 200


def test_the_same_token_is_given_back(api_client):
    user = user_with_role(Role.PARTNER)
    first = api_client.post(reverse("api:token"), {"email": user.email, "password": PASSWORD}, format="json")
    second = api_client.post(reverse("api:token"), {"email": user.email, "password": PASSWORD}, format="json")
    assert first.json() == second.json()


def test_a_wrong_password_answers_400_in_french(api_client):
    user = user_with_role(Role.PARTNER)
    response = api_client.post(
        reverse("api:token"), {"email": user.email, "password": "pas-le-bon"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Adresse électronique ou mot de passe incorrect."}
    assert not Token.objects.exists()


def test_a_missing_field_answers_400_in_french(api_client):
    response = api_client.post(reverse("api:token"), {"email": "x@example.org"}, format="json")
    assert response.status_code == 400
    assert response.json()["password"] == ["Ce champ est obligatoire."]


def test_five_failures_lock_the_address(api_client):
    user = user_with_role(Role.PARTNER)
    for _ in range(5):
        api_client.post(reverse("api:token"), {"email": user.email, "password": "pas-le-bon"}, format="json")
    response = api_client.post(
        reverse("api:token"), {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.json()["detail"]


def test_an_inactive_user_gets_no_token(api_client):
    user = user_with_role(Role.PARTNER)
    user.is_active = False
    user.save()
    response = api_client.post(
        reverse("api:token"), {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_a_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert api_client.get(reverse("api:person-list")).status_code == 401


def test_the_schema_is_a_valid_openapi_3_document(api_client):
    response = api_client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "API Pacte"
    assert {"/api/v1/auth/token/", "/api/v1/persons/", "/api/v1/persons/{id}/"} <= set(schema["paths"])
    list_schema = schema["paths"]["/api/v1/persons/"]["get"]["responses"]["200"]
    assert "Paginated" in list_schema["content"]["application/json"]["schema"]["$ref"]


def test_the_docs_page_lists_the_endpoints(client):
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "/api/v1/persons/{id}/" in page
    assert "/api/v1/auth/token/" in page
    assert "Authorization: Token" in page
