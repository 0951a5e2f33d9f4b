import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.organizations.models import LoginAttempt
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def partner():
    return user_with_role(Role.PARTNER)


def post_login(client, email, password, **extra):
    return client.post(reverse("web:login"), {"email": email, "password": password, **extra})


def test_a_partner_logs_in_and_lands_on_the_home_page(client, partner):
    response = post_login(client, partner.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


def test_a_wrong_password_is_refused_in_french_and_keeps_the_email(client, partner):
    response = post_login(client, partner.email, "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert f'value="{partner.email}"' in response.content.decode()
    assert LoginAttempt.objects.filter(email=partner.email, succeeded=False).count() == 1


def test_three_failures_hold_back_the_address_from_this_place_even_with_the_right_password(client, partner):
    for _ in range(3):
        post_login(client, partner.email, "pas-le-bon")
    response = post_login(client, partner.email, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trop de tentatives de connexion. Réessayez dans 8 secondes." in page
    assert f'value="{partner.email}"' in page
    # A held-back attempt does not tell a right password from a wrong one.
    assert "mot de passe incorrect" not in page
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(email=partner.email, blocked=True).count() == 1


def test_two_failures_cost_nothing(client, partner):
    for _ in range(2):
        post_login(client, partner.email, "pas-le-bon")
    assert post_login(client, partner.email, PASSWORD).status_code == 302


def test_a_success_clears_the_counter_and_keeps_the_records(client, partner):
    for _ in range(2):
        post_login(client, partner.email, "pas-le-bon")
    post_login(client, partner.email, PASSWORD)
    client.post(reverse("web:logout"))
    post_login(client, partner.email, "pas-le-bon")
    post_login(client, partner.email, "pas-le-bon")
    assert post_login(client, partner.email, PASSWORD).status_code == 302
    assert LoginAttempt.objects.filter(email=partner.email, succeeded=False).count() == 4
    assert LoginAttempt.objects.filter(email=partner.email, succeeded=True, channel="web").count() == 2


def test_the_next_parameter_is_followed_only_within_the_site(client, partner):
    response = post_login(client, partner.email, PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("web:home")


def test_logout_is_a_post(client, partner):
    client.force_login(partner)
    response = client.post(reverse("web:logout"))
    assert response["Location"] == reverse("web:login")
    assert "_auth_user_id" not in client.session
