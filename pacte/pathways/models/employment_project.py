"""A person's employment project: the jobs they look for (ROME 4.0 sheets), how far they can go and
how many hours a week they can work. Job matching reads it (pacte/employment/matching.py); see
docs/decisions/014-matching.md."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.referentials.models import RomeCode

MAX_RADIUS_KM = 150
MAX_ROMES = 5
HOURS = [MinValueValidator(1), MaxValueValidator(48)]  # the legal weekly maximum


class EmploymentProjectQuerySet(OfPersonQuerySet):
    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class EmploymentProject(models.Model):
    """The person's current project, updated in place (its history is in the audit log)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # The project is part of the person's record and goes with it.
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="employment_project")
    romes = models.ManyToManyField(RomeCode, related_name="+", verbose_name="métiers recherchés (ROME)")
    mobility_radius_km = models.PositiveSmallIntegerField(
        "rayon de mobilité (km)", validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)]
    )
    weekly_hours_min = models.DecimalField(
        "heures par semaine, au moins",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=HOURS,
    )
    weekly_hours_max = models.DecimalField(
        "heures par semaine, au plus", max_digits=4, decimal_places=1, null=True, blank=True, validators=HOURS
    )
    accepts_staggered_hours = models.BooleanField(
        "accepte les horaires décalés (nuit, week-end)", default=True
    )
    # The author may leave; the project stays.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = EmploymentProjectQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "mobility_radius_km", "weekly_hours_min",
                 "weekly_hours_max", "accepts_staggered_hours", "created_at", "updated_at",
                 "anonymised_at"],
                Rule.KEEP,
            ),
            "updated_by": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "projet d'emploi"
        verbose_name_plural = "projets d'emploi"
        ordering = ["person", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mobility_radius_km__gte=1, mobility_radius_km__lte=MAX_RADIUS_KM),
                name="employment_project_radius_range",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours_min=None)
                | Q(weekly_hours_max=None)
                | Q(weekly_hours_min__lte=models.F("weekly_hours_max")),
                name="employment_project_hours_in_order",
            ),
        ]

    def __str__(self):
        return f"Projet d'emploi ({self.mobility_radius_km} km)"
