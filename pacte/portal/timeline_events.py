"""The person's answers from their space on their timeline (found by pathways.timeline.autodiscover)."""

from django.utils.timezone import localdate, localtime

from pacte.pathways.timeline import TimelineEvent, register
from pacte.portal.models import AppointmentReply, Contribution, ContributionKind, ReplyKind


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


CONTRIBUTION_LABELS = {
    ContributionKind.COMMENT: "Commente son plan d'action (depuis son espace) : {text}",
    ContributionKind.AGREEMENT: "Donne son accord à son plan d'action (depuis son espace)",
    ContributionKind.BLOCKER: "Dit ce qui la bloque (depuis son espace) : {text}",
}


@register
def contributions(person):
    for item in Contribution.objects.filter(person=person):
        label = CONTRIBUTION_LABELS[item.kind].format(text=item.text)
        yield TimelineEvent(localdate(item.created_at), f"portal_{item.kind}", label, item)
