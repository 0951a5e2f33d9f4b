"""Placements with employers: immersions (PMSMP) and their conventions, the tutoring of people in
their first months of work, and social clauses in public procurement with the insertion hours
done under them.

Who sees them (`visible_to`): the direction and the employer-relations officers of the
département; the active référent of the person (who prescribes immersions and follows the
tutoring); the members of the employer concerned, for their own conventions and tutoring. Clauses
are the officers' and the direction's only. No row here holds a health detail.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.employment.models.employers import (
    RELATIONS_ROLES,
    WEEKLY_HOURS,
    EmployerProfile,
    _own_organizations,
)
from pacte.employment.placement_enums import (
    Attendance,
    ImmersionNextStep,
    ImmersionObjective,
    ImmersionStatus,
    TutoringOutcome,
)
from pacte.organizations import perms
from pacte.organizations.models import Organization
from pacte.pathways.models import ReferentAssignment
from pacte.referentials.models import RomeAppellation, RomeCode

__all__ = ["ClauseHours", "Immersion", "SocialClause", "Tutoring", "TutoringMeeting"]


def _caseload_q(user, field="person_id"):
    """The persons `user` is the active référent of."""
    caseload = ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")
    return Q(**{f"{field}__in": caseload})


class PlacementQuerySet(models.QuerySet):
    """Rows of a person with an employer: the département's officers and direction, the person's
    référent, the employer's own members (read only)."""

    employer_field = "employer__organization_id"

    def visible_to(self, user):
        if perms.sees_everything(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            perms.departement_q(user, *RELATIONS_ROLES)
            | _caseload_q(user)
            | _own_organizations(user, self.employer_field)
        )

    def editable_by(self, user):
        if perms.sees_everything(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(perms.departement_q(user, *RELATIONS_ROLES) | _caseload_q(user))

    def retention_expired(self, cutoff):
        return self.filter(
            anonymised_at=None, person__anonymised_at__isnull=False, created_at__date__lt=cutoff
        )


class Immersion(models.Model):
    """A PMSMP: its convention between the person, the host employer and the prescriber, signed
    by all three, then carried out and evaluated."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # Part of the person's record: it goes with them.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="immersions", verbose_name="personne"
    )
    # An employer with conventions is deactivated, not deleted.
    employer = models.ForeignKey(
        EmployerProfile,
        on_delete=models.PROTECT,
        related_name="immersions",
        verbose_name="structure d'accueil",
    )
    tutor_name = models.CharField("tuteur ou tutrice dans la structure", max_length=150)
    tutor_job_title = models.CharField("fonction du tuteur", max_length=150, blank=True)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="prescripteur",
    )
    prescriber_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="structure prescriptrice"
    )
    rome = models.ForeignKey(RomeCode, on_delete=models.PROTECT, related_name="+", verbose_name="fiche ROME")
    appellation = models.ForeignKey(
        RomeAppellation, on_delete=models.PROTECT, related_name="+", verbose_name="métier observé"
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    weekly_hours = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, validators=WEEKLY_HOURS
    )
    objective = models.CharField("objet de l'immersion", max_length=10, choices=ImmersionObjective.choices)
    activities = models.TextField("activités confiées", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=ImmersionStatus.choices, default=ImmersionStatus.DRAFT
    )
    person_signed_on = models.DateField("signée par la personne le", null=True, blank=True)
    employer_signed_on = models.DateField("signée par la structure d'accueil le", null=True, blank=True)
    prescriber_signed_on = models.DateField("signée par le prescripteur le", null=True, blank=True)
    carried_out_on = models.DateField("réalisation constatée le", null=True, blank=True)
    skills_observed = models.TextField("compétences observées", blank=True)
    attendance = models.CharField("assiduité", max_length=10, choices=Attendance.choices, blank=True)
    next_step = models.CharField("suite donnée", max_length=20, choices=ImmersionNextStep.choices, blank=True)
    evaluation_notes = models.TextField("bilan", blank=True)
    evaluated_on = models.DateField("évaluée le", null=True, blank=True)
    cancelled_reason = models.CharField("motif d'annulation", max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "employer", "prescriber_organization", "rome",
                 "appellation", "starts_on", "ends_on", "weekly_hours", "objective", "status",
                 "person_signed_on", "employer_signed_on", "prescriber_signed_on", "carried_out_on",
                 "attendance", "next_step", "evaluated_on", "created_at", "updated_at", "anonymised_at"],
                Rule.KEEP,
            ),
            **dict.fromkeys(
                ["tutor_name", "tutor_job_title", "prescriber", "activities", "skills_observed",
                 "evaluation_notes", "cancelled_reason", "created_by"],
                Rule.ERASE,
            ),
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "immersion (PMSMP)"
        verbose_name_plural = "immersions (PMSMP)"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="immersion_dates_in_order"
            ),
        ]

    def __str__(self):
        return f"Immersion de {self.person} chez {self.employer}"

    @property
    def signatures(self):
        """[(party, label, day or None)] in the order of the convention."""
        return [
            ("person", "La personne en immersion", self.person_signed_on),
            ("employer", "La structure d'accueil", self.employer_signed_on),
            ("prescriber", "Le prescripteur", self.prescriber_signed_on),
        ]

    @property
    def fully_signed(self):
        return all(day is not None for _, _, day in self.signatures)


class Tutoring(models.Model):
    """The tutoring of a person in their first months of work: who tutors them, the meetings, the end."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="tutorings", verbose_name="personne"
    )
    employer = models.ForeignKey(
        EmployerProfile, on_delete=models.PROTECT, related_name="tutorings", verbose_name="employeur"
    )
    job_title = models.CharField("poste occupé", max_length=200)
    tutor_name = models.CharField("tuteur ou tutrice", max_length=150)
    tutor_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure du tuteur",
    )
    tutor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tuteur (compte Pacte)",
    )
    started_on = models.DateField("début")
    planned_end_on = models.DateField("fin prévue")
    ended_on = models.DateField("fin", null=True, blank=True)
    outcome = models.CharField("issue", max_length=20, choices=TutoringOutcome.choices, blank=True)
    outcome_notes = models.TextField("commentaire de fin", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "employer", "tutor_organization", "started_on",
                 "planned_end_on", "ended_on", "outcome", "created_at", "updated_at", "anonymised_at"],
                Rule.KEEP,
            ),
            **dict.fromkeys(["job_title", "tutor_name", "tutor_user", "outcome_notes", "created_by"], Rule.ERASE),
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "tutorat"
        verbose_name_plural = "tutorats"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=models.F("started_on")),
                name="tutoring_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=models.F("started_on")),
                name="tutoring_end_after_start",
            ),
        ]

    def __str__(self):
        return f"Tutorat de {self.person} chez {self.employer}"

    @property
    def is_ongoing(self):
        return self.ended_on is None


class TutoringMeetingQuerySet(models.QuerySet):
    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, held_on__lt=cutoff)


class TutoringMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    tutoring = models.ForeignKey(Tutoring, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    notes = models.TextField("compte rendu")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = TutoringMeetingQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "tutoring", "held_on", "created_at", "anonymised_at"], Rule.KEEP
            ),
            "notes": Rule.ERASE,
            "author": Rule.ERASE,
        }
    )

    class Meta:
        verbose_name = "point de tutorat"
        verbose_name_plural = "points de tutorat"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Point du {self.held_on:%d/%m/%Y}"


class SocialClauseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The clauses of the départements where `user` is direction or employer relations."""
        if perms.sees_everything(user):
            return self
        return self.filter(perms.departement_q(user, *RELATIONS_ROLES))

    editable_by = visible_to


class SocialClause(models.Model):
    """A public contract with an insertion clause: the hours of insertion the holder commits to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    buyer_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="acheteur (structure de Pacte)",
    )
    buyer_name = models.CharField("acheteur public", max_length=200)
    title = models.CharField("objet du marché", max_length=250)
    reference = models.CharField("référence du marché", max_length=50)
    holder = models.ForeignKey(
        EmployerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_clauses",
        verbose_name="titulaire du marché",
    )
    starts_on = models.DateField("début d'exécution")
    ends_on = models.DateField("fin d'exécution")
    required_hours = models.PositiveIntegerField(
        "heures d'insertion exigées", validators=[MinValueValidator(1)]
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="facilitateur ou facilitatrice",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SocialClauseQuerySet.as_manager()

    # A public contract is public; only the accounts named are a person's data.
    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "buyer_organization", "buyer_name", "title", "reference",
                 "holder", "starts_on", "ends_on", "required_hours", "created_at", "updated_at"],
                Rule.KEEP,
            ),
            "facilitator": Rule.ERASE,
            "created_by": Rule.ERASE,
        },
        anonymised_flag="",
    )  # fmt: skip

    class Meta:
        verbose_name = "clause sociale"
        verbose_name_plural = "clauses sociales"
        ordering = ["-starts_on", "reference", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="clause_dates_in_order"
            ),
            models.CheckConstraint(condition=Q(required_hours__gte=1), name="clause_required_hours_positive"),
            models.UniqueConstraint(
                fields=["departement_code", "buyer_name", "reference"],
                name="clause_unique_reference",
                violation_error_message="Ce marché est déjà enregistré pour cet acheteur.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.reference})"


class ClauseHoursQuerySet(models.QuerySet):
    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, month__lt=cutoff)


class ClauseHours(models.Model):
    """Hours of insertion one person did under a clause in one month (`month`: its first day)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    clause = models.ForeignKey(SocialClause, on_delete=models.CASCADE, related_name="hours")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="clause_hours", verbose_name="personne"
    )
    employer = models.ForeignKey(
        EmployerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="employeur (titulaire, sous-traitant, SIAE)",
    )
    month = models.DateField("mois")
    hours = models.DecimalField("heures réalisées", max_digits=6, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ClauseHoursQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "clause", "person", "employer", "month", "hours",
                 "recorded_at", "anonymised_at"],
                Rule.KEEP,
            ),
            "recorded_by": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "heures d'insertion"
        verbose_name_plural = "heures d'insertion"
        ordering = ["clause", "month", "person", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "person", "month"], name="clause_hours_one_per_month"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="clause_hours_positive"),
        ]

    def __str__(self):
        return f"{self.hours} h en {self.month:%m/%Y}"
