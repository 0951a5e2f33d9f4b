"""Matrix rows for the orientation lists worked in batch and their letters: the decided orientations,
the convocations, the printing tasks. A printing task is its author's only: anyone else, the
direction and the platform's superuser included, gets 404."""

import tempfile
from pathlib import Path

from pacte.core.models import BackgroundTask, TaskStatus
from tests.permissions.loader import LOGIN, REDIRECT, Case, expect, uuid_of

ORIENTING = {"direction": 200, "orientation_agent": 200, "superuser": 200}
IN_SCOPE = expect(403, **ORIENTING)
PRINTING = expect(403, direction=REDIRECT, orientation_agent=REDIRECT, superuser=REDIRECT)
AUTHOR_ONLY = expect(403, direction=404, orientation_agent=200, superuser=404, anonymous=LOGIN)


def build(world):
    folder = Path(tempfile.mkdtemp(prefix="pacte-matrix-letters-"))
    path = folder / "courriers-orientation.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    world.objects["batch_letters_task"] = BackgroundTask.objects.create(
        kind="orientation_letters",
        label="Impression de 1 courrier de décision d'orientation",
        created_by=world.users["orientation_agent"],
        departement_code="87",
        status=TaskStatus.SUCCEEDED,
        result={"file": str(path), "count": 1, "persons": [str(world.objects["person_north"].uuid)]},
    )


def _post_only(note):
    return [
        Case(expect(405), note="POST seulement"),
        Case(PRINTING, method="post", note=note),
    ]


def _task(note):
    return Case(AUTHOR_ONLY, uuid_of("batch_letters_task"), note=note)


CASES = {
    "web:orientation_decisions": Case(IN_SCOPE),
    "web:orientation_convocations": Case(IN_SCOPE),
    "web:orientation_print_letters": _post_only("filtre vide : tout le périmètre ou aucun courrier"),
    "web:orientation_print_convocations": _post_only("filtre vide : tout le périmètre ou aucun courrier"),
    "web:orientation_letters_task": _task("tâche lancée par l'agent"),
    "web:orientation_letters_task_progress": _task("tâche lancée par l'agent"),
    "web:orientation_letters_download": _task("PDF de la tâche lancée par l'agent"),
}
