"""The writes of the tutoring of people in their first months of work: its start (who tutors, at
which employer, until when), its meetings (dated notes on the work, never a health detail), its end
with the outcome. Every write is checked and audited."""

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.employment.models import Tutoring, TutoringMeeting
from pacte.employment.placement_enums import TutoringOutcome

# Tutoring covers the first months of a job: a year at most.
MAX_DAYS = 366


def _text(value):
    return (value or "").strip()


def _not_future(day, field, what):
    if day is None:
        raise DomainError(f"Indiquez la date {what}.", field=field)
    if day > timezone.localdate():
        raise DomainError(f"La date {what} ne peut être à venir.", field=field)
    return day


def start_tutoring(
    *,
    actor,
    person,
    employer,
    job_title,
    tutor_name="",
    started_on,
    planned_end_on,
    tutor_organization=None,
    tutor_user=None,
):
    if employer is None:
        raise DomainError("Choisissez l'employeur.", field="employer")
    if employer.departement_code != person.departement_code:
        raise DomainError("L'employeur est dans le département de la personne.", field="employer")
    job_title = _text(job_title)
    if len(job_title) < 2:
        raise DomainError("Indiquez le poste occupé.", field="job_title")
    tutor_name = _text(tutor_name) or (tutor_user.get_full_name() if tutor_user else "")
    if len(tutor_name) < 2:
        raise DomainError("Indiquez le nom du tuteur ou de la tutrice.", field="tutor_name")
    if started_on is None:
        raise DomainError("Indiquez la date de début du tutorat.", field="started_on")
    if planned_end_on is None or planned_end_on < started_on:
        raise DomainError("La fin prévue du tutorat suit son début.", field="planned_end_on")
    if (planned_end_on - started_on).days > MAX_DAYS:
        raise DomainError(
            "Le tutorat accompagne les premiers mois dans l'emploi : sa durée prévue est d'un an au plus.",
            field="planned_end_on",
        )
    tutoring = Tutoring(
        departement_code=person.departement_code,
        person=person,
        employer=employer,
        job_title=job_title,
        tutor_name=tutor_name,
        tutor_organization=tutor_organization,
        tutor_user=tutor_user,
        started_on=started_on,
        planned_end_on=planned_end_on,
        created_by=actor,
    )
    with transaction.atomic():
        tutoring.save()
        log(
            actor=actor,
            action="tutoring.create",
            obj=tutoring,
            data={"person": str(person.uuid), "employer": str(employer.uuid)},
        )
    return tutoring


def add_meeting(*, actor, tutoring, held_on, notes):
    _not_future(held_on, "held_on", "du point")
    if held_on < tutoring.started_on:
        raise DomainError(
            f"Le tutorat commence le {tutoring.started_on:%d/%m/%Y} : un point se tient ensuite.",
            field="held_on",
        )
    if tutoring.ended_on is not None and held_on > tutoring.ended_on:
        raise DomainError(f"Le tutorat a pris fin le {tutoring.ended_on:%d/%m/%Y}.", field="held_on")
    notes = _text(notes)
    if len(notes) < 3:
        raise DomainError("Résumez le point : ce qui va, ce qui reste à travailler.", field="notes")
    meeting = TutoringMeeting(
        departement_code=tutoring.departement_code,
        tutoring=tutoring,
        held_on=held_on,
        notes=notes,
        author=actor,
    )
    with transaction.atomic():
        meeting.save()
        log(actor=actor, action="tutoring.meeting", obj=tutoring, data={"held_on": held_on.isoformat()})
    return meeting


def end_tutoring(*, actor, tutoring, ended_on, outcome, notes=""):
    if tutoring.ended_on is not None:
        raise DomainError(f"Ce tutorat a déjà pris fin le {tutoring.ended_on:%d/%m/%Y}.")
    _not_future(ended_on, "ended_on", "de fin")
    if ended_on < tutoring.started_on:
        raise DomainError("La fin du tutorat suit son début.", field="ended_on")
    last = tutoring.meetings.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and ended_on < last:
        raise DomainError(f"Un point a eu lieu le {last:%d/%m/%Y} : la fin vient après.", field="ended_on")
    if outcome not in TutoringOutcome.values:
        raise DomainError("Indiquez l'issue du tutorat.", field="outcome")
    tutoring.ended_on, tutoring.outcome, tutoring.outcome_notes = ended_on, outcome, _text(notes)
    with transaction.atomic():
        tutoring.save(update_fields=["ended_on", "outcome", "outcome_notes", "updated_at"])
        log(actor=actor, action="tutoring.end", obj=tutoring, data={"outcome": outcome})
    return tutoring
