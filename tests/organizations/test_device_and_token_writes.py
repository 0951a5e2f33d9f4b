"""Second-factor devices and API tokens are written by the organisations' services only, each
write logged."""

import ast
import pathlib

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

import pacte
from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.services import (
    confirm_device,
    install_totp_device,
    issue_token,
    pending_device,
    revoke_token,
)
from tests.factories import user_with_role

SOURCES = pathlib.Path(pacte.__file__).parent
MODELS = {"TOTPDevice", "ProConnectDevice", "ApiToken"}
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete"}
SERVICES = SOURCES / "organizations" / "services.py"


def _root_name(node):
    """The name a chain such as `TOTPDevice.objects.filter(...).delete` starts from."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return getattr(node, "id", None)


def writes_in(source):
    """The writes of `source` on the two models, named from their class: `Model(...)` and the
    queryset calls that create, change or delete rows (a write through an instance escapes it)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in MODELS:
            found.append(f"{node.func.id}(…)")
        elif isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            root = _root_name(node.func.value)
            if root in MODELS:
                found.append(f"{root}….{node.func.attr}()")
    return found


def test_the_scan_finds_the_writes():
    source = """
TOTPDevice.objects.filter(user=u, confirmed=False).delete()
ApiToken.objects.create(user=u)
ApiToken(user=u).save()
TOTPDevice.objects.update_or_create(user=u, name=n)
ApiToken.objects.active().filter(user=u).update(revoked_at=now)
TOTPDevice.objects.devices_for_user(u, confirmed=True).first()
Other.objects.create()
"""
    assert sorted(writes_in(source)) == [
        "ApiToken(…)",
        "ApiToken….create()",
        "ApiToken….update()",
        "TOTPDevice….delete()",
        "TOTPDevice….update_or_create()",
    ]


def test_no_code_but_the_services_writes_devices_or_tokens():
    outside = {
        str(path.relative_to(SOURCES)): writes
        for path in sorted(SOURCES.rglob("*.py"))
        if "migrations" not in path.parts and path != SERVICES
        for writes in [writes_in(path.read_text(encoding="utf-8"))]
        if writes
    }
    assert outside == {}


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.mark.django_db
def test_a_pending_device_is_logged_when_created_not_when_shown_again():
    user = user_with_role(Role.REFERENT)
    first = pending_device(user=user)
    assert pending_device(user=user, device_id=first.pk) == first
    assert [entry.data for entry in _entries("user.otp_pending")] == [{"discarded": 0}]
    # Without the page's device (another browser), the one shown elsewhere goes.
    second = pending_device(user=user)
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert [entry.data for entry in _entries("user.otp_pending")][-1] == {"discarded": 1}
    assert _entries("user.otp_pending")[-1].actor == user
    assert TOTPDevice.objects.get(user=user, confirmed=False) == second


@pytest.mark.django_db
def test_a_confirmed_device_logs_the_devices_it_replaces():
    user = user_with_role(Role.REFERENT)
    install_totp_device(user=user, key="3132333435363738393031323334353637383930", name="Ancien")
    device = pending_device(user=user)
    assert confirm_device(user=user, device=device, token=_code(device))
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert _entries("user.otp_enrolled")[-1].data == {"reenrolment": True, "replaced": 1}


@pytest.mark.django_db
def test_issuing_and_revoking_a_token_are_logged():
    user = user_with_role(Role.PARTNER)
    token, _ = issue_token(user=user, otp_verified=False, label="Script")
    revoke_token(token=token, actor=user)
    assert [entry.data["token"] for entry in _entries("api_token.issue") + _entries("api_token.revoke")] == [
        str(token.uuid)
    ] * 2
