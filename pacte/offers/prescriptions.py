"""Prescriptions of persons to offers: sent by a professional who follows the person, answered by
the partner (accepted, put on the waiting list or refused with a reason), then started and ended
(completed or abandoned) with an outcome; attendance reported day by day. Every move goes through
`PRESCRIPTION_TRANSITIONS` and is audited; both sides are told by e-mail once the write is committed.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.offers.enums import (
    AttendanceStatus,
    OfferStatus,
    PrescriptionOutcome,
    PrescriptionStatus,
    RefusalReason,
)
from pacte.offers.models import Attendance, Prescription
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.referentials.enums import BarrierTheme

logger = logging.getLogger(__name__)

S = PrescriptionStatus
PRESCRIPTION_TRANSITIONS = TransitionTable(
    "prescription",
    {
        S.SENT: {S.ACCEPTED, S.WAITLISTED, S.REFUSED, S.CANCELLED},
        S.WAITLISTED: {S.ACCEPTED, S.REFUSED, S.CANCELLED},
        S.ACCEPTED: {S.STARTED, S.ABANDONED, S.CANCELLED},
        S.STARTED: {S.COMPLETED, S.ABANDONED},
    },
    labels=PrescriptionStatus,
    actions={
        S.ACCEPTED: "prescription.accept",
        S.WAITLISTED: "prescription.waitlist",
        S.REFUSED: "prescription.refuse",
        S.CANCELLED: "prescription.cancel",
        S.STARTED: "prescription.start",
        S.COMPLETED: "prescription.complete",
        S.ABANDONED: "prescription.abandon",
    },
)

# The roles that prescribe: those who follow the person's pathway.
PRESCRIBER_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT)


def can_prescribe(user):
    return perms.holds(user, *PRESCRIBER_ROLES)


def can_answer(user, prescription):
    """The partner of the offer's organisation answers, reports attendance and ends the action;
    the département's direction may do it for them."""
    if perms.sees_everything(user):
        return True
    organization = prescription.offer.organization
    return organization in perms.organizations_for(user, Role.PARTNER) or (
        organization.departement_id in perms.departements_for(user, Role.DIRECTION)
    )


def can_cancel(user, prescription):
    return (
        prescription.prescriber_id == user.pk
        or perms.sees_everything(user)
        or (prescription.departement_code in perms.departements_for(user, Role.DIRECTION))
    )


def _day(value, name, *, today):
    value = value or today
    if value > today:
        raise DomainError("La date ne peut pas être dans le futur.", field=name)
    return value


def _prescriber_organization(actor, person):
    """The actor's organisation that follows the person: the référent's, else the first of theirs."""
    assignment = person.referent_assignments.filter(referent=actor, end_date=None).first()
    if assignment is not None:
        return assignment.organization
    for role in PRESCRIBER_ROLES:
        organizations = perms.organizations_for(actor, role)
        if organizations:
            return organizations[0]
    return None


def prescribe(*, actor, person, offer, session=None, barrier_theme="", motive="", today=None):
    """Send `person` (visible to `actor`, checked by the caller) to `offer` (published)."""
    today = today or timezone.localdate()
    if not can_prescribe(actor):
        raise DomainError("Seuls les professionnels qui suivent la personne peuvent prescrire une action.")
    if offer.status != OfferStatus.PUBLISHED:
        raise DomainError(
            "Cette offre n'est pas publiée : elle ne reçoit pas de prescription.", field="offer"
        )
    if session is not None:
        if session.offer_id != offer.pk:
            raise DomainError("Cette session n'est pas une session de l'offre choisie.", field="session")
        if (session.end_date or session.start_date) < today:
            raise DomainError("Cette session est terminée : choisissez une session à venir.", field="session")
    if barrier_theme and barrier_theme not in BarrierTheme.values:
        raise DomainError(f"Besoin inconnu : {barrier_theme}.", field="barrier_theme")
    if Prescription.objects.open().filter(person=person, offer=offer).exists():
        raise DomainError("Cette personne a déjà une prescription en cours vers cette offre.", field="offer")
    prescription = Prescription(
        departement_code=person.departement_code,
        person=person,
        offer=offer,
        session=session,
        prescriber=actor,
        prescriber_organization=_prescriber_organization(actor, person),
        barrier_theme=barrier_theme,
        motive=(motive or "").strip(),
        sent_on=today,
    )
    try:
        with transaction.atomic():
            prescription.save()
            log(
                actor=actor,
                action="prescription.send",
                obj=prescription,
                data={"person": str(person.uuid), "offer": str(offer.uuid)},
            )
    except IntegrityError:
        # Two prescriptions sent at the same moment: the constraint keeps one.
        raise DomainError(
            "Cette personne a déjà une prescription en cours vers cette offre.", field="offer"
        ) from None
    _notify_partner(prescription)
    return prescription


def accept(*, actor, prescription, waiting_list=False, note="", today=None):
    today = today or timezone.localdate()
    target = S.WAITLISTED if waiting_list else S.ACCEPTED
    changes = {"answered_on": today, "answered_by": actor, "answer_note": (note or "").strip()}
    transition(prescription, target, actor=actor, table=PRESCRIPTION_TRANSITIONS, changes=changes)
    _notify_prescriber(prescription)
    return prescription


def refuse(*, actor, prescription, reason, note="", today=None):
    today = today or timezone.localdate()
    if reason not in RefusalReason.values:
        raise DomainError("Indiquez le motif du refus.", field="refusal_reason")
    note = (note or "").strip()
    if reason == RefusalReason.OTHER and not note:
        raise DomainError("Précisez le motif du refus.", field="answer_note")
    changes = {"answered_on": today, "answered_by": actor, "refusal_reason": reason, "answer_note": note}
    transition(
        prescription,
        S.REFUSED,
        actor=actor,
        table=PRESCRIPTION_TRANSITIONS,
        changes=changes,
        data={"reason": reason},
    )
    _notify_prescriber(prescription)
    return prescription


def cancel(*, actor, prescription, today=None):
    """The prescriber withdraws a prescription the action has not started."""
    changes = {"ended_on": None}
    transition(prescription, S.CANCELLED, actor=actor, table=PRESCRIPTION_TRANSITIONS, changes=changes)
    _notify_partner(prescription)
    return prescription


def start(*, actor, prescription, on=None, today=None):
    today = today or timezone.localdate()
    on = _day(on, "started_on", today=today)
    if on < prescription.sent_on:
        raise DomainError("L'entrée dans l'action ne peut précéder la prescription.", field="started_on")
    transition(
        prescription, S.STARTED, actor=actor, table=PRESCRIPTION_TRANSITIONS, changes={"started_on": on}
    )
    _notify_prescriber(prescription)
    return prescription


def end(*, actor, prescription, status, outcome, note="", on=None, today=None):
    """Close the action: `status` completed or abandoned, with its outcome."""
    today = today or timezone.localdate()
    if status not in (S.COMPLETED, S.ABANDONED):
        raise DomainError("Une action se termine ou est abandonnée.", field="status")
    if outcome not in PrescriptionOutcome.values:
        raise DomainError("Indiquez le résultat de l'action.", field="outcome")
    on = _day(on, "ended_on", today=today)
    if on < (prescription.started_on or prescription.sent_on):
        raise DomainError("La sortie ne peut précéder l'entrée dans l'action.", field="ended_on")
    changes = {"ended_on": on, "outcome": outcome, "outcome_note": (note or "").strip()}
    transition(
        prescription,
        status,
        actor=actor,
        table=PRESCRIPTION_TRANSITIONS,
        changes=changes,
        data={"outcome": outcome},
    )
    _notify_prescriber(prescription)
    return prescription


def _hours(value):
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise DomainError("Le nombre d'heures doit être un nombre.", field="hours") from None
    if not 0 <= hours <= 12:
        raise DomainError("Le nombre d'heures d'une journée va de 0 à 12.", field="hours")
    return hours


def record_attendance(*, actor, prescription, day, status, hours=None, note="", today=None):
    """Presence or absence of one day (replacing what was said of that day)."""
    today = today or timezone.localdate()
    if prescription.status not in (S.ACCEPTED, S.STARTED):
        raise DomainError("La présence se déclare pour une prescription acceptée ou en cours.")
    if status not in AttendanceStatus.values:
        raise DomainError("Indiquez la présence.", field="status")
    day = _day(day, "day", today=today)
    if day < prescription.sent_on:
        raise DomainError("Ce jour précède la prescription.", field="day")
    hours = _hours(hours)
    with transaction.atomic():
        attendance, created = Attendance.objects.update_or_create(
            prescription=prescription,
            day=day,
            defaults={
                "departement_code": prescription.departement_code,
                "status": status,
                "hours": hours,
                "note": (note or "").strip()[:250],
                "recorded_by": actor,
            },
        )
        log(
            actor=actor,
            action="prescription.attendance",
            obj=prescription,
            data={"day": day.isoformat(), "status": status, "created": created},
        )
    return attendance


def attendance_summary(prescription):
    """{status: days} and the hours reported, for the pages."""
    rows = list(prescription.attendances.all())
    days = {status: sum(1 for row in rows if row.status == status) for status in AttendanceStatus.values}
    hours = sum((row.hours or 0 for row in rows), Decimal(0))
    return {"days": days, "hours": hours, "total": len(rows)}


# E-mails: short, without any personal detail beyond what the recipient already sees in Pacte.


def _link(name, prescription):
    path = reverse(name, kwargs={"uuid": prescription.uuid})
    return settings.PACTE_PUBLIC_URL.rstrip("/") + path


def _send(subject, body, recipients):
    recipients = sorted(set(recipients) - {""})
    if not recipients:
        return

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:  # the write stands; the mail server's failure is logged
            logger.exception("Courriel de prescription non envoyé")

    transaction.on_commit(deliver)


def _notify_partner(prescription):
    offer = prescription.offer
    status = prescription.get_status_display().lower()
    link = _link("web:prescription_detail", prescription)
    _send(
        f"Prescription {status} : {offer.name}",
        (
            f"Bonjour,\n\nUne prescription vers votre offre « {offer.name} » est {status} "
            f"(le {timezone.localdate():%d/%m/%Y}).\n" + f"Retrouvez-la dans Pacte : {link}\n"
        ),
        [offer.contact_email, offer.organization.email],
    )


def _notify_prescriber(prescription):
    prescriber = prescription.prescriber
    if prescriber is None:
        return
    status = prescription.get_status_display().lower()
    link = _link("web:prescription_detail", prescription)
    _send(
        f"Votre prescription vers « {prescription.offer.name} » : {status}",
        (
            f"Bonjour,\n\nLa prescription que vous avez faite vers « {prescription.offer.name} » "
            f"({prescription.offer.organization.name}) est maintenant : {status}.\n"
            + f"Retrouvez-la dans Pacte : {link}\n"
        ),
        [prescriber.email],
    )
