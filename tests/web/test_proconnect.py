"""Staff log in with ProConnect, end to end against a local OpenID provider on 127.0.0.1: the
account is matched by e-mail (never created), and the second factor is taken from the provider
only when it vouches for it."""

import urllib.parse

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.models import ProConnectDevice, User
from pacte.web.views.proconnect import REFUSED
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.web.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.django_db

MFA = "https://proconnect.gouv.fr/assurance/self-asserted-2fa"


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture(autouse=True)
def proconnect(settings, provider):
    provider.spoil = None
    settings.PACTE_PROCONNECT_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "pacte.organizations.proconnect.ProConnectBackend",
    ]
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    return settings


def staff(role=Role.DIRECTION, **user):
    return MembershipFactory(role=role, organization=OrganizationFactory(), user=UserFactory(**user)).user


def log_in_with_proconnect(client, provider, **claims):
    """The browser's trip: Pacte → the provider (which answers at once) → Pacte's callback."""
    provider.next_login = claims
    start = client.get(reverse("web:proconnect_login"))
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urllib.parse.urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def logged_in_user(client):
    return client.session.get(SESSION_KEY)


def test_an_agent_vouched_for_with_a_second_factor_is_in_at_once(client, provider):
    user = staff(email="camille.agent@departement87.fr")
    before = client.cookies.get("sessionid")
    response = log_in_with_proconnect(client, provider, email="Camille.Agent@Departement87.fr", acr=MFA)
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert logged_in_user(client) == str(user.pk)
    assert client.get(reverse("web:home")).status_code == 200  # no TOTP page in between
    assert client.cookies["sessionid"].value != getattr(before, "value", None)
    assert ProConnectDevice.objects.filter(user=user, confirmed=True).count() == 1
    entries = AuditEntry.objects.filter(actor=user).order_by("id")
    assert [(e.action, e.data.get("channel")) for e in entries] == [
        ("user.login", "proconnect"),
        ("user.otp_verified", "proconnect"),
    ]
    # PKCE and the client's secret went to the token endpoint.
    assert provider.token_requests[-1]["code_verifier"] and provider.token_requests[-1]["client_secret"]


def test_mfa_in_amr_also_vouches_for_the_second_factor(client, provider):
    staff(email="amr@departement87.fr")
    log_in_with_proconnect(client, provider, email="amr@departement87.fr", acr="eidas1", amr=["pwd", "mfa"])
    assert client.get(reverse("web:home")).status_code == 200


def test_without_the_providers_second_factor_the_totp_code_is_still_asked(client, provider):
    user = staff(email="eidas1@departement87.fr")
    log_in_with_proconnect(client, provider, email=user.email, acr="eidas1", amr=["pwd"])
    assert logged_in_user(client) == str(user.pk)
    home = client.get(reverse("web:home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("web:otp_verify"))
    assert not ProConnectDevice.objects.exists()


def test_a_role_without_second_factor_is_in_with_a_plain_login(client, provider):
    user = staff(role=Role.PARTNER, email="partenaire@association.fr")
    log_in_with_proconnect(client, provider, email=user.email, acr="eidas1")
    assert client.get(reverse("web:home")).status_code == 200


@pytest.mark.parametrize(
    "case",
    ["unknown address", "beneficiary account", "deactivated account", "withdrawn membership"],
)
def test_no_account_is_created_nor_opened_by_a_login_alone(client, provider, case):
    email = "personne@departement87.fr"
    if case == "beneficiary account":
        staff(role=Role.BENEFICIARY, email=email)
    elif case == "deactivated account":
        staff(email=email, is_active=False)
    elif case == "withdrawn membership":
        user = staff(email=email)
        user.memberships.update(is_active=False)
    users = User.objects.count()
    response = log_in_with_proconnect(client, provider, email=email, acr=MFA)
    assert response.status_code == 302 and response["Location"] == reverse("web:login")
    assert logged_in_user(client) is None
    assert User.objects.count() == users
    page = client.get(reverse("web:login")).content.decode()
    assert "aucun compte actif de Pacte ne correspond" in page and REFUSED.startswith("La connexion")


@pytest.mark.parametrize("spoil", ["nonce", "signature"])
def test_a_token_that_does_not_check_out_opens_nothing(client, provider, spoil):
    user = staff(email="camille@departement87.fr")
    provider.spoil = spoil
    response = log_in_with_proconnect(client, provider, email=user.email, acr=MFA)
    assert response.status_code in (302, 400)
    assert logged_in_user(client) is None
    assert not AuditEntry.objects.filter(actor=user, action="user.login").exists()


def test_a_callback_without_the_sessions_state_opens_nothing(client, provider):
    staff(email="camille@departement87.fr")
    response = client.get(reverse("web:proconnect_callback"), {"code": "forged", "state": "forged"})
    assert response.status_code in (302, 400) and logged_in_user(client) is None


def test_turned_off_there_is_no_proconnect_at_all(client, settings):
    settings.PACTE_PROCONNECT_ENABLED = False
    assert client.get(reverse("web:proconnect_login")).status_code == 404
    assert client.get(reverse("web:proconnect_callback")).status_code == 404
    assert "ProConnect" not in client.get(reverse("web:login")).content.decode()


def test_turned_on_the_login_page_offers_it(client):
    page = client.get(reverse("web:login")).content.decode()
    assert "S&#x27;identifier avec ProConnect" in page or "S'identifier avec ProConnect" in page


def test_the_deploy_check_wants_the_client_and_https(settings):
    from pacte.organizations.checks import check_proconnect

    settings.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_SECRET = ""
    settings.PACTE_PROCONNECT_URL = "http://proconnect.example"
    assert {error.id for error in check_proconnect(None)} == {"organizations.E001", "organizations.E002"}
    settings.PACTE_PROCONNECT_ENABLED = False
    assert check_proconnect(None) == []
