"""Accounts are deactivated, never deleted: the audit log keeps pointing to its authors."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership, TwoFactorInvitation, User
from pacte.organizations.services import (
    add_membership,
    change_membership,
    deactivate_user,
    invite_to_two_factor,
    issue_token,
    revoke_membership,
)
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    """A référent of the 87 who has written to the audit log, and the direction of the 87."""
    membership = MembershipFactory(role=Role.REFERENT, organization__departement__code="87")
    direction = MembershipFactory(
        role=Role.DIRECTION, organization=OrganizationFactory(departement=membership.organization.departement)
    ).user
    log(actor=membership.user, action="user.login", obj=membership.user)
    return membership.user, direction


def test_an_account_with_audit_entries_cannot_be_deleted_by_any_orm_path(staff):
    user, _ = staff
    with pytest.raises(DomainError, match="désactivez-le"):
        user.delete()
    with pytest.raises(DomainError, match="désactivez-le"):
        User.objects.filter(pk=user.pk).delete()
    assert User.objects.filter(pk=user.pk).exists()
    entry = AuditEntry.objects.get(action="user.login")
    assert (entry.actor_id, entry.actor_label) == (user.pk, user.email)


def test_deactivation_ends_access_and_keeps_the_rows(staff):
    user, direction = staff
    token, _ = issue_token(user=user, otp_verified=True)
    invite_to_two_factor(actor=direction, user=user)
    browser = Client()
    browser.force_login(user)
    other = Client()
    other.force_login(direction)

    deactivate_user(actor=direction, user=user)

    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at is not None
    assert list(Membership.objects.filter(user=user).values_list("is_active", flat=True)) == [False]
    token.refresh_from_db()
    assert (token.revoked_at is not None, token.revoked_by) == (True, direction)
    assert not TwoFactorInvitation.objects.filter(user=user, expires_at__gt=timezone.now()).exists()
    sessions = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert sessions == [str(direction.pk)]
    assert browser.get(reverse("web:home")).status_code == 302
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert (entry.actor, entry.object_id, entry.departement_code) == (direction, str(user.uuid), "87")
    assert entry.data == {"memberships": 1, "api_tokens": 1, "sessions": 1}
    login_entry = AuditEntry.objects.get(action="user.login")
    assert (login_entry.actor_id, login_entry.actor_label) == (user.pk, user.email)


def test_a_direction_deactivates_only_accounts_wholly_in_its_departements(staff):
    user, direction = staff
    MembershipFactory(user=user, role=Role.REFERENT, organization__departement__code="79")
    with pytest.raises(DomainError, match="autre département"):
        deactivate_user(actor=direction, user=user)
    with pytest.raises(DomainError, match="propre compte"):
        deactivate_user(actor=direction, user=direction)
    user.refresh_from_db()
    assert user.is_active
    deactivate_user(actor=None, user=user)
    with pytest.raises(DomainError, match="déjà désactivé"):
        deactivate_user(actor=None, user=user)
    with pytest.raises(DomainError, match="désactivé"):
        add_membership(
            actor=direction,
            user=user,
            organization=direction.memberships.get().organization,
            role=Role.REFERENT,
        )


def test_memberships_are_written_through_the_services_and_audited(staff):
    user, direction = staff
    organization = OrganizationFactory(departement_id="87")
    membership = add_membership(actor=direction, user=user, organization=organization, role=Role.PARTNER)
    assert (
        add_membership(actor=direction, user=user, organization=organization, role=Role.PARTNER) == membership
    )
    assert AuditEntry.objects.filter(action="membership.grant").count() == 1

    changed = change_membership(
        actor=direction, membership=membership, organization=organization, role=Role.ANALYST
    )
    membership.refresh_from_db()
    assert (changed.role, changed.is_active, membership.is_active) == (Role.ANALYST, True, False)
    entry = AuditEntry.objects.get(action="membership.change")
    assert entry.data == {
        "from": {"organization": str(organization.uuid), "role": "partner"},
        "to": {"organization": str(organization.uuid), "role": "analyst"},
    }
    revoke_membership(actor=direction, membership=changed)
    assert not Membership.objects.filter(user=user, organization=organization, is_active=True).exists()


def test_a_direction_grants_only_staff_roles_in_its_departements(staff):
    user, direction = staff
    elsewhere = OrganizationFactory(departement__code="79")
    with pytest.raises(DomainError, match="département"):
        add_membership(actor=direction, user=user, organization=elsewhere, role=Role.REFERENT)
    mine = OrganizationFactory(departement_id="87")
    with pytest.raises(DomainError, match="rôle"):
        add_membership(actor=direction, user=user, organization=mine, role=Role.BENEFICIARY)
    membership = user.memberships.get()
    with pytest.raises(DomainError, match="département"):
        change_membership(actor=direction, membership=membership, organization=elsewhere, role=Role.REFERENT)
    assert not Membership.objects.filter(organization=elsewhere).exists()
