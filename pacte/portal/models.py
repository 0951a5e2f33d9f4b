"""The one-time codes that open a beneficiary's space: nothing to remember, nothing reusable."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="sign_in_code_expires"
            )
        ]

    def __str__(self):
        return f"Code {self.get_channel_display()} pour {self.user}"
