"""The beneficiary's space: its one-time sign-in codes, and what the person writes from it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.pathways.models import Appointment, Contract


class SignInChannel(models.TextChoices):
    EMAIL = "email", "Courriel"
    SMS = "sms", "SMS"


class SignInCodeQuerySet(models.QuerySet):
    def usable(self, now):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=now)


class SignInCode(models.Model):
    """A code sent to a beneficiary, kept as a digest only (with the link's token, sent with it).

    Single use (`used_at`), short-lived (`expires_at`), burnt after too many wrong tries
    (`revoked_at`), and replaced by the next code asked for. Digests and dates only: the codes of a
    day past are deleted when the next is issued (`signin.issue`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_codes")
    channel = models.CharField("envoyé par", max_length=5, choices=SignInChannel.choices)
    code_digest = models.CharField(max_length=64)
    link_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    objects = SignInCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "code de connexion"
        verbose_name_plural = "codes de connexion"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="sign_in_code_user_created")]

    def __str__(self):
        return f"Code {self.get_channel_display()} pour {self.user}"


class ReplyKind(models.TextChoices):
    CONFIRM = "confirm", "Je viendrai"
    MOVE = "move", "Je demande à changer la date"


class MessageQuerySet(OfPersonQuerySet):
    """What the person wrote from their space; the référent marks it seen."""

    def unseen(self):
        return self.filter(seen_at=None)


class AppointmentReply(models.Model):
    """The person's answer to an appointment from their space: they will come, or they ask for
    another date (with what suits them). The référent is told and marks it seen; attendance is
    still recorded by the référent on the appointment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointment_replies")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField("réponse", max_length=10, choices=ReplyKind.choices)
    message = models.TextField("message", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField("vue par le ou la référent·e le", null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "appointment", "kind", "created_at", "seen_at",
                 "anonymised_at"],
                Rule.KEEP,
            ),
            "message": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "réponse à un rendez-vous"
        verbose_name_plural = "réponses aux rendez-vous"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.appointment})"


class ContributionKind(models.TextChoices):
    COMMENT = "comment", "Commentaire sur le plan d'action"
    AGREEMENT = "agreement", "Accord sur le plan d'action"
    BLOCKER = "blocker", "Ce qui bloque la personne"


class Contribution(models.Model):
    """What the person writes about their pathway from their space: a comment on their plan, their
    agreement to it (the consent, dated, with the plan as it stood), or what blocks them, in their
    words. The référent is told, and marks it seen."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField("nature", max_length=10, choices=ContributionKind.choices)
    text = models.TextField("message", blank=True)
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # For an agreement: the objectives and actions agreed to, as they stood.
    plan_snapshot = models.JSONField("plan approuvé", default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField("vue par le ou la référent·e le", null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "kind", "contract", "plan_snapshot", "created_at",
                 "seen_at", "anonymised_at"],
                Rule.KEEP,
            ),
            "text": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "message de la personne"
        verbose_name_plural = "messages de la personne"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.get_kind_display()
