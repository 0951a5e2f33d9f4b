"""What the référent reads of a person's own space: when they last signed in, and what they wrote
(answers to appointments, comments, agreement, blockers) not seen yet."""

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.portal.models import AppointmentReply, Contribution


def space_for_staff(person):
    user = person.user
    unseen_contributions = list(Contribution.objects.filter(person=person).unseen().order_by("created_at"))
    unseen_replies = list(
        AppointmentReply.objects.filter(person=person)
        .unseen()
        .select_related("appointment")
        .order_by("created_at")
    )
    return {
        "has_space": user is not None and user.is_active,
        "last_sign_in": user.last_login if user is not None else None,
        "unseen_contributions": unseen_contributions,
        "unseen_replies": unseen_replies,
        "unseen_count": len(unseen_contributions) + len(unseen_replies),
    }


@transaction.atomic
def mark_all_seen(*, actor, person, request=None, now=None):
    now = now or timezone.now()
    count = Contribution.objects.filter(person=person).unseen().update(seen_at=now)
    count += AppointmentReply.objects.filter(person=person).unseen().update(seen_at=now)
    if count:
        log(
            actor=actor, action="portal.contribution_seen", obj=person, request=request, data={"count": count}
        )
    return count
