"""The retention purge: anonymise the rows whose retention period is over.

Each model that declares `PRIVACY` names a queryset method (`retention_expired(cutoff)` by default)
returning its expired rows; the purge applies `anonymised_values()` to them in batches, each batch in
its own transaction with its audit entry, and sets the model's `anonymised_at` flag when it has one.
The audit entries about those rows are kept; their display labels (older entries named the person)
are blanked, which leaves the hash chain intact. Models without the method are reported, never
guessed at.

Files holding personal data that are kept only for a while (the PDFs of letters printed in batch)
are removed by the cleanups the apps register with `register_files()`, on the same run.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.audit.services import log
from pacte.core.privacy import anonymised_values, personal_models

BATCH_SIZE = 500


@dataclasses.dataclass
class PurgeReport:
    cutoff: datetime.date
    dry_run: bool
    counts: dict = dataclasses.field(default_factory=dict)
    skipped: list = dataclasses.field(default_factory=list)
    # {label: files removed (or, in a dry run, to remove)}
    files: dict = dataclasses.field(default_factory=dict)

    def as_dict(self):
        return {
            "cutoff": self.cutoff.isoformat(),
            "dry_run": self.dry_run,
            "counts": self.counts,
            "skipped": self.skipped,
            "files": self.files,
        }


_file_cleanups = {}


def register_files(label, cleanup):
    """`cleanup(dry_run=...) -> int`: removes (or counts) the expired files of one kind."""
    _file_cleanups[label] = cleanup


def months_before(day, months):
    """The same day `months` months earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def retention_cutoff(today=None):
    return months_before(today or timezone.localdate(), settings.PACTE_RETENTION_MONTHS)


def expired_rows(model, cutoff):
    """The model's expired rows, or None when the model does not say which they are."""
    method = getattr(model._default_manager.all(), model.PRIVACY.expired_method, None)
    return None if method is None else method(cutoff)


def _anonymise_batch(model, rows, cutoff, now):
    flag = model.PRIVACY.anonymised_flag
    fields = set()
    for row in rows:
        for attname, value in anonymised_values(row).items():
            setattr(row, attname, value)
            fields.add(attname)
        if flag:
            setattr(row, flag, now)
            fields.add(flag)
    with transaction.atomic():
        model._default_manager.bulk_update(rows, sorted(fields))
        blanked = _blank_audit_labels(model, rows)
        log(
            actor=None,
            action="privacy.anonymise",
            data={
                "model": model._meta.label,
                "count": len(rows),
                "cutoff": cutoff.isoformat(),
                "audit_labels_blanked": blanked,
            },
        )


def _blank_audit_labels(model, rows):
    """Blank the labels of the audit entries about these rows; the entries themselves stay."""
    ids = [str(getattr(row, "uuid", None) or row.pk) for row in rows]
    return AuditEntry.objects.filter(object_type=model._meta.label_lower, object_id__in=ids).blank_labels()


def _purge_model(model, expired, cutoff, batch_size):
    now = timezone.now()
    done, last_pk = 0, None
    while True:
        batch = expired.order_by("pk")
        if last_pk is not None:
            batch = batch.filter(pk__gt=last_pk)
        rows = list(batch[:batch_size])
        if not rows:
            return done
        _anonymise_batch(model, rows, cutoff, now)
        done += len(rows)
        last_pk = rows[-1].pk


def purge(*, dry_run, today=None, batch_size=BATCH_SIZE):
    """Anonymise every expired row (or, with `dry_run`, only count them)."""
    report = PurgeReport(cutoff=retention_cutoff(today), dry_run=dry_run)
    for model in sorted(personal_models(), key=lambda m: m._meta.label):
        label = model._meta.label
        expired = expired_rows(model, report.cutoff)
        if expired is None:
            report.skipped.append(label)
        elif dry_run:
            report.counts[label] = expired.count()
        else:
            report.counts[label] = _purge_model(model, expired, report.cutoff, batch_size)
    for label, cleanup in sorted(_file_cleanups.items()):
        report.files[label] = cleanup(dry_run=dry_run)
    return report
