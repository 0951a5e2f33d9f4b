"""The login throttle: failures counted in the shared cache, per (account, IP), with growing delays.

- One account from one address: the first `PACTE_LOGIN_MAX_FAILURES - 1` failures cost nothing;
  from the `PACTE_LOGIN_MAX_FAILURES`-th on, the pair waits 2^n seconds after its n-th failure, up
  to `PACTE_LOGIN_LOCKOUT_MINUTES`. An attacker elsewhere never locks the owner out, and the delay
  grows instead of lifting every 15 minutes.
- One address alone: `PACTE_LOGIN_IP_MAX_FAILURES` failures within an hour, over every account,
  close it until the hour is over. The bound is high so that an office behind one address is not
  locked by its staff's typos.
- A browser that already completed a login for the account (a signed cookie) is never refused.

The counters live in Django's default cache: in production a database cache, shared by every
worker, so that spreading attempts over workers gains nothing.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

IP_WINDOW_SECONDS = 3600
# A pair's failures are forgotten after a day without any.
PAIR_MEMORY_SECONDS = 24 * 3600
DEVICE_COOKIE = "pacte_appareil"
DEVICE_SALT = "pacte.organizations.trusted-device"
DEVICE_MAX_AGE = 365 * 24 * 3600
DEVICE_MAX_ACCOUNTS = 10


def _digest(*parts):
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _pair_key(email, ip):
    return f"pacte:login:pair:{_digest(email.strip().lower(), ip or '')}"


def _ip_key(ip):
    return f"pacte:login:ip:{_digest(ip)}"


def delay_after(failures):
    """Seconds to wait after the n-th consecutive failure of one account from one address."""
    if failures < settings.PACTE_LOGIN_MAX_FAILURES:
        return 0
    return min(2**failures, settings.PACTE_LOGIN_LOCKOUT_MINUTES * 60)


def wait_seconds(*, email, ip, now=None):
    """Seconds before this account may be tried again from this address (0: now)."""
    now = time.time() if now is None else now
    waits = [0]
    pair = cache.get(_pair_key(email, ip))
    if pair:
        waits.append(pair["until"] - now)
    if ip:
        window = cache.get(_ip_key(ip))
        if window and window["failures"] >= settings.PACTE_LOGIN_IP_MAX_FAILURES:
            waits.append(window["ends"] - now)
    return max(0, math.ceil(max(waits)))


def register_failure(*, email, ip, now=None):
    now = time.time() if now is None else now
    key = _pair_key(email, ip)
    pair = cache.get(key) or {"failures": 0, "until": 0}
    pair["failures"] += 1
    pair["until"] = now + delay_after(pair["failures"])
    cache.set(key, pair, timeout=PAIR_MEMORY_SECONDS + pair["until"] - now)
    if ip:
        key = _ip_key(ip)
        window = cache.get(key)
        if window is None or window["ends"] <= now:
            window = {"failures": 0, "ends": now + IP_WINDOW_SECONDS}
        window["failures"] += 1
        cache.set(key, window, timeout=max(1, math.ceil(window["ends"] - now)))


def register_success(*, email, ip):
    cache.delete(_pair_key(email, ip))


def _account_mark(email):
    return _digest("device", email.strip().lower())[:20]


def is_trusted_device(request, email):
    """The browser completed a login (with its second factor when required) for this account."""
    if not email:
        return False
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return False
    try:
        marks = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(marks, list) and _account_mark(email) in marks


def remember_device(request, response, email):
    marks = []
    value = request.COOKIES.get(DEVICE_COOKIE)
    if value:
        try:
            marks = list(signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE))
        except (signing.BadSignature, TypeError):
            marks = []
    mark = _account_mark(email)
    marks = [mark, *(m for m in marks if m != mark)][:DEVICE_MAX_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(marks, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
