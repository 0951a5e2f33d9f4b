"""Writes on organisations, users and memberships, and the login throttle."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.organizations.models import LoginAttempt, Membership, Organization, User


def login_blocked(*, email, ip):
    """Too many recent failures for this address or from this IP: refuse before checking."""
    since = timezone.now() - timedelta(minutes=settings.PACTE_LOGIN_LOCKOUT_MINUTES)
    recent = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    limit = settings.PACTE_LOGIN_MAX_FAILURES
    by_email = recent.filter(email=email.lower()).count() >= limit
    by_ip = ip is not None and recent.filter(ip=ip).count() >= limit * 4
    return by_email or by_ip


def record_login_attempt(*, email, ip, succeeded):
    LoginAttempt.objects.create(email=email.lower()[:254], ip=ip, succeeded=succeeded)
    if succeeded:
        # A success clears the slate for this address.
        LoginAttempt.objects.filter(email=email.lower(), succeeded=False).delete()


@transaction.atomic
def create_organization(*, actor, name, kind, departement, **fields):
    organization = Organization(name=name, kind=kind, departement=departement, **fields)
    organization.full_clean()
    organization.save()
    log(actor=actor, action="organization.create", obj=organization, departement_code=departement.code)
    return organization


@transaction.atomic
def grant_membership(*, actor, user, organization, role):
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    log(
        actor=actor,
        action="membership.grant",
        obj=user,
        data={"organization": str(organization.uuid), "role": role},
        departement_code=organization.departement_id,
    )
    return membership


@transaction.atomic
def deactivate_user(*, actor, user):
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    log(actor=actor, action="user.deactivate", obj=user)
    return user


def ensure_user(*, email, password, first_name="", last_name=""):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
    return user


@transaction.atomic
def revoke_membership(*, actor, membership):
    """Withdraw a membership (kept, inactive: the audit log and the history refer to it)."""
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    log(
        actor=actor,
        action="membership.revoke",
        obj=membership.user,
        data={"organization": str(membership.organization.uuid), "role": membership.role},
        departement_code=membership.organization.departement_id,
    )
    return membership
