from django.conf import settings
from django.db import models
from django.utils import timezone

from pacte.audit import registry


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne peut pas être modifié.")

    def delete(self):
        raise AppendOnlyError("Le journal d'audit ne peut pas être supprimé.")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(getattr(obj, "uuid", obj.pk)))

    def blank_labels(self):
        """Empty the display labels of these entries (the purge): the one change the triggers allow,
        and outside the hashed fields, so the chain still holds."""
        return models.QuerySet.update(self.exclude(object_label=""), object_label="")


class AuditEntry(models.Model):
    """Who did or read what, when, from where. Rows are only ever added (database triggers too), and
    each holds the hash of the previous one (docs/decisions/005-audit-chain.md)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Accounts are deactivated, never deleted: an entry always points to its author.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("auteur", max_length=254, blank=True)
    action = models.CharField("action", max_length=80, db_index=True)
    object_type = models.CharField("type d'objet", max_length=80, blank=True)
    object_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    # Entries written before the chain named their object here; new ones leave it empty. Never hashed.
    object_label = models.CharField("objet", max_length=200, blank=True)
    departement_code = models.CharField("département", max_length=3, blank=True, db_index=True)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    path = models.CharField("adresse", max_length=300, blank=True)
    data = models.JSONField("détails", default=dict, blank=True)
    prev_hash = models.CharField("empreinte précédente", max_length=64, blank=True)
    hash = models.CharField("empreinte", max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Le journal d'audit ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne peut pas être supprimé.")

    @property
    def action_label(self):
        return registry.label(self.action)


class AuditChainHead(models.Model):
    """One row: the hash of the last entry. Appends lock it, so concurrent writers never fork the
    chain; `pacte audit verify` also checks that no entry was removed after it."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "tête de chaîne du journal d'audit"

    def __str__(self):
        return f"{self.last_id} {self.last_hash}"
