"""The hash chain of the audit log: each entry holds the SHA-256 of its own fields and of the
previous entry's hash, so a row changed, removed or inserted behind the application's back breaks
the chain at that row (`pacte audit verify`). See docs/decisions/005-audit-chain.md.
"""

import dataclasses
import datetime
import hashlib
import json

from django.db import transaction

from pacte.audit.models import AuditChainHead, AuditEntry

HEAD_PK = 1
# What an entry's hash covers. The display label is left out: the purge may blank it.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "departement_code",
    "ip",
    "path",
    "data",
    "prev_hash",
)


def canonical(entry):
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.astimezone(datetime.UTC).isoformat()
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(entry):
    return hashlib.sha256(canonical(entry).encode()).hexdigest()


def _locked_head():
    # The row lock serialises appends on PostgreSQL; SQLite's IMMEDIATE transactions already do.
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    return head or AuditChainHead.objects.create(pk=HEAD_PK)


def append(entry):
    """Insert `entry` at the end of the chain (three queries: lock the head, insert, move the head)."""
    # What the database gives back must hash the same: tuples become lists, keys are strings.
    entry.data = json.loads(json.dumps(entry.data))
    with transaction.atomic():
        head = _locked_head()
        entry.prev_hash = head.last_hash
        entry.hash = digest(entry)
        entry.save()
        AuditChainHead.objects.filter(pk=HEAD_PK).update(last_id=entry.pk, last_hash=entry.hash)
    return entry


def append_many(entries):
    """Insert `entries` at the end of the chain, in their order, in three queries whatever their number."""
    if not entries:
        return []
    with transaction.atomic():
        head = _locked_head()
        previous = head.last_hash
        for entry in entries:
            entry.data = json.loads(json.dumps(entry.data))
            entry.prev_hash = previous
            entry.hash = previous = digest(entry)
        created = AuditEntry.objects.bulk_create(entries)
        AuditChainHead.objects.filter(pk=HEAD_PK).update(last_id=created[-1].pk, last_hash=previous)
    return created


@dataclasses.dataclass
class Verification:
    count: int = 0
    broken_id: int | None = None
    broken_at: datetime.datetime | None = None
    reason: str = ""

    @property
    def intact(self):
        return not self.reason

    def as_dict(self):
        return {
            "intact": self.intact,
            "entries": self.count,
            "broken_id": self.broken_id,
            "broken_at": self.broken_at.isoformat() if self.broken_at else None,
            "reason": self.reason,
        }


def verify(chunk_size=2000):
    """Walk the chain in id order (streaming) and stop at the first broken link."""
    result, previous, last_id = Verification(), "", 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != previous:
            reason = "l'entrée précédente a été supprimée, modifiée ou insérée"
        elif digest(entry) != entry.hash:
            reason = "le contenu de l'entrée a été modifié"
        else:
            result.count += 1
            previous, last_id = entry.hash, entry.id
            continue
        result.broken_id, result.broken_at, result.reason = entry.id, entry.at, reason
        return result
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    if head is not None and (head.last_hash, head.last_id) != (previous, last_id):
        result.reason = "des entrées ont été supprimées après la dernière entrée lue"
        result.broken_id = head.last_id
    return result
