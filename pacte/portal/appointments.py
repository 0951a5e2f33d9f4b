"""The person's answers to their appointments, from their space; the référent is told by e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.pathways.enums import AppointmentStatus
from pacte.portal.models import AppointmentReply, ReplyKind

logger = logging.getLogger(__name__)
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
    referent = answer.appointment.referent
    if referent is None or not referent.email:
        return
    appointment = answer.appointment
    when = timezone.localtime(appointment.starts_at)
    link = reverse("web:person_detail", args=[answer.person.uuid])
    if request is not None:
        link = request.build_absolute_uri(link)
    subject = f"Rendez-vous du {when:%d/%m/%Y} : {answer.get_kind_display().lower()}"
    body = (
        f"Bonjour,\n\n{answer.person.full_name} a répondu depuis son espace au rendez-vous du "
        f"{when:%d/%m/%Y à %H:%M} ({appointment.place}) : {answer.get_kind_display().lower()}.\n"
        + (f"Son message : {answer.message}\n" if answer.message else "")
        + f"Sa fiche dans Pacte : {link}\n"
    )

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [referent.email])
        except OSError:  # the answer stands; the mail server's failure is logged
            logger.exception("Courriel au référent non envoyé")

    transaction.on_commit(deliver)


def mark_seen(*, actor, answer, now=None):
    if answer.seen_at is None:
        answer.seen_at = now or timezone.now()
        answer.save(update_fields=["seen_at"])
        log(actor=actor, action="portal.appointment_reply_seen", obj=answer.appointment)
    return answer
