"""Writing to the audit log: services call `log()` for every write, views call `log_read()`."""

from pacte.audit.models import AuditEntry


def client_ip(request):
    # Behind the reverse proxy, the first address of X-Forwarded-For is the client's.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def log(*, actor, action, obj=None, request=None, data=None, departement_code=""):
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
        entry.object_label = str(obj)[:200]
    if request is not None:
        entry.ip = client_ip(request)
        entry.path = request.get_full_path()[:300]
    entry.save()
    return entry


def log_read(request, obj, *, action=None):
    """A read of a personal record: who looked at whom."""
    return log(actor=request.user, action=action or f"{obj._meta.model_name}.read", obj=obj, request=request)
