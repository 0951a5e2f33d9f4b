"""Appointments: convocations, attendance, reminders."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.pathways.enums import APPOINTMENT_TRANSITIONS, AppointmentKind, AppointmentStatus
from pacte.pathways.models import Appointment
from pacte.pathways.services.common import audit, check_same_departement, check_within_work_window

ATTENDANCE_STATUSES = (AppointmentStatus.SEEN, AppointmentStatus.EXCUSED, AppointmentStatus.ABSENT)


@transaction.atomic
def schedule_appointment(
    *,
    actor,
    person,
    organization,
    starts_at,
    place,
    kind=AppointmentKind.FOLLOW_UP,
    referent=None,
    duration_minutes=45,
    purpose="",
):
    check_same_departement(person, organization, "La structure")
    if not (place or "").strip():
        raise DomainError("Indiquez le lieu du rendez-vous.", field="place")
    if duration_minutes < 5:
        raise DomainError("Un rendez-vous dure au moins 5 minutes.", field="duration_minutes")
    check_within_work_window(timezone.localdate(starts_at), "du rendez-vous", field="starts_at")
    appointment = Appointment.objects.create(
        departement_code=person.departement_code,
        person=person,
        organization=organization,
        referent=referent,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        purpose=purpose,
    )
    audit(actor, "appointment.schedule", appointment, starts_at=starts_at, kind=kind)
    return appointment


@transaction.atomic
def record_attendance(*, actor, appointment, status, note=""):
    """Seen, excused or absent; only once the appointment has begun (an excuse may come before)."""
    if status not in ATTENDANCE_STATUSES:
        raise DomainError("Présence attendue : honoré, absence excusée ou absent·e.")
    APPOINTMENT_TRANSITIONS.check(appointment.status, status)
    if status != AppointmentStatus.EXCUSED and appointment.starts_at > timezone.now():
        raise DomainError("Le rendez-vous n'a pas encore eu lieu.")
    return transition(
        appointment,
        status,
        actor=actor,
        table=APPOINTMENT_TRANSITIONS,
        changes={"attendance_note": note},
    )


@transaction.atomic
def cancel_appointment(*, actor, appointment, note=""):
    return transition(
        appointment,
        AppointmentStatus.CANCELLED,
        actor=actor,
        table=APPOINTMENT_TRANSITIONS,
        changes={"attendance_note": note},
    )


def reminder_text(appointment):
    when = timezone.localtime(appointment.starts_at)
    return (
        f"Bonjour,\n\nNous vous rappelons votre rendez-vous ({appointment.get_kind_display().lower()}) "
        f"le {when:%d/%m/%Y} à {when:%H:%M}, lieu : {appointment.place}, avec {appointment.organization}.\n\n"
        "En cas d'empêchement, prévenez votre référent·e.\n"
    )


def send_appointment_reminders(*, actor=None, now=None, within=datetime.timedelta(days=2)):
    """E-mail the persons whose appointment comes within `within` and who have an address.

    Each reminder is marked sent once the mail has gone; returns the reminded appointments.
    """
    now = now or timezone.now()
    due = (
        Appointment.objects.due_for_reminder(now, within)
        .exclude(person__email="")
        .select_related("person", "organization")
        .order_by("starts_at", "id")
    )
    sent = []
    for appointment in due:
        send_mail(
            "Rappel de votre rendez-vous",
            reminder_text(appointment),
            settings.DEFAULT_FROM_EMAIL,
            [appointment.person.email],
        )
        Appointment.objects.filter(pk=appointment.pk).update(reminder_sent_at=now)
        appointment.reminder_sent_at = now
        audit(actor, "appointment.reminder", appointment)
        sent.append(appointment)
    return sent
