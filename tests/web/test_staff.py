"""The direction's staff pages: its départements' accounts only, invitations by e-mail with a
one-time link, changes of membership, deactivation; every change audited."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership, TwoFactorInvitation, User
from tests.factories import MembershipFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for
from tests.web.test_two_factor import current_code

pytestmark = pytest.mark.django_db

PASSWORD = "Un mot de passe assez long 87"


@pytest.fixture
def world():
    world = build_world()
    world.objects["staff_87"] = MembershipFactory(
        role=Role.PARTNER, organization=world.objects["association_87"], user__last_name="Vergne"
    ).user
    world.objects["staff_79"] = MembershipFactory(
        role=Role.REFERENT, organization=world.objects["council_79"], user__last_name="Niortais"
    ).user
    return world


def invite(client, world, **overrides):
    data = {
        "email": "nouvelle.agente@example.org",
        "first_name": "Louise",
        "last_name": "Arnaud",
        "organization": world.objects["mdd_north"].pk,
        "role": Role.REFERENT,
        **overrides,
    }
    return client.post(reverse("web:staff_invite"), data)


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def test_the_direction_lists_the_staff_of_its_departement_only(world):
    page = client_for(world, "direction").get(reverse("web:staff_list")).content.decode()
    assert "Vergne" in page and "Structure partenaire – Association Tremplin" in page
    assert "Niortais" not in page
    everyone = client_for(world, "superuser").get(reverse("web:staff_list")).content.decode()
    assert "Niortais" in everyone
    assert client_for(world, "referent").get(reverse("web:staff_list")).status_code == 403


def test_the_staff_list_searches_by_name_and_address(world):
    direction = client_for(world, "direction")
    page = direction.get(reverse("web:staff_list"), {"q": "camille vergne"}).content.decode()
    assert "Vergne" in page and world.users["referent"].last_name not in page
    assert 'value="camille vergne"' in page
    empty = direction.get(reverse("web:staff_list"), {"q": "Niortais"}).content.decode()
    assert "Aucun agent." in empty


def test_the_staff_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world, "direction")
    url = reverse("web:staff_list")
    few = queries_for(client, url, shows=[world.users["referent"].last_name])
    added = [
        MembershipFactory(role=Role.REFERENT, organization=world.objects["mdd_north"]).user for _ in range(5)
    ]
    assert queries_for(client, url, shows=[user.last_name for user in added]) == few


def test_the_menu_shows_the_team_to_the_direction(world):
    page = client_for(world, "direction").get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:staff_list")}"' in page
    other = client_for(world, "referent").get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:staff_list")}"' not in other


def test_an_invitation_creates_the_account_and_mails_a_link_that_sets_the_password_once(world):
    direction = client_for(world, "direction")
    response = invite(direction, world)
    user = User.objects.get(email="nouvelle.agente@example.org")
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:staff_detail", args=[user.uuid]
    )
    assert not user.has_usable_password()
    assert user.memberships.get().role == Role.REFERENT
    actions = set(AuditEntry.objects.filter(object_id=str(user.uuid)).values_list("action", flat=True))
    assert actions == {"user.invite", "membership.grant", "user.otp_invite"}
    assert AuditEntry.objects.get(action="user.invite").actor == world.users["direction"]

    [message] = mail.outbox
    assert message.to == ["nouvelle.agente@example.org"]
    assert "Référent·e unique – Maison du département Nord" in message.body
    setup, enrol = links_in(message)
    assert "/compte/activation/" in setup and "/double-authentification/invitation/" in enrol
    assert TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True).count() == 1

    browser = Client()
    form_url = browser.get(setup)["Location"]
    done = browser.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == reverse("web:account_setup_complete")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="user.password_set", actor=user).exists()

    again = Client().get(setup, follow=True).content.decode()
    assert "plus valable" in again
    assert Client().login(username=user.email, password=PASSWORD)


def test_an_invited_referent_chooses_a_password_then_enrols_the_app_from_the_same_email(world):
    invite(client_for(world, "direction"), world)
    setup, enrol = links_in(mail.outbox[0])
    browser = Client()
    browser.post(browser.get(setup)["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    login = browser.post(reverse("web:login"), {"email": "nouvelle.agente@example.org", "password": PASSWORD})
    assert login.status_code == 302
    assert browser.get(reverse("web:person_list"))["Location"].startswith(reverse("web:otp_verify"))
    assert "second lien de ce courriel" in browser.get(reverse("web:otp_verify")).content.decode()
    browser.get(enrol)
    device = TOTPDevice.objects.get(user__email="nouvelle.agente@example.org")
    assert browser.post(enrol, {"token": current_code(device)})["Location"] == reverse("web:home")
    assert browser.get(reverse("web:person_list")).status_code == 200


def test_a_role_without_second_factor_gets_only_the_password_link(world):
    invite(
        client_for(world, "direction"),
        world,
        role=Role.PARTNER,
        organization=world.objects["association_87"].pk,
    )
    [message] = mail.outbox
    assert len(links_in(message)) == 1
    assert not TwoFactorInvitation.objects.exists()


def test_a_refused_invitation_keeps_what_was_typed(world):
    MembershipFactory(user__email="deja@example.org", organization=world.objects["council_79"])
    response = invite(client_for(world, "direction"), world, email="deja@example.org", first_name="Zélie")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Un compte existe déjà pour cette adresse." in page
    assert 'value="deja@example.org"' in page and 'value="Zélie"' in page
    assert f'<option value="{world.objects["mdd_north"].pk}" selected>' in page
    assert mail.outbox == []


def test_the_direction_invites_only_into_its_departement(world):
    response = invite(client_for(world, "direction"), world, organization=world.objects["council_79"].pk)
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = invite(client_for(world, "direction"), world, role=Role.BENEFICIARY)
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not User.objects.filter(email="nouvelle.agente@example.org").exists()
    page = client_for(world, "direction").get(reverse("web:staff_invite")).content.decode()
    assert "Conseil départemental 79" not in page


def test_the_invitation_link_is_no_password_reset_link_and_the_reverse(world):
    invite(
        client_for(world, "direction"),
        world,
        role=Role.PARTNER,
        organization=world.objects["association_87"].pk,
    )
    [setup] = links_in(mail.outbox[0])
    as_reset = setup.replace("/compte/activation/", "/mot-de-passe/")
    assert "plus valable" in Client().get(as_reset, follow=True).content.decode()


def test_the_direction_changes_a_membership_and_it_is_audited(world):
    staff = world.objects["staff_87"]
    membership = staff.memberships.get()
    url = reverse("web:staff_membership_change", args=[staff.uuid, membership.pk])
    prefix = f"membership-{membership.pk}"
    response = client_for(world, "direction").post(
        url,
        {f"{prefix}-organization": world.objects["mdd_north"].pk, f"{prefix}-role": Role.ORIENTATION_AGENT},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert staff.memberships.get(is_active=True).role == Role.ORIENTATION_AGENT
    entry = AuditEntry.objects.get(action="membership.change")
    assert (entry.actor, entry.data["to"]["role"]) == (world.users["direction"], "orientation_agent")


def test_a_refused_change_keeps_what_was_typed(world):
    staff = world.objects["staff_87"]
    membership = staff.memberships.get()
    prefix = f"membership-{membership.pk}"
    response = client_for(world, "direction").post(
        reverse("web:staff_membership_change", args=[staff.uuid, membership.pk]),
        {f"{prefix}-organization": world.objects["mdd_north"].pk, f"{prefix}-role": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Ce champ est obligatoire." in page
    assert f'<option value="{world.objects["mdd_north"].pk}" selected>' in page
    assert not AuditEntry.objects.filter(action="membership.change").exists()


def test_the_direction_adds_and_withdraws_a_membership(world):
    staff = world.objects["staff_87"]
    direction = client_for(world, "direction")
    direction.post(
        reverse("web:staff_membership_add", args=[staff.uuid]),
        {"new-organization": world.objects["council_87"].pk, "new-role": Role.ANALYST},
    )
    added = staff.memberships.get(role=Role.ANALYST)
    direction.post(reverse("web:staff_membership_revoke", args=[staff.uuid, added.pk]))
    added.refresh_from_db()
    assert not added.is_active
    actions = list(AuditEntry.objects.filter(object_id=str(staff.uuid)).values_list("action", flat=True))
    assert sorted(actions) == ["membership.grant", "membership.revoke"]


def test_a_direction_of_87_cannot_see_nor_change_the_staff_of_79(world):
    stranger = world.objects["staff_79"]
    membership = stranger.memberships.get()
    direction = client_for(world, "direction")
    assert direction.get(reverse("web:staff_detail", args=[stranger.uuid])).status_code == 404
    post = {"organization": world.objects["mdd_north"].pk, "role": Role.REFERENT}
    for name, args in [
        ("web:staff_membership_change", [stranger.uuid, membership.pk]),
        ("web:staff_membership_revoke", [stranger.uuid, membership.pk]),
        ("web:staff_membership_add", [stranger.uuid]),
        ("web:staff_deactivate", [stranger.uuid]),
        ("web:staff_resend_invitation", [stranger.uuid]),
    ]:
        assert direction.post(reverse(name, args=args), post).status_code == 404, name
    stranger.refresh_from_db()
    membership.refresh_from_db()
    assert stranger.is_active and membership.is_active and stranger.memberships.count() == 1


def test_a_membership_in_79_of_someone_the_87_manages_stays_out_of_reach(world):
    both = world.users["direction_87_referent_79"]
    in_79 = both.memberships.get(role=Role.REFERENT)
    direction = client_for(world, "direction")
    page = direction.get(reverse("web:staff_detail", args=[both.uuid])).content.decode()
    assert "Association Relais 79" not in page
    url = reverse("web:staff_membership_change", args=[both.uuid, in_79.pk])
    assert direction.post(url, {}).status_code == 404
    response = direction.post(reverse("web:staff_deactivate", args=[both.uuid]), follow=True)
    assert "autre département" in response.content.decode()
    both.refresh_from_db()
    assert both.is_active


def test_the_direction_deactivates_an_account_after_confirming(world):
    staff = world.objects["staff_87"]
    direction = client_for(world, "direction")
    url = reverse("web:staff_deactivate", args=[staff.uuid])
    assert "ne pourra plus se connecter" in direction.get(url).content.decode()
    page = direction.post(url, follow=True).content.decode()
    assert "est désactivé" in page
    staff.refresh_from_db()
    assert not staff.is_active
    assert not Membership.objects.filter(user=staff, is_active=True).exists()
    assert AuditEntry.objects.get(action="user.deactivate").actor == world.users["direction"]


def test_an_invitation_is_sent_again_while_no_password_was_chosen(world):
    direction = client_for(world, "direction")
    invite(direction, world, role=Role.PARTNER, organization=world.objects["association_87"].pk)
    user = User.objects.get(email="nouvelle.agente@example.org")
    url = reverse("web:staff_resend_invitation", args=[user.uuid])
    assert (
        "Renvoyer l'invitation"
        in direction.get(reverse("web:staff_detail", args=[user.uuid])).content.decode()
    )
    direction.post(url)
    assert len(mail.outbox) == 2
    staff = world.objects["staff_87"]
    page = direction.post(reverse("web:staff_resend_invitation", args=[staff.uuid]), follow=True)
    assert "déjà choisi son mot de passe" in page.content.decode()
    assert len(mail.outbox) == 2


def test_deactivation_voids_the_invitation_link(world):
    direction = client_for(world, "direction")
    invite(direction, world, role=Role.PARTNER, organization=world.objects["association_87"].pk)
    user = User.objects.get(email="nouvelle.agente@example.org")
    direction.post(reverse("web:staff_deactivate", args=[user.uuid]))
    [setup] = links_in(mail.outbox[0])
    assert "plus valable" in Client().get(setup, follow=True).content.decode()


def test_a_mail_server_down_leaves_the_account_and_says_to_resend(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    direction = client_for(world, "direction")
    response = invite(
        direction,
        world,
        role=Role.PARTNER,
        organization=world.objects["association_87"].pk,
    )
    page = direction.get(response["Location"]).content.decode()
    assert "Renvoyer l'invitation" in page and "pas pu partir" in page
    assert User.objects.filter(email="nouvelle.agente@example.org").exists()
