from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne peut pas être modifié.")

    def delete(self):
        raise AppendOnlyError("Le journal d'audit ne peut pas être supprimé.")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(getattr(obj, "uuid", obj.pk)))


class AuditEntry(models.Model):
    """Who did or read what, when, from where. Rows are only ever added (database triggers too)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The entry outlives the account: keep the row and the copied label.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("auteur", max_length=254, blank=True)
    action = models.CharField("action", max_length=80, db_index=True)
    object_type = models.CharField("type d'objet", max_length=80, blank=True)
    object_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    object_label = models.CharField("objet", max_length=200, blank=True)
    departement_code = models.CharField("département", max_length=3, blank=True, db_index=True)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    path = models.CharField("adresse", max_length=300, blank=True)
    data = models.JSONField("détails", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Le journal d'audit ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne peut pas être supprimé.")
