"""Letters printed in batch: one PDF of the orientation decision letters, or of the convocations,
of many persons at once, each letter the same as the one printed alone and starting on its own page.

Run by a background task (see `pacte.web.pathways.orientation.batch`) with a progress per letter;
the issuing of each letter is recorded and audited in a fixed number of queries.
"""

from django.db import transaction

from pacte.audit.services import log_many
from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress
from pacte.core.transitions import jsonable
from pacte.pathways import pdf
from pacte.pathways.enums import AppointmentStatus, OrientationStatus
from pacte.pathways.models import Appointment, Orientation
from pacte.pathways.services.common import today

LETTER_ORDER = ("person__last_name", "person__first_name", "id")


def decided_orientations(ids):
    """The decided orientations `ids`, as their letters need them, in the order of their envelopes."""
    return (
        Orientation.objects.filter(pk__in=ids, status=OrientationStatus.VALIDATED)
        .select_related("person", "person__dossier", "body")
        .order_by(*LETTER_ORDER)
    )


def scheduled_appointments(ids):
    """The appointments `ids` still to come, as their convocations need them, by day then name."""
    return (
        Appointment.objects.filter(pk__in=ids, status=AppointmentStatus.SCHEDULED)
        .select_related("person", "person__dossier", "organization", "organization__commune", "referent")
        .order_by("starts_at", *LETTER_ORDER)
    )


def _stories(items, story, progress, label):
    items = list(items)
    if not items:
        raise DomainError("Aucun courrier à imprimer : la sélection est vide.")
    progress.start(len(items), label, unit=" courriers")
    stories = []
    for item in items:
        stories.append(story(item))
        progress.advance()
    return items, stories


def orientation_letters(*, actor, orientations, progress=None):
    """One PDF of the decision letters of `orientations` (decided ones); each is recorded as
    issued (dated once) and audited as the single letter is. Returns (PDF bytes, orientations)."""
    progress = progress or NullProgress()
    styles, senders = pdf._styles(), {}

    def story(orientation):
        person = orientation.person
        key = (person.departement_code, person.dossier.territory_id)
        if key not in senders:
            senders[key] = pdf._sender(person)
        return pdf.orientation_letter_story(orientation, styles, sender=senders[key])

    orientations = list(orientations)
    if any(o.status != OrientationStatus.VALIDATED for o in orientations):
        raise DomainError("Seule une orientation décidée donne lieu à un courrier de notification.")
    orientations, stories = _stories(orientations, story, progress, "Courriers de décision d'orientation")
    document = pdf.letters("Décisions d'orientation", stories)
    on = today()
    with transaction.atomic():
        Orientation.objects.filter(pk__in=[o.pk for o in orientations], notified_on=None).update(
            notified_on=on
        )
        log_many(
            actor=actor,
            action="orientation.letter",
            items=[(orientation, jsonable({"on": on})) for orientation in orientations],
        )
    progress.finish()
    return document, orientations


def convocation_letters(*, actor, appointments, progress=None):
    """One PDF of the convocations to `appointments`, each audited. Returns (PDF bytes, appointments)."""
    progress = progress or NullProgress()
    styles = pdf._styles()
    appointments, stories = _stories(
        appointments, lambda item: pdf.convocation_letter_story(item, styles), progress, "Convocations"
    )
    document = pdf.letters("Convocations", stories)
    log_many(
        actor=actor,
        action="appointment.convocation_letter",
        items=[(appointment, jsonable({"starts_at": appointment.starts_at})) for appointment in appointments],
    )
    progress.finish()
    return document, appointments
