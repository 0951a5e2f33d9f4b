"""Matrix rows for the imports: CAF upload, tasks and journal, spreadsheets of beneficiaries.

Only the direction (for its own départements) and superusers run imports; every other role gets 403,
and the direction gets 404 for what belongs to another département.
"""

from django.core.files.base import ContentFile

from pacte.beneficiaries.models import CafImport, SpreadsheetImport
from pacte.core.models import BackgroundTask
from tests.permissions.loader import REDIRECT, Case, expect, uuid_of

IMPORTERS = {"direction": 200, "superuser": 200}
OUT_OF_SCOPE = {"direction": 404, "superuser": 200}
HEADERS = ["N° dossier", "Nom", "Prénom", "Né le"]


def _spreadsheet(departement_code):
    entry = SpreadsheetImport(
        departement_code=departement_code,
        file_name=f"liste_{departement_code}.csv",
        status="review",
        report={"headers": HEADERS, "rows": 1, "columns": {}, "review": {"counts": {}, "rows": []}},
    )
    entry.file.save(
        f"{entry.uuid}.csv", ContentFile(";".join(HEADERS).encode() + b"\r\n1;A;B;2000-01-01\r\n"), save=False
    )
    entry.save()
    return entry


def build(world):
    for code in ("87", "79"):
        world.objects[f"caf_task_{code}"] = BackgroundTask.objects.create(
            kind="caf_import", label=f"Import {code}", departement_code=code
        )
        world.objects[f"caf_import_{code}"] = CafImport.objects.create(
            departement_code=code, file_name=f"RSABEM_{code}.xml", file_sha256="0" * 64, status="succeeded"
        )
        world.objects[f"spreadsheet_{code}"] = _spreadsheet(code)
        world.objects[f"spreadsheet_reading_{code}"] = SpreadsheetImport.objects.create(
            departement_code=code,
            file_name=f"lecture_{code}.csv",
            task=BackgroundTask.objects.create(
                kind="spreadsheet_import",
                label=f"Lecture du fichier lecture_{code}.csv",
                departement_code=code,
            ),
        )


def _scoped(key, **extra):
    return [
        Case(expect(403, **IMPORTERS), uuid_of(f"{key}_87"), **extra),
        Case(expect(403, **OUT_OF_SCOPE), uuid_of(f"{key}_79"), note="autre département", **extra),
    ]


def _post_only(key):
    """POST actions: a GET answers 405; a POST out of scope 404, in scope redirects to the review."""
    everyone_else = {"direction": 405, "superuser": 405}
    return [
        Case(expect(405, **everyone_else), uuid_of(f"{key}_87"), note="GET"),
        Case(expect(403, direction=REDIRECT, superuser=REDIRECT), uuid_of(f"{key}_87"), method="post"),
        Case(
            expect(403, direction=404, superuser=REDIRECT),
            uuid_of(f"{key}_79"),
            method="post",
            note="autre département",
        ),
    ]


CASES = {
    "web:caf_upload": Case(expect(403, **IMPORTERS)),
    "web:caf_task": _scoped("caf_task"),
    "web:caf_task_progress": _scoped("caf_task"),
    "web:caf_journal": Case(expect(403, **IMPORTERS)),
    "web:caf_import_detail": _scoped("caf_import"),
    "web:spreadsheet_list": Case(expect(403, **IMPORTERS)),
    "web:spreadsheet_upload": Case(expect(403, **IMPORTERS)),
    "web:spreadsheet_columns": _scoped("spreadsheet"),
    "web:spreadsheet_review": _scoped("spreadsheet"),
    "web:spreadsheet_task": _scoped("spreadsheet_reading"),
    "web:spreadsheet_task_progress": _scoped("spreadsheet_reading"),
    "web:spreadsheet_apply": _post_only("spreadsheet"),
    "web:spreadsheet_cancel": _post_only("spreadsheet"),
}
