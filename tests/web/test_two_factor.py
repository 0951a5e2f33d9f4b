from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.organizations.services import install_totp_device, invite_to_two_factor
from tests.factories import MembershipFactory, UserFactory, user_with_role
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def log_in(client, user):
    response = client.post(reverse("web:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def invitation_url(user, actor=None):
    _, secret = invite_to_two_factor(actor=actor, user=user)
    return reverse("web:otp_enrol_invitation", kwargs={"key": secret})


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT])
def test_sensitive_roles_are_sent_to_the_second_factor_until_they_enter_a_valid_code(client, settings, role):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries after a failure
    user = user_with_role(role)
    device = device_for(user)
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


def test_the_session_key_changes_when_the_second_factor_is_verified(client):
    user = user_with_role(Role.REFERENT)
    device = device_for(user)
    log_in(client, user)
    pre_otp_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.post(reverse("web:otp_verify"), {"token": current_code(device)})
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != pre_otp_key
    assert client.get(reverse("web:person_list")).status_code == 200

    # Whoever kept the cookie of the password step reaches no personal page.
    stolen = Client()
    stolen.cookies[django_settings.SESSION_COOKIE_NAME] = pre_otp_key
    response = stolen.get(reverse("web:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_superusers_use_two_factors_too(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    log_in(client, user)
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp_verify"))


@pytest.mark.parametrize(
    "role", [Role.PARTNER, Role.EMPLOYER_RELATIONS, Role.PACT_CONTRIBUTOR, Role.ANALYST, Role.BENEFICIARY]
)
def test_other_roles_need_no_second_factor(client, role):
    log_in(client, user_with_role(role))
    response = client.get(reverse("web:home"), follow=True)
    assert response.status_code == 200
    assert all("double-authentification" not in url for url, _ in response.redirect_chain)


def test_a_password_alone_never_shows_an_enrolment_secret(client):
    user = user_with_role(Role.REFERENT)
    log_in(client, user)
    page = client.get(reverse("web:otp_verify")).content.decode()
    assert "Demandez à votre direction une invitation" in page
    assert "data:image/svg+xml" not in page
    assert "Ou saisissez cette clé" not in page
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Nor does the device page, before a device has been verified.
    response = client.get(reverse("web:otp_enrol"))
    assert response["Location"].startswith(reverse("web:otp_verify"))
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_an_invitation_enrols_a_device_once(client):
    user = user_with_role(Role.REFERENT)
    url = invitation_url(user)
    # The link first asks for the password.
    assert client.get(url)["Location"].startswith(reverse("web:login"))
    log_in(client, user)
    page = client.get(url).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Ou saisissez cette clé" in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    client.get(url)  # reloading keeps the same device (and the same QR code)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(url, {"token": current_code(device)})
    assert response["Location"] == reverse("web:home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:person_list")).status_code == 200
    assert AuditEntry.objects.filter(action="user.otp_enrolled", actor=user).exists()
    # Used: it shows nothing any more.
    again = client.get(url)
    assert again.status_code == 404
    assert "Invitation non valable" in again.content.decode()


def test_an_invitation_never_reuses_a_secret_shown_before(client):
    user = user_with_role(Role.REFERENT)
    # A device left unconfirmed by the former page, whose secret whoever had the password saw.
    seen = TOTPDevice.objects.create(user=user, name="Ancien", confirmed=False)
    url = invitation_url(user)
    log_in(client, user)
    client.get(url)
    device = TOTPDevice.objects.get(user=user)
    assert device.pk != seen.pk and device.key != seen.key
    client.get(url)
    assert TOTPDevice.objects.get(user=user) == device


def test_an_invitation_serves_only_its_own_account(client):
    invited, other = user_with_role(Role.REFERENT), user_with_role(Role.REFERENT)
    url = invitation_url(invited)
    log_in(client, other)
    response = client.get(url)
    assert response.status_code == 404
    assert "data:image/svg+xml" not in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_an_expired_invitation_is_refused(client):
    user = user_with_role(Role.REFERENT)
    url = invitation_url(user)
    user.two_factor_invitations.update(expires_at=timezone.now() - timedelta(seconds=1))
    log_in(client, user)
    assert client.get(url).status_code == 404


def test_a_new_invitation_cancels_the_previous_one(client):
    user = user_with_role(Role.REFERENT)
    first = invitation_url(user)
    second = invitation_url(user)
    log_in(client, user)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_the_direction_invites_only_its_own_departement(db):
    direction = user_with_role(Role.DIRECTION)
    colleague = MembershipFactory(
        role=Role.REFERENT, organization__departement=direction.memberships.get().organization.departement
    ).user
    stranger = MembershipFactory(role=Role.REFERENT, organization__departement__code="79").user
    invite_to_two_factor(actor=direction, user=colleague)
    with pytest.raises(DomainError):
        invite_to_two_factor(actor=direction, user=stranger)
    with pytest.raises(DomainError):
        invite_to_two_factor(actor=user_with_role(Role.REFERENT), user=colleague)


def test_a_verified_user_replaces_their_device(client):
    user = user_with_role(Role.REFERENT)
    old = device_for(user)
    log_in(client, user)
    client.post(reverse("web:otp_verify"), {"token": current_code(old)})
    page = client.get(reverse("web:otp_enrol")).content.decode()
    assert "remplacera l'actuel" in page
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("web:otp_enrol"), {"token": current_code(new)})
    assert response["Location"] == reverse("web:home")
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert client.get(reverse("web:person_list")).status_code == 200


def test_roles_without_second_factor_have_no_device_page(client):
    client.force_login(user_with_role(Role.PARTNER))
    assert client.get(reverse("web:otp_enrol")).status_code == 403


def test_the_demo_keys_go_through_the_service(db):
    user = user_with_role(Role.REFERENT)
    key = "3132333435363738393031323334353637383930"
    device = install_totp_device(user=user, key=key, name="Démonstration")
    assert device.confirmed and device.key == key
    assert install_totp_device(user=user, key=key, name="Démonstration") == device
    assert AuditEntry.objects.filter(action="user.otp_installed").count() == 1


def test_the_invite_command_prints_a_working_link(client, capsys):
    user = user_with_role(Role.REFERENT)
    call_command("invite", user.email, "--base-url", "https://pacte.example")
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://pacte.example/double-authentification/invitation/")
    log_in(client, user)
    assert client.get(link.removeprefix("https://pacte.example")).status_code == 200


def test_the_api_refuses_an_unverified_browser_session(client):
    user = user_with_role(Role.DIRECTION)
    log_in(client, user)
    response = client.get(reverse("api:person-list"))
    assert response.status_code == 403
    assert "double authentification" in response.json()["detail"]


def test_the_direction_creates_an_invitation_from_its_page(client):
    world = build_world()
    direction = client_for(world, "direction")
    colleague = world.users["referent"]
    response = direction.post(reverse("web:two_factor_invite"), {"email": colleague.email.upper()})
    page = response.content.decode()
    assert "Invitation créée pour" in page
    link = page.split("<code>")[1].split("</code>")[0]
    assert link.startswith("http://testserver/double-authentification/invitation/")
    assert AuditEntry.objects.filter(action="user.otp_invite", actor=world.users["direction"]).exists()
    log_in(client, colleague)
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


def test_the_direction_cannot_invite_outside_its_departement():
    world = build_world()
    stranger = MembershipFactory(role=Role.REFERENT, organization=world.objects["council_79"]).user
    direction = client_for(world, "direction")
    for email in (stranger.email, "personne@example.org"):
        page = direction.post(reverse("web:two_factor_invite"), {"email": email}).content.decode()
        assert "Aucun compte actif de votre département n&#x27;a cette adresse." in page
    assert not stranger.two_factor_invitations.exists()
