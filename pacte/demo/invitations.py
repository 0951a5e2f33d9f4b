"""Demo invitations: a few of the demo référent's persons invited to an accompaniment appointment,
through the invitation services (the dev settings write their SMS to var/sms/, e-mails to
var/mail/): some answered, some waiting, some past their delay. Idempotent: once a département has
invitations, nothing is added."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.demo.structures import demo_email
from pacte.invitations import services
from pacte.invitations.enums import InvitationKind
from pacte.invitations.models import Invitation
from pacte.organizations.enums import Role
from pacte.pathways.models import ReferentAssignment

COUNT = 6
# (days since sent, slot taken): answered, waiting, reminded, past the delay.
PLAN = [(1, True), (2, False), (6, False), (3, True), (15, False), (12, False)]


def _slots(sent):
    start = timezone.localtime(sent).replace(hour=9, minute=30, second=0, microsecond=0)
    return [start + datetime.timedelta(days=days) for days in (4, 5, 7)]


def load_invitations(code, log):
    if Invitation.objects.filter(departement_code=code).exists():
        return 0
    assignments = (
        ReferentAssignment.objects.active()
        .filter(departement_code=code, referent__email=demo_email(Role.REFERENT, code))
        .exclude(person__invitations__isnull=False)
        .select_related("person", "person__dossier", "organization", "referent")
        .order_by("person__sort_key", "id")[:COUNT]
    )
    log("Invitations de démonstration…")
    now = timezone.now()
    made = 0
    for assignment, (days, taken) in zip(assignments, PLAN, strict=False):
        sent = now - datetime.timedelta(days=days)
        try:
            with transaction.atomic():
                invitation = services.invite(
                    actor=assignment.referent,
                    person=assignment.person,
                    organization=assignment.organization,
                    kind=InvitationKind.ACCOMPANIMENT,
                    slots=_slots(sent),
                    place=assignment.organization.address or assignment.organization.name,
                    base_url=settings.PACTE_PUBLIC_URL,
                    now=sent,
                )
                if taken:
                    services.record_opened(invitation, now=sent + datetime.timedelta(hours=2))
                    services.take_slot(
                        invitation=invitation, slot=services.slot_times(invitation)[-1], now=now
                    )
        except DomainError:
            continue
        made += 1
    services.expire_invitations(now=now)
    return made
