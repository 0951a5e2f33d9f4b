from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.portal import signin
from pacte.portal.models import SignInCode
from tests.factories import user_with_role
from tests.portal.conftest import RecordingSender, code_in, link_in

pytestmark = pytest.mark.django_db

LINK = "https://pacte.example/lien/{}".format


def test_a_code_goes_to_the_address_of_the_space_and_opens_it_once(outbox, beneficiary):
    signin.issue("Elodie.Martin@example.org ", link_for=LINK)

    assert len(outbox) == 1
    assert outbox[0]["channel"] == "email" and outbox[0]["address"] == "elodie.martin@example.org"
    code = code_in(outbox[0])
    assert len(code) == 6 and code.isdigit()
    assert signin.redeem_code("elodie.martin@example.org", code) == beneficiary.user
    with pytest.raises(signin.SignInError, match="ne marche pas"):
        signin.redeem_code("elodie.martin@example.org", code)


def test_the_code_is_kept_as_a_digest_only(outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    code = code_in(outbox[0])
    stored = SignInCode.objects.get()
    assert code not in stored.code_digest and len(stored.code_digest) == 64
    assert stored.expires_at - stored.created_at == timedelta(minutes=15)


def test_a_code_expires_after_15_minutes(outbox, beneficiary):
    start = timezone.now()
    signin.issue("elodie.martin@example.org", link_for=LINK, now=start)
    code = code_in(outbox[0])
    with pytest.raises(signin.SignInError):
        signin.redeem_code("elodie.martin@example.org", code, now=start + timedelta(minutes=15, seconds=1))
    assert signin.redeem_code("elodie.martin@example.org", code, now=start + timedelta(minutes=14)) == (
        beneficiary.user
    )


def test_a_new_code_replaces_the_previous_one(outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    signin.issue("elodie.martin@example.org", link_for=LINK)
    first, second = code_in(outbox[0]), code_in(outbox[1])
    if first != second:
        with pytest.raises(signin.SignInError):
            signin.redeem_code("elodie.martin@example.org", first)
    assert signin.redeem_code("elodie.martin@example.org", second) == beneficiary.user


def test_an_unknown_address_or_a_staff_account_gets_nothing(outbox, beneficiary):
    user_with_role(Role.REFERENT)
    staff = user_with_role(Role.DIRECTION)
    signin.issue("personne@example.org", link_for=LINK)
    signin.issue(staff.email, link_for=LINK)
    assert outbox == []
    with pytest.raises(signin.SignInError):
        signin.redeem_code(staff.email, "000000")


def test_wrong_codes_from_one_address_are_held_back(outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    messages = []
    for _ in range(6):
        with pytest.raises(signin.SignInError) as refused:
            signin.redeem_code(
                "elodie.martin@example.org", "000000" if code_in(outbox[0]) != "000000" else "1"
            )
        messages.append(refused.value.message)
    assert any(message.startswith("Trop d'essais") for message in messages)


def test_no_more_than_three_codes_in_15_minutes(outbox, beneficiary):
    start = timezone.now()
    for minute in range(5):
        signin.issue("elodie.martin@example.org", link_for=LINK, now=start + timedelta(minutes=minute))
    assert len(outbox) == 3
    signin.issue("elodie.martin@example.org", link_for=LINK, now=start + timedelta(minutes=16))
    assert len(outbox) == 4


def test_five_wrong_codes_burn_the_code(outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    code = code_in(outbox[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    # From five addresses, so that the login throttle (per account and address) does not step in first.
    for attempt in range(5):
        with pytest.raises(signin.SignInError, match="ne marche pas"):
            signin.redeem_code("elodie.martin@example.org", wrong, ip=f"10.0.0.{attempt}")
    with pytest.raises(signin.SignInError, match="ne marche pas"):
        signin.redeem_code("elodie.martin@example.org", code, ip="10.0.1.1")
    assert SignInCode.objects.get().revoked_at is not None


def test_a_code_by_sms_to_the_person_s_mobile(outbox, beneficiary):
    signin.issue("06.12.34.56.78", link_for=LINK)
    assert outbox[0]["channel"] == "sms" and outbox[0]["address"] == "+33612345678"
    assert signin.redeem_code("0612345678", code_in(outbox[0])) == beneficiary.user


def test_no_sms_when_no_provider_is_configured(outbox, beneficiary):
    RecordingSender.sms = False
    signin.issue("06 12 34 56 78", link_for=LINK)
    assert outbox == []


def test_the_link_opens_the_space_once(outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    token = link_in(outbox[0]).rsplit("/", 1)[1]
    assert signin.redeem_link(token) == beneficiary.user
    with pytest.raises(signin.SignInError, match="ne marche plus"):
        signin.redeem_link(token)


def test_the_pages_sign_in_with_the_code(client, outbox, beneficiary):
    response = client.post(reverse("portal:sign_in"), {"identifier": "elodie.martin@example.org"})
    assert response.status_code == 302 and response.url == reverse("portal:sign_in_code")
    page = client.get(response.url)
    assert "vous venez de recevoir un code" in page.content.decode()

    wrong = client.post(reverse("portal:sign_in_code"), {"code": "12"})
    assert "Ce code ne marche pas" in wrong.content.decode()
    assert 'value="12"' in wrong.content.decode()  # what was typed stays

    response = client.post(reverse("portal:sign_in_code"), {"code": code_in(outbox[0])})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    home = client.get(reverse("portal:home"))
    assert "Bonjour Élodie" in home.content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"portal.code_sent", "portal.code_refused", "portal.login", "portal.read"} <= actions


def test_the_same_answer_whether_the_address_has_a_space_or_not(client, outbox, beneficiary):
    known = client.post(reverse("portal:sign_in"), {"identifier": "elodie.martin@example.org"})
    client.session.flush()
    other = client.post(reverse("portal:sign_in"), {"identifier": "inconnu@example.org"})
    assert known.status_code == other.status_code == 302 and known.url == other.url


def test_a_link_opened_by_a_mail_scanner_does_not_use_it(client, outbox, beneficiary):
    signin.issue("elodie.martin@example.org", link_for=LINK)
    token = link_in(outbox[0]).rsplit("/", 1)[1]
    url = reverse("portal:sign_in_link", args=[token])
    assert client.get(url).status_code == 200
    assert SignInCode.objects.get().used_at is None
    assert client.post(url).url == reverse("portal:home")
    assert client.post(url).status_code == 400


def test_the_space_is_for_beneficiaries_only(client):
    assert client.get(reverse("portal:home")).url == reverse("portal:sign_in")
    staff = user_with_role(Role.PARTNER)
    client.force_login(staff)
    assert client.get(reverse("portal:home")).url == reverse("web:home")
