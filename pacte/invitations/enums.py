"""Choices and the transition table of invitations."""

from django.db import models

from pacte.core.transitions import TransitionTable


class InvitationKind(models.TextChoices):
    ORIENTATION = "orientation", "Rendez-vous d'orientation"
    ACCOMPANIMENT = "accompaniment", "Rendez-vous d'accompagnement"


class Channel(models.TextChoices):
    EMAIL = "email", "Courriel"
    SMS = "sms", "SMS"
    LETTER = "letter", "Courrier"


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    OPENED = "opened", "Ouverte"
    APPOINTMENT_TAKEN = "appointment_taken", "Rendez-vous pris"
    EXPIRED = "expired", "Sans réponse"


OPEN_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED)

INVITATION_TRANSITIONS = TransitionTable(
    "invitation",
    {
        InvitationStatus.SENT: {
            InvitationStatus.OPENED,
            InvitationStatus.APPOINTMENT_TAKEN,
            InvitationStatus.EXPIRED,
        },
        InvitationStatus.OPENED: {InvitationStatus.APPOINTMENT_TAKEN, InvitationStatus.EXPIRED},
    },
    labels=InvitationStatus,
    actions={
        InvitationStatus.OPENED: "invitation.open",
        InvitationStatus.APPOINTMENT_TAKEN: "invitation.appointment_taken",
        InvitationStatus.EXPIRED: "invitation.expire",
    },
)

# Days a person has to answer, unless the département set its own.
DEFAULT_EXPIRY_DAYS = 10
# The most slots a référent offers in one invitation.
MAX_SLOTS = 3
