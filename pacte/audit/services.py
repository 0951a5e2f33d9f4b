"""Writing to the audit log: services call `log()` for every write, views call `log_read()` for a
record and `log_list()` for a list, search or export of personal data.

Entries carry ids, never names: an entry names its object by type and id (its UUID when it has one)
and stores no label; the pages resolve it when they show the entry (a label such as a membership's
would name a person). Without `request=`, `log()` takes the
IP and path of the request being served (set by `AuditContextMiddleware`), so a service's writes say
where they came from.
"""

import contextlib
import contextvars
import dataclasses
import ipaddress

from django.conf import settings

from pacte.audit import chain, registry
from pacte.audit.models import AuditEntry


@dataclasses.dataclass(frozen=True)
class Origin:
    ip: str | None
    path: str


_current_origin = contextvars.ContextVar("pacte_audit_origin", default=None)


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address, networks):
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request):
    """The client's address: the peer's, unless the peer is one of `PACTE_TRUSTED_PROXIES`; then the
    nearest address of X-Forwarded-For that is not itself a trusted proxy (what a client writes
    there, in front of the proxies' own additions, is never believed)."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    networks = [ipaddress.ip_network(entry, strict=False) for entry in settings.PACTE_TRUSTED_PROXIES]
    if peer is None or not _trusted(peer, networks):
        return peer
    hops = [_address(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            return peer
        if not _trusted(hop, networks):
            return hop
    return peer


def origin_of(request):
    # The path without its query string: a search's terms stay out of the log.
    return Origin(ip=client_ip(request), path=request.path[:300])


@contextlib.contextmanager
def request_origin(request):
    """Within this block, entries written without `request=` carry this request's IP and path."""
    token = _current_origin.set(origin_of(request))
    try:
        yield
    finally:
        _current_origin.reset(token)


def _entry(*, actor, action, obj=None, request=None, data=None, departement_code=""):
    registry.check(action)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=actor,
        actor_label=getattr(actor, "email", "") or "système",
        action=action,
        data=data or {},
        departement_code=departement_code or getattr(obj, "departement_code", "") or "",
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(getattr(obj, "uuid", None) or obj.pk)
    origin = origin_of(request) if request is not None else _current_origin.get()
    if origin is not None:
        entry.ip, entry.path = origin.ip, origin.path
    return entry


def log(*, actor, action, obj=None, request=None, data=None, departement_code=""):
    return chain.append(
        _entry(
            actor=actor, action=action, obj=obj, request=request, data=data, departement_code=departement_code
        )
    )


def log_many(*, actor, action, items, request=None):
    """One entry per `(obj, data)` of `items`, as `log()` writes them, appended to the chain in a
    fixed number of queries whatever their number (a batch of writes)."""
    entries = [_entry(actor=actor, action=action, obj=obj, request=request, data=data) for obj, data in items]
    return chain.append_many(entries)


def log_read(request, obj, *, action=None):
    """A read of a personal record: who looked at whom."""
    return log(actor=request.user, action=action or f"{obj._meta.model_name}.read", obj=obj, request=request)


def log_list(request, *, action, persons, query=None, departement_code="", data=None):
    """A list, search or export of personal data: who saw which persons (their UUIDs, in the order
    shown). `query` holds the filters, never a NIR nor a searched name."""
    details = {"persons": [str(uuid) for uuid in persons], "query": query or {}, **(data or {})}
    return log(
        actor=request.user, action=action, request=request, data=details, departement_code=departement_code
    )
