"""The CAF import started from the web: the uploaded file is kept in a private folder under
MEDIA_ROOT, imported by a background task, then deleted (it holds personal data)."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

from pacte.audit.services import log
from pacte.beneficiaries.caf.parser import CafParser
from pacte.beneficiaries.caf_import import CafFileError, import_caf_file, record_rejection
from pacte.beneficiaries.models import CafImport, ImportStatus
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
    """The task: check the file's département, import it whole or journal why it was rejected."""
    actor = User.objects.filter(pk=actor_id).first()
    path = Path(path)
    try:
        try:
            check_departement(path, departement_code)
            report = import_caf_file(path, progress=progress, actor=actor)
        except CafFileError as error:
            return _reject(
                path, str(error), actor=actor, departement_code=departement_code, file_name=file_name
            )
        entry = (
            CafImport.objects.filter(status=ImportStatus.SUCCEEDED, file_name=path.name, imported_by=actor)
            .order_by("-id")
            .first()
        )
        return {
            **report.as_json(),
            "status": "succeeded",
            "file": file_name,
            "journal": str(entry.uuid) if entry else "",
            "flux": report.flux,
            "flux_type": report.flux_type,
            "departement": report.departement,
            "unknown_codes": report.unknown_codes,
        }
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def check_departement(path, departement_code):
    """Refuse a file of another département before anything is imported (CafFileError)."""
    with CafParser(path) as parser:
        found = parser.header.departement
    if found is None:
        raise CafFileError(
            "Le fichier ne contient aucun dossier et n'indique pas son département : rien à importer."
        )
    if found != departement_code:
        raise CafFileError(
            f"Ce fichier concerne le département {found}, pas le {departement_code} : import refusé."
        )


def _reject(path, reason, *, actor, departement_code, file_name):
    entry = record_rejection(path, reason=reason, actor=actor, file_name=file_name)
    # The journal of the département the file was sent for shows it, whatever the file says.
    CafImport.objects.filter(pk=entry.pk).update(departement_code=departement_code)
    log(
        actor=actor,
        action="caf_import.reject",
        obj=entry,
        data={"reason": reason},
        departement_code=departement_code,
    )
    return {"status": "rejected", "reason": reason, "file": file_name, "journal": str(entry.uuid)}
