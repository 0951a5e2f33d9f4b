"""The person's answers to their appointments, from their space; the référent is told by e-mail."""

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.pathways.enums import AppointmentStatus
from pacte.portal.models import AppointmentReply, ReplyKind
from pacte.portal.notify import tell_referent

MESSAGE_MAX = 1000


def upcoming(person, now):
    return person.appointments.filter(starts_at__gte=now, status=AppointmentStatus.SCHEDULED)


@transaction.atomic
def reply(*, user, person, appointment, kind, message="", request=None, now=None):
    now = now or timezone.now()
    if appointment.person_id != person.pk:
        raise DomainError("Ce rendez-vous n'est pas le vôtre.")
    if appointment.status != AppointmentStatus.SCHEDULED or appointment.starts_at < now:
        raise DomainError("Ce rendez-vous est passé ou annulé : vous ne pouvez plus y répondre.")
    message = message.strip()
    if kind == ReplyKind.MOVE and not message:
        raise DomainError("Dites-nous quels jours et quelles heures vous arrangent.", field="message")
    if len(message) > MESSAGE_MAX:
        raise DomainError(f"Votre message est trop long ({MESSAGE_MAX} caractères au plus).", field="message")
    answer = AppointmentReply.objects.create(
        departement_code=person.departement_code,
        person=person,
        appointment=appointment,
        kind=kind,
        message=message,
        created_at=now,
    )
    log(actor=user, action="portal.appointment_reply", obj=appointment, request=request, data={"kind": kind})
    _tell_referent(answer, request)
    return answer


def _tell_referent(answer, request):
    appointment = answer.appointment
    when = timezone.localtime(appointment.starts_at)
    kind = answer.get_kind_display().lower()
    text = f"a répondu depuis son espace au rendez-vous du {when:%d/%m/%Y à %H:%M} ({appointment.place}) : {kind}."
    if answer.message:
        text += f"\nSon message : {answer.message}"
    tell_referent(
        answer.person,
        f"Rendez-vous du {when:%d/%m/%Y} : {kind}",
        text,
        request=request,
        referent=appointment.referent,
    )


def mark_seen(*, actor, answer, now=None):
    if answer.seen_at is None:
        answer.seen_at = now or timezone.now()
        answer.save(update_fields=["seen_at"])
        log(actor=actor, action="portal.appointment_reply_seen", obj=answer.appointment)
    return answer
