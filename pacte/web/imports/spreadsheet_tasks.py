"""The background tasks of a spreadsheet import: reading the stored file, reviewing it through the
columns chosen, writing the reviewed rows. Each reads the whole file, so none runs in a request: a
hostile file costs a worker, within the reader's limits, never the web process.

The import keeps a link to its last task, whose progress its pages show. A task's result says which
page follows (`next`: "columns" or "review") and, for a refusal or a confirmation, the message to show.
"""

from pacte.beneficiaries import spreadsheet
from pacte.beneficiaries.models import SpreadsheetImport
from pacte.core.errors import DomainError
from pacte.core.tasks import start_task
from pacte.organizations.models import User

TASK_KIND = "spreadsheet_import"


def _start(entry, *, user, label, func, **kwargs):
    task = start_task(
        kind=TASK_KIND,
        label=f"{label} {entry.file_name}",
        user=user,
        departement_code=entry.departement_code,
        func=func,
        kwargs={"import_id": entry.pk, **kwargs},
    )
    SpreadsheetImport.objects.filter(pk=entry.pk).update(task=task)
    entry.task = task
    return task


def start_reading(entry, *, user):
    return _start(entry, user=user, label="Lecture du fichier", func=read_spreadsheet)


def start_review(entry, *, columns, save_as, user):
    return _start(
        entry,
        user=user,
        label="Vérification du fichier",
        func=review_spreadsheet,
        columns=columns,
        save_as=save_as,
        actor_id=user.pk,
    )


def start_apply(entry, *, user):
    return _start(
        entry, user=user, label="Enregistrement du fichier", func=apply_spreadsheet, actor_id=user.pk
    )


def _entry(import_id):
    return SpreadsheetImport.objects.select_related("mapping", "created_by").get(pk=import_id)


def read_spreadsheet(*, progress, import_id):
    """The task after the upload: headers and row count, the review when the mapping fits."""
    try:
        entry = spreadsheet.read_import(_entry(import_id), progress=progress)
    except DomainError as error:
        return {"level": "error", "message": error.message}
    return {"status": entry.status, "next": "review" if "review" in entry.report else "columns"}


def review_spreadsheet(*, progress, import_id, columns, save_as, actor_id):
    """The task after the columns form; a refusal keeps what the user chose, for the form."""
    actor = User.objects.filter(pk=actor_id).first()
    try:
        result = spreadsheet.set_columns(
            _entry(import_id), columns=columns, actor=actor, save_as=save_as, progress=progress
        )
    except DomainError as error:
        return {"next": "columns", "message": error.message, "columns": columns, "save_as": save_as}
    return {"next": "review", "counts": result.counts}


def apply_spreadsheet(*, progress, import_id, actor_id):
    """The task after the confirmation: all the rows written, or none and why."""
    actor = User.objects.filter(pk=actor_id).first()
    try:
        result = spreadsheet.apply_review(_entry(import_id), actor=actor, progress=progress)
    except DomainError as error:
        return {"next": "review", "level": "error", "message": error.message}
    counts = result.counts
    return {
        "next": "review",
        "level": "success",
        "message": (
            f"Import enregistré : {counts[spreadsheet.CREATE]} personne(s) ajoutée(s), "
            f"{counts[spreadsheet.UPDATE]} mise(s) à jour, {counts[spreadsheet.UNCHANGED]} inchangée(s)."
        ),
    }
