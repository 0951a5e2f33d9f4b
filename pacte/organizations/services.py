"""Writes on organisations, users and memberships, logins, API tokens and second-factor devices."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.organizations import perms, throttle
from pacte.organizations.enums import Role
from pacte.organizations.models import (
    ApiToken,
    LoginAttempt,
    Membership,
    Organization,
    ProConnectDevice,
    TwoFactorInvitation,
    User,
)

LOGIN_INVALID = "Adresse électronique ou mot de passe incorrect."
OTP_MISSING = "Votre rôle impose la double authentification : indiquez le code à 6 chiffres (otp)."
OTP_INVALID = "Ce code de double authentification n'est pas valide."
OTP_NO_DEVICE = (
    "Aucun appareil de double authentification n'est enregistré pour ce compte : demandez une "
    "invitation à votre direction."
)


def login_wait_message(seconds):
    if seconds >= 120:
        delay = f"{seconds // 60 + (1 if seconds % 60 else 0)} minutes"
    else:
        delay = f"{seconds} seconde{'s' if seconds > 1 else ''}"
    return f"Trop de tentatives de connexion. Réessayez dans {delay}."


def login_gate(*, email, ip, channel, trusted=False):
    """Seconds this attempt must still wait (0: go ahead). A browser that already completed a login
    for the account is never held back; a refused attempt is recorded, and does not count."""
    wait = 0 if trusted else throttle.wait_seconds(email=email, ip=ip)
    if wait:
        LoginAttempt.objects.create(email=email.lower()[:254], ip=ip, channel=channel, blocked=True)
    return wait


def record_login_attempt(*, email, ip, succeeded, channel):
    """Keep the attempt for the security review and count it in the throttle."""
    LoginAttempt.objects.create(email=email.lower()[:254], ip=ip, succeeded=succeeded, channel=channel)
    if succeeded:
        throttle.register_success(email=email, ip=ip)
    else:
        throttle.register_failure(email=email, ip=ip)


def second_factor_error(*, user, otp):
    """None when `otp` is a valid current code of the user's device, else the French reason."""
    if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return OTP_NO_DEVICE
    if not otp:
        return OTP_MISSING
    if match_token(user, otp) is None:
        return OTP_INVALID
    return None


@transaction.atomic
def create_organization(*, actor, name, kind, departement, **fields):
    organization = Organization(name=name, kind=kind, departement=departement, **fields)
    organization.full_clean()
    organization.save()
    log(actor=actor, action="organization.create", obj=organization, departement_code=departement.code)
    return organization


def _membership_ref(organization, role):
    return {"organization": str(organization.uuid), "role": role}


def _check_grant(actor, organization, role):
    """`actor` None is the command line and the demo (the platform's operator)."""
    if actor is None:
        return
    if not perms.reaches(actor, organization.departement_id, Role.DIRECTION):
        raise DomainError("Cette structure n'est pas de votre département.", code="organization")
    if not perms.can_grant(actor, organization, role):
        raise DomainError("Vous ne pouvez pas attribuer ce rôle.", code="role")


@transaction.atomic
def add_membership(*, actor, user, organization, role):
    """Give `user` the `role` in `organization` (an earlier withdrawn one comes back); a membership
    already active is left as it is, unlogged. A deactivated account gets none."""
    if not user.is_active:
        raise DomainError("Ce compte est désactivé.", code="inactive")
    _check_grant(actor, organization, role)
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not created and membership.is_active:
        return membership
    if not created:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    log(
        actor=actor,
        action="membership.grant",
        obj=user,
        data=_membership_ref(organization, role),
        departement_code=organization.departement_id,
    )
    return membership


@transaction.atomic
def change_membership(*, actor, membership, organization, role):
    """Move a membership to another role or organisation: the former row is withdrawn (kept, for
    the history), the new one granted; returns the new one."""
    if actor is not None and not perms.reaches(actor, membership.organization.departement_id, Role.DIRECTION):
        raise DomainError("Cette habilitation n'est pas de votre département.", code="forbidden")
    _check_grant(actor, organization, role)
    if (membership.organization_id, membership.role) == (organization.pk, role):
        return membership
    new, created = Membership.objects.get_or_create(
        user=membership.user, organization=organization, role=role
    )
    if not created and not new.is_active:
        new.is_active = True
        new.save(update_fields=["is_active"])
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    log(
        actor=actor,
        action="membership.change",
        obj=membership.user,
        data={
            "from": _membership_ref(membership.organization, membership.role),
            "to": _membership_ref(organization, role),
        },
        departement_code=organization.departement_id,
    )
    return new


@transaction.atomic
def revoke_membership(*, actor, membership):
    """Withdraw a membership (kept, inactive: the audit log and the history refer to it)."""
    if actor is not None and not perms.reaches(actor, membership.organization.departement_id, Role.DIRECTION):
        raise DomainError("Cette habilitation n'est pas de votre département.", code="forbidden")
    if not membership.is_active:
        raise DomainError("Cette habilitation est déjà retirée.", code="inactive")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    log(
        actor=actor,
        action="membership.revoke",
        obj=membership.user,
        data=_membership_ref(membership.organization, membership.role),
        departement_code=membership.organization.departement_id,
    )
    return membership


def _end_sessions(user):
    """Delete the user's open sessions; returns how many. Sessions are not indexed by user, but
    they last two idle hours at most, so the live ones are few."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_user(*, actor, user):
    """End an account's access for good: it cannot log in, its memberships are withdrawn (rows
    kept), its API tokens revoked, its sessions and pending invitations ended. Never deleted: the
    audit log points to it. `actor` None is the command line."""
    if not user.is_active:
        raise DomainError("Ce compte est déjà désactivé.", code="inactive")
    if actor is not None and actor.pk == user.pk:
        raise DomainError("Vous ne pouvez pas désactiver votre propre compte.", code="forbidden")
    if actor is not None and not perms.can_deactivate(actor, user):
        raise DomainError(
            "Ce compte travaille aussi dans un autre département : retirez plutôt ses habilitations "
            "dans le vôtre.",
            code="forbidden",
        )
    now = timezone.now()
    codes = sorted(
        set(user.memberships.filter(is_active=True).values_list("organization__departement_id", flat=True))
    )
    user.is_active = False
    user.deactivated_at = now
    user.save(update_fields=["is_active", "deactivated_at"])
    memberships = user.memberships.filter(is_active=True).update(is_active=False)
    revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    tokens = ApiToken.objects.active().filter(user=user).update(revoked_at=now, revoked_by=revoked_by)
    TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    sessions = _end_sessions(user)
    log(
        actor=actor,
        action="user.deactivate",
        obj=user,
        data={"memberships": memberships, "api_tokens": tokens, "sessions": sessions},
        departement_code=codes[0] if len(codes) == 1 else "",
    )
    return user


@transaction.atomic
def invite_staff(*, actor, email, first_name, last_name, organization, role):
    """A new staff account without a password, with its membership: the person chooses the
    password from the link the web layer e-mails (the second factor follows, for the roles that
    use it). An address already known is refused."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("Un compte existe déjà pour cette adresse.", code="exists")
    _check_grant(actor, organization, role)
    user = User.objects.create_user(email=email, password=None, first_name=first_name, last_name=last_name)
    log(
        actor=actor,
        action="user.invite",
        obj=user,
        data=_membership_ref(organization, role),
        departement_code=organization.departement_id,
    )
    add_membership(actor=actor, user=user, organization=organization, role=role)
    return user


@transaction.atomic
def resend_invitation(*, actor, user):
    """Log a new invitation of an account whose password was never chosen (the web layer e-mails
    it); earlier links still work until they expire."""
    if actor is not None and not User.objects.visible_to(actor).filter(pk=user.pk).exists():
        raise DomainError("Ce compte n'est pas de votre département.", code="forbidden")
    if not user.is_active:
        raise DomainError("Ce compte est désactivé.", code="inactive")
    if user.has_usable_password():
        raise DomainError("Cette personne a déjà choisi son mot de passe.", code="active")
    log(actor=actor, action="user.invite", obj=user, data={"resent": True})


@transaction.atomic
def record_password_set(*, user, invitation, request=None):
    """Log that `user` chose a password from an invitation or a reset link."""
    log(
        actor=user,
        action="user.password_set" if invitation else "user.password_reset",
        obj=user,
        request=request,
    )


def ensure_user(*, email, password, first_name="", last_name=""):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
    return user


def _secret_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user, otp_verified, label="", request=None):
    """A new API token for `user`; returns (token, secret): the secret is never stored nor shown again."""
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_secret_digest(secret),
        prefix=secret[:8],
        label=label[:100],
        otp_verified=otp_verified,
        expires_at=timezone.now() + timedelta(hours=settings.PACTE_API_TOKEN_HOURS),
    )
    log(
        actor=user,
        action="api_token.issue",
        obj=user,
        request=request,
        data={"token": str(token.uuid), "prefix": token.prefix, "otp_verified": otp_verified},
    )
    return token, secret


def token_for_secret(secret):
    """The active token of this secret (its user loaded), or None. Its use is noted once a minute
    at most, by one conditional update, so that every request costs the same queries."""
    token = ApiToken.objects.active().select_related("user").filter(key_hash=_secret_digest(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
    if ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
        token.last_used_at = now
    return token


@transaction.atomic
def revoke_token(*, token, actor, request=None):
    if token.revoked_at is not None:
        raise DomainError("Ce jeton est déjà révoqué.", code="revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    log(
        actor=actor,
        action="api_token.revoke",
        obj=token.user,
        request=request,
        data={"token": str(token.uuid), "prefix": token.prefix},
    )
    return token


@transaction.atomic
def invite_to_two_factor(*, actor, user, hours=72, request=None):
    """A single-use link with which `user` enrols a second-factor device; returns (invitation, secret).

    `actor` None is the command line (the platform's operator). Earlier unused invitations lapse."""
    if actor is not None and not perms.can_invite_to_two_factor(actor, user):
        raise DomainError("Vous ne pouvez pas inviter ce compte.", code="forbidden")
    if not user.is_active:
        raise DomainError("Ce compte est désactivé.", code="inactive")
    now = timezone.now()
    TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    secret = secrets.token_urlsafe(32)
    invitation = TwoFactorInvitation.objects.create(
        user=user, key_hash=_secret_digest(secret), created_by=actor, expires_at=now + timedelta(hours=hours)
    )
    log(actor=actor, action="user.otp_invite", obj=user, request=request, data={"hours": hours})
    return invitation, secret


def usable_invitation(*, user, secret):
    """The user's invitation of this secret if it can still be used, else None."""
    invitation = TwoFactorInvitation.objects.filter(user=user, key_hash=_secret_digest(secret)).first()
    return invitation if invitation is not None and invitation.is_usable else None


@transaction.atomic
def pending_device(*, user, device_id=None, request=None):
    """The unconfirmed device an enrolment page shows: the one this page created (`device_id`, kept
    in the session so that a reload shows the same QR code), else a fresh one, logged (its secret
    is about to be shown). Any other unconfirmed device goes: its secret may have been shown
    elsewhere."""
    unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False)
    device = unconfirmed.filter(pk=device_id).first() if device_id else None
    if device is None:
        discarded, _ = unconfirmed.delete()
        device = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)
        log(actor=user, action="user.otp_pending", obj=user, request=request, data={"discarded": discarded})
    return device


@transaction.atomic
def confirm_device(*, user, device, token, invitation=None, request=None):
    """Confirm the pending device with a current code; it replaces the user's other devices.

    Reached only from a usable invitation or by a user already verified (see the web views)."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError("Cet appareil n'est pas en cours d'enregistrement.", code="device")
    if invitation is not None and (invitation.user_id != user.pk or not invitation.is_usable):
        raise DomainError("Cette invitation n'est plus valable.", code="invitation")
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    replaced, _ = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    data = {"invitation": str(invitation.uuid)} if invitation is not None else {"reenrolment": True}
    data["replaced"] = replaced
    log(actor=user, action="user.otp_enrolled", obj=user, request=request, data=data)
    return True


@transaction.atomic
def proconnect_second_factor(*, user, claims, request=None):
    """The device by which ProConnect vouched for `user`'s second factor (created at their first
    such login), logged as a verified second factor with the provider's `acr`."""
    device, created = ProConnectDevice.objects.get_or_create(
        user=user, defaults={"name": "ProConnect", "confirmed": True}
    )
    data = {"channel": "proconnect", "acr": str(claims.get("acr", ""))[:100], "device_created": created}
    log(actor=user, action="user.otp_verified", obj=user, request=request, data=data)
    return device


@transaction.atomic
def install_totp_device(*, user, key, name, actor=None):
    """A confirmed device with a known key: for the demo accounts, whose keys are published."""
    device = TOTPDevice.objects.filter(user=user, name=name).first()
    if device is not None and device.key == key and device.confirmed:
        return device
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=name, defaults={"key": key, "confirmed": True}
    )
    log(actor=actor, action="user.otp_installed", obj=user, data={"device": name})
    return device
