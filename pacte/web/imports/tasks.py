"""The CAF import started from the web: the uploaded file is kept in a private folder under
MEDIA_ROOT, imported by a background task, then deleted (it holds personal data)."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

from pacte.beneficiaries.services import import_caf
from pacte.core.tasks import start_task
from pacte.organizations.models import User

TASK_KIND = "caf_import"
UPLOAD_FOLDER = "caf-uploads"


def save_upload(upload):
    """Write the upload to its own private folder; the file keeps its (cleaned) name for the journal."""
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    path = folder / (get_valid_filename(Path(upload.name).name) or "fichier.xml")
    with open(path, "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return path


def start_caf_import(*, upload, departement_code, user):
    path = save_upload(upload)
    return start_task(
        kind=TASK_KIND,
        label=f"Import du fichier {Path(upload.name).name}",
        user=user,
        departement_code=departement_code,
        func=run_caf_import,
        kwargs={
            "path": str(path),
            "departement_code": departement_code,
            "file_name": Path(upload.name).name,
            "actor_id": user.pk,
        },
    )


def run_caf_import(*, progress, path, departement_code, file_name, actor_id):
    """The task: import the file through the service (département checked, rejection journalled)."""
    actor = User.objects.filter(pk=actor_id).first()
    path = Path(path)
    try:
        result = import_caf(
            path=path, actor=actor, departement_code=departement_code, progress=progress, file_name=file_name
        )
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    entry = result.entry
    if result.rejected:
        return {"status": "rejected", "reason": result.reason, "file": file_name, "journal": str(entry.uuid)}
    report = result.report
    return {
        **report.as_json(),
        "status": "already_imported" if result.already_imported else "succeeded",
        "imported_on": entry.started_at.isoformat() if result.already_imported else "",
        "file": file_name,
        "journal": str(entry.uuid),
        "flux": report.flux,
        "flux_type": report.flux_type,
        "departement": report.departement,
        "unknown_codes": report.unknown_codes,
        "unknown_elements": sum(report.unknown_elements.values()),
    }
