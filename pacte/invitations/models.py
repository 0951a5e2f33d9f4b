import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.invitations.enums import (
    DEFAULT_EXPIRY_DAYS,
    OPEN_STATUSES,
    Channel,
    InvitationKind,
    InvitationStatus,
)
from pacte.organizations.models import Organization
from pacte.pathways.models import Appointment
from pacte.pathways.models.followup import PersonRecordQuerySet
from pacte.territory.models import Departement


class InvitationQuerySet(PersonRecordQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now):
        """Open invitations past their answer date: they become "no answer"."""
        return self.open().filter(expires_at__lte=now)

    def due_for_reminder(self, now):
        return self.open().filter(reminder_sent_at=None, remind_at__lte=now, expires_at__gt=now)


class Invitation(models.Model):
    """An invitation to book an orientation or accompaniment appointment, sent by e-mail, SMS and/or
    letter, answered through a public link (`token`) by picking one of the offered slots."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField("type", max_length=15, choices=InvitationKind.choices)
    # A structure that invited people is not deleted; it is deactivated.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invitations", verbose_name="structure"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_email = models.BooleanField("par courriel", default=False)
    by_sms = models.BooleanField("par SMS", default=False)
    by_letter = models.BooleanField("par courrier", default=False)
    # secrets.token_urlsafe(32): 43 characters, 256 bits; the public link's only key.
    token = models.CharField("jeton", max_length=64, unique=True)
    place = models.CharField("lieu", max_length=250)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=45)
    # The offered date-times, ISO 8601 with their offset, in the order offered.
    slots = models.JSONField("créneaux proposés", default=list)
    status = models.CharField(
        "statut", max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    sent_at = models.DateTimeField("envoyée le")
    remind_at = models.DateTimeField("relance prévue le")
    expires_at = models.DateTimeField("réponse attendue avant le")
    opened_at = models.DateTimeField("ouverte le", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    # The appointment goes with its person; the invitation then keeps its status.
    appointment = models.OneToOneField(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "kind": Rule.KEEP,
            "organization": Rule.KEEP,
            "invited_by": Rule.ERASE,
            "by_email": Rule.KEEP,
            "by_sms": Rule.KEEP,
            "by_letter": Rule.KEEP,
            "token": Rule.PSEUDONYMISE,
            "place": Rule.ERASE,
            "duration_minutes": Rule.KEEP,
            "slots": Rule.KEEP,
            "status": Rule.KEEP,
            "sent_at": Rule.KEEP,
            "remind_at": Rule.KEEP,
            "expires_at": Rule.KEEP,
            "opened_at": Rule.KEEP,
            "reminder_sent_at": Rule.KEEP,
            "answered_at": Rule.KEEP,
            "appointment": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="invitation_duration_min"),
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status__in=OPEN_STATUSES),
                name="invitation_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("sent_at")), name="invitation_expires_after_sent"
            ),
        ]

    def __str__(self):
        return f"Invitation ({self.get_kind_display().lower()}) du {self.sent_at:%d/%m/%Y}"

    @property
    def channels(self):
        return [
            channel
            for channel, used in (
                (Channel.EMAIL, self.by_email),
                (Channel.SMS, self.by_sms),
                (Channel.LETTER, self.by_letter),
            )
            if used
        ]

    @property
    def channel_labels(self):
        return ", ".join(Channel(channel).label.lower() for channel in self.channels)


class InvitationTemplate(models.Model):
    """A département's wording of one message (kind × channel); without one, the default in code."""

    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("type", max_length=15, choices=InvitationKind.choices)
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    subject = models.CharField("objet du courriel", max_length=200, blank=True)
    body = models.TextField("texte")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "modèle de message d'invitation"
        verbose_name_plural = "modèles de messages d'invitation"
        ordering = ["departement", "kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "kind", "channel"], name="invitation_template_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.get_channel_display()}"


class InvitationPolicy(models.Model):
    """A département's rule for invitations: the days a person has to answer."""

    departement = models.OneToOneField(
        Departement, on_delete=models.CASCADE, primary_key=True, related_name="invitation_policy"
    )
    expiry_days = models.PositiveSmallIntegerField(
        "délai de réponse (jours)",
        default=DEFAULT_EXPIRY_DAYS,
        help_text="Passé ce délai, l'invitation est comptée « sans réponse » ; une relance part à mi-délai.",
    )

    class Meta:
        verbose_name = "règle d'invitation"
        verbose_name_plural = "règles d'invitation"
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_days__gte=2) & Q(expiry_days__lte=60),
                name="invitation_policy_expiry_range",
            ),
        ]

    def __str__(self):
        return f"Invitations du {self.departement_id} : {self.expiry_days} jours"
