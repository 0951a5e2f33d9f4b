import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pacte.organizations import throttle
from pacte.organizations.enums import Role
from pacte.web.views import errors
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_security_headers_are_sent(client):
    response = client.get(reverse("web:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_responses_carry_the_headers_too(client):
    response = client.get(reverse("api:schema"))
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_sessions_expire_when_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_session_cookie_is_a_browser_session_cookie(client):
    user = user_with_role(Role.PARTNER)
    response = client.post(reverse("web:login"), {"email": user.email, "password": "mot-de-passe-de-test"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_an_expired_session_sends_back_to_login(client):
    client.force_login(user_with_role(Role.PARTNER))
    assert client.get(reverse("web:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("web:home"))
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [
        (errors.bad_request, 400, "Requête incorrecte"),
        (errors.permission_denied, 403, "Accès refusé"),
        (errors.page_not_found, 404, "Page introuvable"),
    ],
)
def test_error_handlers_answer_in_french(handler, status, text):
    request = RequestFactory().get("/nulle-part/")
    request.user = user_with_role(Role.ANALYST)
    response = handler(request, Exception())
    page = response.content.decode()
    assert response.status_code == status
    assert text in page
    assert '<html lang="fr">' in page


def test_the_server_error_page_renders_without_any_context():
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()


def test_the_project_uses_these_handlers(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_an_unexpected_error_shows_the_french_500_page(client, settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.web.failing_urls"
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()


def test_the_remembered_browser_cookie_is_signed_http_only_and_lax(client):
    user = user_with_role(Role.PARTNER)
    response = client.post(reverse("web:login"), {"email": user.email, "password": "mot-de-passe-de-test"})
    cookie = response.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert user.email not in cookie.value  # only a keyed mark of the account, signed
    assert throttle.is_trusted_device(client.get(reverse("web:home")).wsgi_request, user.email)
