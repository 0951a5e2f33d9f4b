"""Writes of the beneficiaries app: the CAF import that the web, the CLI and the tests share."""

import dataclasses
from pathlib import Path

from django.db import transaction

from pacte.audit.services import log
from pacte.beneficiaries.caf_import import CafFileError, ImportReport, file_sha256, import_caf_file
from pacte.beneficiaries.models import CafImport, ImportStatus
from pacte.core.files import os_error_reason


@dataclasses.dataclass
class CafImportResult:
    """What `import_caf` did: `entry` is the journal row (the earlier one when the file was already
    imported; an unsaved row for a dry run); `report` the counts (None when rejected)."""

    entry: CafImport
    report: ImportReport | None = None
    already_imported: bool = False

    @property
    def rejected(self):
        return self.entry.status == ImportStatus.REJECTED

    @property
    def reason(self):
        return self.entry.rejected_reason


def import_caf(*, path, actor=None, departement_code=None, dry_run=False, progress=None, file_name=None):
    """Import one CAF file whole, or journal why not.

    `departement_code`: the département the file is sent for (None: any, as from the CLI). A
    file whose SHA-256 is in the journal as imported is not read again (`already_imported`).
    A rejected file writes nothing but its journal row (none for a dry run).
    """
    path = Path(path)
    file_name = file_name or path.name
    try:
        sha256 = file_sha256(path)
    except OSError as error:
        return _rejected(
            path, f"Lecture du fichier impossible : {os_error_reason(error)}.", actor=actor,
            departement_code=departement_code, file_name=file_name, sha256="", dry_run=dry_run,
        )  # fmt: skip
    earlier = _imported(sha256, departement_code)
    if earlier is not None:
        return CafImportResult(entry=earlier, report=_unchanged_report(earlier, path), already_imported=True)
    try:
        report = import_caf_file(
            path, dry_run=dry_run, progress=progress, actor=actor, departement_code=departement_code,
            file_name=file_name, sha256=sha256,
        )  # fmt: skip
    except CafFileError as error:
        return _rejected(
            path, str(error), actor=actor, departement_code=departement_code, file_name=file_name,
            sha256=sha256, dry_run=dry_run,
        )  # fmt: skip
    entry = report.entry or _unsaved_entry(report, file_name, sha256)
    return CafImportResult(entry=entry, report=report)


def _imported(sha256, departement_code):
    entries = CafImport.objects.filter(file_sha256=sha256, status=ImportStatus.SUCCEEDED)
    if departement_code is not None:
        entries = entries.filter(departement_code__in=[departement_code, ""])
    return entries.order_by("started_at", "id").first()


def _unchanged_report(entry, path):
    """The counts of importing the file again: every dossier unchanged (DESIGN.md)."""
    return ImportReport(
        file=str(path), dtref=entry.dtref.isoformat() if entry.dtref else "",
        departement=entry.departement_code, flux=entry.flux, flux_type=entry.flux_type,
        households=entry.households, persons=entry.persons, unchanged=entry.households,
        unknown_codes=entry.unknown_codes, entry=entry,
    )  # fmt: skip


def _unsaved_entry(report, file_name, sha256):
    return CafImport(
        departement_code=report.departement, file_name=file_name, file_sha256=sha256, flux=report.flux,
        flux_type=report.flux_type, dtref=report.dtref or None, status=ImportStatus.SUCCEEDED,
        households=report.households, persons=report.persons, created=report.created,
        updated=report.updated, unchanged=report.unchanged, history_rows=report.history_rows,
        unknown_codes=report.unknown_codes, unknown_elements=sum(report.unknown_elements.values()),
    )  # fmt: skip


def _rejected(path, reason, *, actor, departement_code, file_name, sha256, dry_run):
    entry = CafImport(
        departement_code=departement_code or "",
        file_name=file_name,
        file_sha256=sha256,
        status=ImportStatus.REJECTED,
        rejected_reason=reason,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if not dry_run:
        with transaction.atomic():
            entry.save()
            log(
                actor=actor,
                action="caf_import.reject",
                obj=entry,
                data={"reason": reason},
                departement_code=entry.departement_code,
            )
    return CafImportResult(entry=entry)
