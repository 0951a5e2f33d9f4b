"""The person's answers from their space on their timeline (found by pathways.timeline.autodiscover)."""

from django.utils.timezone import localdate, localtime

from pacte.pathways.timeline import TimelineEvent, register
from pacte.portal.models import AppointmentReply, ReplyKind


@register
def appointment_replies(person):
    for answer in AppointmentReply.objects.filter(person=person).select_related("appointment"):
        when = localtime(answer.appointment.starts_at)
        if answer.kind == ReplyKind.CONFIRM:
            label = f"Confirme sa venue au rendez-vous du {when:%d/%m/%Y} (depuis son espace)"
        else:
            label = (
                f"Demande à changer le rendez-vous du {when:%d/%m/%Y} (depuis son espace) : {answer.message}"
            )
        yield TimelineEvent(localdate(answer.created_at), "portal_reply", label, answer)
