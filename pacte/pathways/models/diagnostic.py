import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations.perms import can_read_health
from pacte.pathways.enums import BarrierLevel, EducationLevel, JobProjection, ProfessionalSituation
from pacte.referentials.enums import BarrierTheme
from pacte.referentials.models import Barrier, RomeCode


class DiagnosticQuerySet(OfPersonQuerySet):
    def latest_per_person(self):
        """Only the latest version of each person's diagnostic."""
        later = Diagnostic.objects.filter(
            person=models.OuterRef("person"), version__gt=models.OuterRef("version")
        )
        return self.filter(~models.Exists(later))

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class Diagnostic(models.Model):
    """A dated version of a person's diagnostic; a new version is added, never overwritten."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # The diagnostic is part of the person's record and goes with it.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="diagnostics")
    version = models.PositiveIntegerField("version")
    made_on = models.DateField("date du diagnostic")
    # The author may leave; the diagnostic stays.
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    professional_situation = models.CharField(
        "situation professionnelle", max_length=20, choices=ProfessionalSituation.choices
    )
    last_employment_end = models.DateField("fin du dernier emploi", null=True, blank=True)
    education_level = models.CharField("niveau de formation", max_length=5, choices=EducationLevel.choices)
    # Blank for the versions recorded before the national criteria asked it ("non renseignée").
    job_projection = models.CharField(
        "capacité à se projeter dans un emploi", max_length=20, choices=JobProjection.choices, blank=True
    )
    projects = models.ManyToManyField(RomeCode, blank=True, related_name="+", verbose_name="projets (ROME)")
    barriers = models.ManyToManyField(
        Barrier, through="DiagnosticBarrier", blank=True, related_name="+", verbose_name="freins"
    )
    notes = models.TextField("observations", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = DiagnosticQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "version": Rule.KEEP,
            "made_on": Rule.KEEP,
            "made_by": Rule.ERASE,
            "professional_situation": Rule.KEEP,
            "last_employment_end": Rule.KEEP,
            "education_level": Rule.KEEP,
            "job_projection": Rule.KEEP,
            "notes": Rule.ERASE,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "diagnostic"
        ordering = ["person", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="diagnostic_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="diagnostic_version_positive"),
        ]

    def __str__(self):
        return f"Diagnostic n° {self.version} du {self.made_on:%d/%m/%Y}"


class DiagnosticBarrierQuerySet(models.QuerySet):
    def without_sensitive(self):
        return self.filter(is_sensitive=False)

    def readable_by(self, user):
        """Health barriers only for the roles allowed to read health data."""
        return self if can_read_health(user) else self.without_sensitive()


class DiagnosticBarrier(models.Model):
    """A frein périphérique noted in one diagnostic version; health ones are sensitive."""

    departement_code = models.CharField("département", max_length=3)
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="barrier_links")
    # Nomenclature entries are deactivated, never deleted while in use.
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="+")
    is_sensitive = models.BooleanField("donnée sensible (santé)", default=False)
    level = models.CharField(
        "niveau du frein", max_length=10, choices=BarrierLevel.choices, default=BarrierLevel.MEDIUM
    )
    note = models.TextField("précision", blank=True)

    objects = DiagnosticBarrierQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "departement_code": Rule.KEEP,
            "diagnostic": Rule.KEEP,
            "barrier": Rule.KEEP,
            "is_sensitive": Rule.KEEP,
            "level": Rule.KEEP,
            "note": Rule.ERASE,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "frein du diagnostic"
        verbose_name_plural = "freins du diagnostic"
        ordering = ["diagnostic", "barrier__theme", "barrier__position", "barrier_id"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "barrier"], name="diagnostic_barrier_unique"),
        ]

    def __str__(self):
        return str(self.barrier)

    def save(self, *args, **kwargs):
        self.is_sensitive = self.barrier.theme == BarrierTheme.HEALTH
        super().save(*args, **kwargs)
