import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.organizations.enums import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client, user):
    response = client.post(reverse("web:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT])
def test_sensitive_roles_are_sent_to_the_second_factor_until_they_enter_a_valid_code(client, settings, role):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries after a failure
    user = user_with_role(role)
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    log_in(client, user)
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_verify"))

    page = client.get(response["Location"])
    assert "Saisissez le code à 6 chiffres" in page.content.decode()
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    wrong = client.post(reverse("web:otp_verify"), {"token": wrong_code})
    assert "Ce code n&#x27;est pas valide" in wrong.content.decode()
    assert client.get(reverse("web:home")).status_code == 302

    verified = client.post(
        reverse("web:otp_verify"), {"token": current_code(device), "next": reverse("web:person_list")}
    )
    assert verified["Location"] == reverse("web:person_list")
    assert client.get(reverse("web:person_list")).status_code == 200


def test_superusers_use_two_factors_too(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    log_in(client, user)
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp_verify"))


@pytest.mark.parametrize(
    "role", [Role.PARTNER, Role.EMPLOYER_RELATIONS, Role.PACT_CONTRIBUTOR, Role.ANALYST, Role.BENEFICIARY]
)
def test_other_roles_need_no_second_factor(client, role):
    log_in(client, user_with_role(role))
    assert client.get(reverse("web:home")).status_code == 200


def test_a_user_without_device_enrols_with_a_qr_code(client):
    user = user_with_role(Role.REFERENT)
    log_in(client, user)
    page = client.get(reverse("web:otp_verify")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Ou saisissez cette clé" in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # Reloading the page keeps the same device (and the same QR code).
    client.get(reverse("web:otp_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(reverse("web:otp_verify"), {"token": current_code(device)})
    assert response["Location"] == reverse("web:home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:home")).status_code == 200


def test_the_api_refuses_an_unverified_browser_session(client):
    user = user_with_role(Role.DIRECTION)
    log_in(client, user)
    response = client.get(reverse("api:person-list"))
    assert response.status_code == 403
    assert "double authentification" in response.json()["detail"]
