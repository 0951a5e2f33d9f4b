"""The background tasks that print letters in batch: the decision letters of decided orientations,
the convocations to coming appointments. The rows are fixed when the task starts (their ids, never
a filter evaluated later); the PDF is written to a private folder under MEDIA_ROOT, which only the
user who started the task downloads (pacte.web.pathways.orientation.batch). The PDFs hold personal
data: each is removed `KEEP_DAYS` days after it was written, by the daily purge (`pacte purge`)
or when a later printing runs, whichever comes first."""

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

from pacte.core.errors import DomainError
from pacte.core.tasks import start_task
from pacte.organizations.models import User
from pacte.pathways import batch_letters

ORIENTATION_LETTERS = "orientation_letters"
CONVOCATION_LETTERS = "convocation_letters"
KINDS = (ORIENTATION_LETTERS, CONVOCATION_LETTERS)
FOLDER = "batch-letters"
FILE_NAMES = {ORIENTATION_LETTERS: "courriers-orientation.pdf", CONVOCATION_LETTERS: "convocations.pdf"}
# Time enough to print a batch, not a store of letters: the letters stay printable one by one.
KEEP_DAYS = 7


def _path(kind):
    folder = Path(settings.MEDIA_ROOT) / FOLDER / uuid.uuid4().hex
    return folder / FILE_NAMES[kind]


def _start(kind, *, label, user, departement_code, func, ids):
    return start_task(
        kind=kind,
        label=label,
        user=user,
        departement_code=departement_code,
        func=func,
        kwargs={"ids": ids, "actor_id": user.pk, "path": str(_path(kind))},
    )


def _count(count, word):
    return f"{count} {word}{'s' if count > 1 else ''}"


def start_orientation_letters(*, user, ids, departement_code=""):
    return _start(
        ORIENTATION_LETTERS,
        label=f"Impression de {_count(len(ids), 'courrier')} de décision d'orientation",
        user=user,
        departement_code=departement_code,
        func=run_orientation_letters,
        ids=ids,
    )


def start_convocation_letters(*, user, ids, departement_code=""):
    return _start(
        CONVOCATION_LETTERS,
        label=f"Impression de {_count(len(ids), 'convocation')}",
        user=user,
        departement_code=departement_code,
        func=run_convocation_letters,
        ids=ids,
    )


def remove_expired_files(now=None, *, dry_run=False):
    """Delete the batch PDFs written more than `KEEP_DAYS` days ago (with `dry_run`, only count
    them); returns how many."""
    root = Path(settings.MEDIA_ROOT) / FOLDER
    limit = (now or time.time()) - KEEP_DAYS * 86400
    expired = [folder for folder in root.glob("*") if folder.is_dir() and folder.stat().st_mtime < limit]
    if dry_run:
        return len(expired)
    for folder in expired:
        shutil.rmtree(folder, ignore_errors=True)
    return len(expired)


def _write(path, document):
    remove_expired_files()
    path = Path(path)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(document)


def run_orientation_letters(*, progress, ids, actor_id, path):
    actor = User.objects.filter(pk=actor_id).first()
    try:
        document, orientations = batch_letters.orientation_letters(
            actor=actor, orientations=batch_letters.decided_orientations(ids), progress=progress
        )
    except DomainError as error:
        return {"error": error.message, "count": 0}
    _write(path, document)
    return {"file": path, "count": len(orientations), "persons": [str(o.person.uuid) for o in orientations]}


def run_convocation_letters(*, progress, ids, actor_id, path):
    actor = User.objects.filter(pk=actor_id).first()
    try:
        document, appointments = batch_letters.convocation_letters(
            actor=actor, appointments=batch_letters.scheduled_appointments(ids), progress=progress
        )
    except DomainError as error:
        return {"error": error.message, "count": 0}
    _write(path, document)
    return {"file": path, "count": len(appointments), "persons": [str(a.person.uuid) for a in appointments]}
