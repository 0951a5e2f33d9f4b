"""Sign-in without a password: a six-digit code (and a link carrying the same right) sent to the
address the beneficiary gave, valid 15 minutes, once.

- Asking never tells whether an address has a space: the answer is the same either way.
- At most `MAX_CODES_PER_WINDOW` codes per account in `WINDOW` (the next ones are not sent), and the
  login throttle of the site (pacte/organizations/throttle.py) on the wrong codes, per account and
  address; a code is burnt after `MAX_ATTEMPTS` wrong tries.
- A new code replaces the previous one; codes are kept as HMAC digests only.
"""

import dataclasses
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.invitations.senders import SendError, international, is_mobile
from pacte.organizations import throttle
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership
from pacte.portal.models import SignInChannel, SignInCode
from pacte.portal.senders import sender

VALIDITY = timedelta(minutes=15)
WINDOW = timedelta(minutes=15)
MAX_CODES_PER_WINDOW = 3
MAX_ATTEMPTS = 5
KEEP_USED = timedelta(days=1)
CODE_DIGITS = 6


WRONG = "Ce code ne marche pas. Vérifiez-le, ou demandez un nouveau code."


class SignInError(DomainError):
    """A code that does not open the space (wrong, expired, used, or too many tries)."""


@dataclasses.dataclass(frozen=True)
class Destination:
    user: object
    channel: str
    address: str


def _digest(kind, value):
    key = f"pacte.portal.{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def normalise(identifier):
    """An e-mail address in lower case, or a phone number in international form."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return SignInChannel.EMAIL, identifier.lower()
    return SignInChannel.SMS, international(identifier)


def _beneficiaries():
    members = Membership.objects.active().filter(role=Role.BENEFICIARY).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=members)


def find_destination(identifier):
    """The beneficiary's account the identifier names, and where to send the code; None if none."""
    channel, address = normalise(identifier)
    users = _beneficiaries().select_related("person")
    if channel == SignInChannel.EMAIL:
        user = users.filter(email__iexact=address).first()
        if user is None:
            user = users.filter(person__email__iexact=address).first()
        return Destination(user, channel, address) if user else None
    if not is_mobile(address) or not sender().sms_enabled():
        return None
    for user in users.exclude(person__phone="").filter(person__isnull=False):
        if international(user.person.phone) == address:
            return Destination(user, channel, address)
    return None


def message(code, link):
    return (
        f"Votre code pour entrer dans votre espace : {code}\n"
        f"Il marche une seule fois, pendant 15 minutes.\n"
        f"Vous pouvez aussi ouvrir ce lien : {link}\n"
        "Si vous n'avez rien demandé, ne faites rien."
    )


@transaction.atomic
def issue(identifier, *, link_for, request=None, now=None):
    """Send a code to the space the identifier names, if any and if not throttled. Returns nothing
    that tells whether it was sent."""
    now = now or timezone.now()
    destination = find_destination(identifier)
    if destination is None:
        return
    user = destination.user
    codes = SignInCode.objects.filter(user=user)
    if codes.filter(created_at__gt=now - WINDOW).count() >= MAX_CODES_PER_WINDOW:
        return
    codes.filter(created_at__lt=now - KEEP_USED).delete()
    codes.usable(now).update(revoked_at=now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    token = secrets.token_urlsafe(32)
    SignInCode.objects.create(
        user=user,
        channel=destination.channel,
        code_digest=_digest("code", f"{user.pk}:{code}"),
        link_digest=_digest("link", token),
        created_at=now,
        expires_at=now + VALIDITY,
    )
    try:
        sender().send(destination.channel, destination.address, message(code, link_for(token)))
    except SendError:
        transaction.set_rollback(True)
        return
    log(
        actor=user,
        action="portal.code_sent",
        obj=user,
        request=request,
        data={"channel": destination.channel},
    )


def redeem_code(identifier, code, *, ip="", request=None, now=None):
    """The account the code opens, or SignInError. The wrong tries count against the account and
    the code, and stay counted: they are written before the refusal is raised."""
    now = now or timezone.now()
    key = f"portal:{normalise(identifier)[1]}"
    wait = throttle.wait_seconds(email=key, ip=ip)
    if wait:
        minutes = max(1, round(wait / 60))
        raise SignInError(f"Trop d'essais. Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.")
    destination = find_destination(identifier)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    with transaction.atomic():
        user = _check_code(destination, code, now)
    if user is None:
        throttle.register_failure(email=key, ip=ip)
        if destination is not None:
            log(actor=destination.user, action="portal.code_refused", obj=destination.user, request=request)
        raise SignInError(WRONG)
    throttle.register_success(email=key, ip=ip)
    return user


def _check_code(destination, code, now):
    """Uses the pending code if it is this one; else counts the wrong try. The account, or None."""
    if destination is None:
        return None
    pending = SignInCode.objects.select_for_update().filter(user=destination.user).usable(now).first()
    if pending is None:
        return None
    if hmac.compare_digest(pending.code_digest, _digest("code", f"{destination.user.pk}:{code}")):
        return _use(pending, now)
    pending.failed_attempts += 1
    if pending.failed_attempts >= MAX_ATTEMPTS:
        pending.revoked_at = now
    pending.save(update_fields=["failed_attempts", "revoked_at"])
    return None


@transaction.atomic
def redeem_link(token, *, request=None, now=None):
    now = now or timezone.now()
    pending = (
        SignInCode.objects.select_for_update()
        .select_related("user")
        .filter(link_digest=_digest("link", token or ""))
        .first()
    )
    if pending is None or pending.used_at or pending.revoked_at or pending.expires_at <= now:
        raise SignInError("Ce lien ne marche plus : il a déjà servi ou il date de plus de 15 minutes.")
    return _use(pending, now)


def _use(pending, now):
    pending.used_at = now
    pending.save(update_fields=["used_at"])
    return pending.user
