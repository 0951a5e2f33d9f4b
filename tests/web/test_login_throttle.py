"""The login throttle: per (account, address), growing delays, the owner's browser never refused,
the admin's login under the same rule, and counters shared between workers."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test import Client
from django.urls import reverse

from pacte.organizations import throttle
from pacte.organizations.enums import Role
from pacte.organizations.models import LoginAttempt
from tests.factories import UserFactory, user_with_role
from tests.web.test_two_factor import current_code, device_for

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"
OFFICE, ATTACKER = "192.0.2.10", "203.0.113.66"


def post_login(client, email, password, ip=OFFICE):
    return client.post(reverse("web:login"), {"email": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("web:home")


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        now = 1_000_000.0

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(throttle.time, "time", lambda: clock.now)
    return clock


def test_an_attacker_elsewhere_never_locks_the_owner_out():
    owner = user_with_role(Role.PARTNER)
    attacker = Client()
    for _ in range(12):
        post_login(attacker, owner.email, "devine", ip=ATTACKER)
    assert "Trop de tentatives" in post_login(attacker, owner.email, PASSWORD, ip=ATTACKER).content.decode()
    assert logged_in(post_login(Client(), owner.email, PASSWORD, ip=OFFICE))


def test_twenty_typos_spread_over_an_office_lock_nobody():
    staff = [user_with_role(Role.PARTNER) for _ in range(10)]
    for user in staff:
        for _ in range(2):
            post_login(Client(), user.email, "faute-de-frappe")
    for user in [*staff, user_with_role(Role.ANALYST)]:
        assert logged_in(post_login(Client(), user.email, PASSWORD))


def test_one_address_alone_has_a_much_higher_bound(settings):
    settings.PACTE_LOGIN_IP_MAX_FAILURES = 6
    for _ in range(6):
        post_login(Client(), UserFactory().email, "devine", ip=ATTACKER)
    newcomer = user_with_role(Role.PARTNER)
    assert (
        "Trop de tentatives" in post_login(Client(), newcomer.email, PASSWORD, ip=ATTACKER).content.decode()
    )
    assert logged_in(post_login(Client(), newcomer.email, PASSWORD, ip=OFFICE))


def test_the_delay_grows_with_each_failure_up_to_the_lockout(clock):
    assert [throttle.delay_after(n) for n in range(1, 12)] == [0, 0, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    user = user_with_role(Role.PARTNER)
    client = Client()
    for _ in range(3):
        post_login(client, user.email, "pas-le-bon")
    assert "Réessayez dans 8 secondes" in post_login(client, user.email, PASSWORD).content.decode()
    clock.advance(9)
    post_login(client, user.email, "pas-le-bon")
    assert "Réessayez dans 16 secondes" in post_login(client, user.email, PASSWORD).content.decode()
    clock.advance(17)
    assert logged_in(post_login(client, user.email, PASSWORD))


def test_held_back_attempts_do_not_lengthen_the_wait(clock):
    user = user_with_role(Role.PARTNER)
    for _ in range(3):
        post_login(Client(), user.email, "pas-le-bon")
    for _ in range(5):
        post_login(Client(), user.email, "pas-le-bon")
    assert throttle.wait_seconds(email=user.email, ip=OFFICE) == 8
    assert LoginAttempt.objects.filter(email=user.email, blocked=True).count() == 5


def test_a_browser_that_already_succeeded_is_never_refused():
    user = user_with_role(Role.PARTNER)
    own_browser = Client()
    assert logged_in(post_login(own_browser, user.email, PASSWORD))
    own_browser.post(reverse("web:logout"))
    # Someone behind the same office address hammers the account.
    for _ in range(10):
        post_login(Client(), user.email, "devine")
    assert "Trop de tentatives" in post_login(Client(), user.email, PASSWORD).content.decode()
    assert logged_in(post_login(own_browser, user.email, PASSWORD))


def test_a_forged_device_cookie_is_ignored():
    user = user_with_role(Role.PARTNER)
    for _ in range(3):
        post_login(Client(), user.email, "devine")
    forger = Client()
    forger.cookies[throttle.DEVICE_COOKIE] = "faux"
    assert "Trop de tentatives" in post_login(forger, user.email, PASSWORD).content.decode()


def test_a_sensitive_role_is_remembered_only_after_its_second_factor(client):
    user = user_with_role(Role.REFERENT)
    device = device_for(user)
    response = post_login(client, user.email, PASSWORD)
    assert throttle.DEVICE_COOKIE not in response.cookies
    verified = client.post(reverse("web:otp_verify"), {"token": current_code(device)}, REMOTE_ADDR=OFFICE)
    assert throttle.DEVICE_COOKIE in verified.cookies
    client.post(reverse("web:logout"))
    for _ in range(10):
        post_login(Client(), user.email, "devine")
    assert post_login(client, user.email, PASSWORD).status_code == 302


def post_admin_login(client, email, password, ip=OFFICE):
    return client.post(
        reverse("admin:login"), {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def test_the_admin_login_is_throttled_and_recorded():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for _ in range(3):
        assert post_admin_login(Client(), superuser.email, "devine").status_code == 200
    held = post_admin_login(Client(), superuser.email, PASSWORD)
    assert held.status_code == 429
    assert "Trop de tentatives de connexion" in held.content.decode()
    attempts = LoginAttempt.objects.filter(email=superuser.email, channel="admin")
    assert attempts.filter(succeeded=False, blocked=False).count() == 3
    assert attempts.filter(blocked=True).count() == 1

    elsewhere = post_admin_login(Client(), superuser.email, PASSWORD, ip=ATTACKER)
    assert elsewhere.status_code == 302
    assert attempts.filter(succeeded=True).count() == 1


@pytest.fixture
def database_cache(settings):
    """Django's database cache, as in production, its table created (and dropped afterwards) in
    whichever database the routers give it."""
    original = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "pacte_test_cache"}
    }
    model = caches["default"].cache_model_class
    # The table lives where the routers migrate the cache (on PostgreSQL the volatile alias is the
    # same database as the main one); the cache reads it where they route it.
    (owner,) = [alias for alias in connections if router.allow_migrate_model(alias, model)]
    call_command("createcachetable", database=owner, verbosity=0)
    yield connections[router.db_for_read(model) or DEFAULT_DB_ALIAS]
    settings.CACHES = original
    with connections[owner].cursor() as cursor:
        cursor.execute("DROP TABLE pacte_test_cache")


# Committed for real, so that the cache's own connection (a second one on PostgreSQL) sees it.
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_counters_are_shared_between_workers(database_cache):
    user = user_with_role(Role.PARTNER)
    for _ in range(3):
        post_login(Client(), user.email, "pas-le-bon")
    # Another worker: its own cache object, built from the same settings, sees the same counters.
    other_worker = caches.create_connection("default")
    assert other_worker is not caches["default"]
    assert other_worker.get(throttle._pair_key(user.email, OFFICE))["failures"] == 3
    with database_cache.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pacte_test_cache")
        assert cursor.fetchone()[0] >= 2
    assert "Trop de tentatives" in post_login(Client(), user.email, PASSWORD).content.decode()
