import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.models import AuditEntry
from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.models import BackgroundTask
from pacte.organizations.models import LoginAttempt, Membership, Organization, User
from pacte.organizations.services import deactivate_user, issue_token
from pacte.referentials.models import Barrier, ExitReason, RomeAppellation, RomeCode
from pacte.territory.models import Commune, Departement, Epci, Site, Territory
from tests.factories import CommuneFactory, MembershipFactory, PersonFactory, TerritoryFactory, UserFactory
from tests.permissions.world import verify_second_factor

ADMINISTERED = [
    Departement, Epci, Territory, Commune, Site, RomeCode, RomeAppellation, Barrier, ExitReason,
    Organization, User, Membership, LoginAttempt, BackgroundTask, TOTPDevice,
]  # fmt: skip


def test_every_model_of_the_foundation_is_in_the_admin():
    assert [model for model in ADMINISTERED if not admin.site.is_registered(model)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMINISTERED, ids=lambda m: m._meta.label)
def test_the_admin_lists_and_searches(client, model):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    verify_second_factor(client, superuser)
    MembershipFactory(organization__territory=TerritoryFactory())
    CommuneFactory()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "a"}).status_code == 200


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    verify_second_factor(client, superuser)
    client.superuser = superuser
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organization, User, Membership], ids=lambda m: m._meta.label)
def test_the_admin_cannot_write_organisations_users_or_memberships(admin_client, model):
    membership = MembershipFactory()
    row = {Organization: membership.organization, User: membership.user, Membership: membership}[model]
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "change", row.pk), {"name": "Autre"}).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()
    assert not AuditEntry.objects.exclude(action="user.login").exists()


@pytest.mark.django_db
def test_deactivating_accounts_from_the_admin_goes_through_the_service(admin_client):
    user = UserFactory()
    response = admin_client.post(
        admin_url(User, "changelist"), {"action": "deactivate", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert (entry.actor, entry.object_id, entry.path) == (
        admin_client.superuser,
        str(user.uuid),
        admin_url(User, "changelist"),
    )


@pytest.mark.django_db
def test_withdrawing_memberships_from_the_admin_goes_through_the_service(admin_client):
    membership = MembershipFactory()
    admin_client.post(
        admin_url(Membership, "changelist"), {"action": "revoke", "_selected_action": [membership.pk]}
    )
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEntry.objects.get(action="membership.revoke").data["role"] == membership.role


@pytest.mark.django_db
def test_the_admin_offers_no_deletion_of_accounts(admin_client):
    response = admin_client.get(admin_url(User, "changelist"))
    assert b"delete_selected" not in response.content
    assert b"deactivate" in response.content


@pytest.mark.django_db
def test_an_account_with_audit_entries_is_deactivated_never_deleted():
    user = UserFactory()
    log(actor=user, action="user.login", obj=user)
    with pytest.raises(DomainError, match="désactivez-le"):
        user.delete()
    deactivate_user(actor=None, user=user)
    entry = AuditEntry.objects.get(action="user.login")
    assert (entry.actor_id, entry.actor_label) == (user.pk, user.email)


# The admin actions that write, each through the service that logs (tested above and in
# test_api_tokens.py); any other action would be a write without an audit entry.
AUDITED_ACTIONS = {
    ("organizations.User", "deactivate"): "user.deactivate",
    ("organizations.Membership", "revoke"): "membership.revoke",
    ("organizations.ApiToken", "revoke"): "api_token.revoke",
}


def superuser_request(rf):
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    return request


def can_write(model_admin, request):
    return [
        name
        for name, allowed in [
            ("add", model_admin.has_add_permission(request, None)
             if isinstance(model_admin, admin.options.InlineModelAdmin)
             else model_admin.has_add_permission(request)),
            ("change", model_admin.has_change_permission(request)),
            ("delete", model_admin.has_delete_permission(request)),
        ]
        if allowed
    ]  # fmt: skip


@pytest.mark.django_db
def test_every_model_in_the_admin_is_read_only_inlines_included(rf):
    """Every registered admin, the libraries' too (groups, second-factor devices, task results)."""
    request = superuser_request(rf)
    writable = {}
    for model, model_admin in admin.site._registry.items():
        for each in [model_admin, *model_admin.get_inline_instances(request)]:
            if rights := can_write(each, request):
                writable[f"{model._meta.label} ({type(each).__name__})"] = rights
    assert writable == {}


@pytest.mark.django_db
def test_every_admin_action_goes_through_an_audited_service(rf):
    request = superuser_request(rf)
    actions = {
        (model._meta.label, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    }
    assert actions == set(AUDITED_ACTIONS)


def admin_row(label):
    if label == "organizations.ApiToken":
        return issue_token(user=UserFactory(), otp_verified=False)[0]
    return {"organizations.User": UserFactory, "organizations.Membership": MembershipFactory}[label]()


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "action"), list(AUDITED_ACTIONS), ids=lambda value: value)
def test_each_admin_action_writes_its_audit_entry(admin_client, label, action):
    row = admin_row(label)
    model = apps.get_model(label)
    response = admin_client.post(
        admin_url(model, "changelist"), {"action": action, "_selected_action": [row.pk]}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AUDITED_ACTIONS[(label, action)])
    assert (entry.actor, entry.path) == (admin_client.superuser, admin_url(model, "changelist"))


@pytest.mark.django_db
def test_the_admin_shows_no_second_factor_secret(admin_client):
    device = TOTPDevice.objects.create(user=admin_client.superuser, name="Téléphone", confirmed=True)
    listing = admin_client.get(admin_url(TOTPDevice, "changelist"))
    page = admin_client.get(admin_url(TOTPDevice, "change", device.pk))
    assert (listing.status_code, page.status_code) == (200, 200)
    for response in (listing, page):
        assert device.key not in response.content.decode()
        assert b"qrcode" not in response.content.lower()
    config = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True)
    assert device.key not in config.content.decode()
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})


@pytest.mark.django_db
def test_the_audit_admin_shows_the_action_label_and_resolves_the_person(admin_client):
    person = PersonFactory(last_name="Rivière")
    log(actor=admin_client.superuser, action="person.read", obj=person)
    page = admin_client.get(admin_url(AuditEntry, "changelist")).content.decode()
    assert "Consultation d&#x27;une fiche" in page
    assert "Rivière" in page
    assert AuditEntry.objects.get(action="person.read").object_label == ""


@pytest.mark.django_db
def test_the_audit_admin_filters_by_action_label(admin_client):
    log(actor=None, action="privacy.anonymise")
    log(actor=None, action="user.deactivate")
    response = admin_client.get(admin_url(AuditEntry, "changelist"), {"action": "privacy.anonymise"})
    page = response.content.decode()
    assert "Anonymisation à la fin de la durée de conservation" in page
    assert [entry.action for entry in response.context["cl"].result_list] == ["privacy.anonymise"]


@pytest.mark.django_db
def test_the_admin_cannot_deactivate_ones_own_account(admin_client):
    response = admin_client.post(
        admin_url(User, "changelist"),
        {"action": "deactivate", "_selected_action": [admin_client.superuser.pk]},
        follow=True,
    )
    assert "propre compte" in response.content.decode()
    admin_client.superuser.refresh_from_db()
    assert admin_client.superuser.is_active
