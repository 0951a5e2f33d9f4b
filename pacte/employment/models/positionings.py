"""A person positioned on a job offer or on a SIAE's insertion position, and what came of it:
proposed → interview → hired (with the contract) or not retained (with the reason). The moves are
those of `employment.positionings.POSITIONING_TRANSITIONS`. See docs/decisions/019-positionings.md.

Who reads them: the direction and the employer-relations officers of the département (the people
positioned on its offers: name, commune, status, never health details nor NIR), and whoever may
read the person (their référent...), through `Person.objects.visible_to`.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.employment.enums import ContractType
from pacte.employment.models.employers import RELATIONS_ROLES, InsertionPosition, JobOffer
from pacte.organizations import perms

__all__ = [
    "ACTIVE_STATUSES",
    "MAX_CONTRACT_MONTHS",
    "NotRetainedReason",
    "Positioning",
    "PositioningProgramme",
    "PositioningStatus",
]

MAX_CONTRACT_MONTHS = 60


class PositioningStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposé"
    INTERVIEW = "interview", "Entretien"
    HIRED = "hired", "Recruté"
    NOT_RETAINED = "not_retained", "Non retenu"


# Still running: the person waits for an answer.
ACTIVE_STATUSES = (PositioningStatus.PROPOSED, PositioningStatus.INTERVIEW)


class PositioningProgramme(models.TextChoices):
    """The scheme a recruitment comes under, for counting recruitments by programme."""

    COMMON_LAW = "common_law", "Emploi de droit commun"
    IAE = "iae", "Insertion par l'activité économique (SIAE)"
    PEC = "pec", "Parcours emploi compétences (PEC)"
    ALTERNANCE = "alternance", "Alternance (apprentissage, professionnalisation)"
    SOCIAL_CLAUSE = "social_clause", "Clause sociale d'insertion"
    JOB_DATING = "job_dating", "Recrutement collectif (job dating, forum)"


class NotRetainedReason(models.TextChoices):
    EMPLOYER_CHOICE = "employer_choice", "Candidature non retenue par l'employeur"
    PERSON_DECLINED = "person_declined", "La personne a renoncé"
    NO_SHOW = "no_show", "Absence à l'entretien"
    PROFILE_MISMATCH = "profile_mismatch", "Profil ne correspondant pas au poste"
    CONSTRAINTS = "constraints", "Contraintes incompatibles (horaires, mobilité, garde)"
    OFFER_FILLED = "offer_filled", "Poste pourvu par un autre candidat"
    OFFER_CLOSED = "offer_closed", "Offre close sans recrutement"
    OTHER = "other", "Autre motif"


class PositioningQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The positionings of the départements where `user` keeps the relations with employers,
        and those of the persons `user` may read."""
        if perms.sees_everything(user):
            return self
        return self.filter(
            perms.departement_q(user, *RELATIONS_ROLES)
            | Q(person__in=Person.objects.visible_to(user).values("pk"))
        )

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def hired(self):
        return self.filter(status=PositioningStatus.HIRED)

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class Positioning(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # A positioning is part of the person's record and goes with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positionings", verbose_name="personne"
    )
    # Offers and positions are closed, not deleted, once someone was positioned on them.
    job_offer = models.ForeignKey(
        JobOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positionings",
        verbose_name="offre d'emploi",
    )
    insertion_position = models.ForeignKey(
        InsertionPosition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positionings",
        verbose_name="poste d'insertion",
    )
    status = models.CharField(
        "statut", max_length=15, choices=PositioningStatus.choices, default=PositioningStatus.PROPOSED
    )
    programme = models.CharField("dispositif", max_length=15, choices=PositioningProgramme.choices)
    proposed_on = models.DateField("proposé le")
    interview_on = models.DateField("entretien le", null=True, blank=True)
    hired_on = models.DateField("embauche le", null=True, blank=True)
    contract_type = models.CharField(
        "type de contrat", max_length=20, choices=ContractType.choices, blank=True
    )
    contract_months = models.PositiveSmallIntegerField(
        "durée du contrat (mois)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CONTRACT_MONTHS)],
    )
    not_retained_on = models.DateField("non retenu le", null=True, blank=True)
    not_retained_reason = models.CharField(
        "motif", max_length=20, choices=NotRetainedReason.choices, blank=True
    )
    # Free text about a person: erased with the record.
    note = models.TextField("observations", blank=True)
    # The pathway exit the hire recorded, if it was one (docs/decisions/019-positionings.md).
    pathway_exit = models.OneToOneField(
        "pathways.PathwayExit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positioning",
        verbose_name="sortie de parcours",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PositioningQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "person", "job_offer", "insertion_position", "status",
                 "programme", "proposed_on", "interview_on", "hired_on", "contract_type",
                 "contract_months", "not_retained_on", "not_retained_reason", "pathway_exit",
                 "created_at", "updated_at", "anonymised_at"],
                Rule.KEEP,
            ),
            "note": Rule.ERASE,
            "proposed_by": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "positionnement"
        verbose_name_plural = "positionnements"
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["departement_code", "status"], name="positioning_dept_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_offer__isnull=False, insertion_position=None)
                | Q(job_offer=None, insertion_position__isnull=False),
                name="positioning_offer_xor_position",
            ),
            models.CheckConstraint(
                condition=~Q(status=PositioningStatus.HIRED)
                | (Q(hired_on__isnull=False) & ~Q(contract_type="")),
                name="positioning_hire_has_contract",
            ),
            models.CheckConstraint(
                condition=~Q(status=PositioningStatus.NOT_RETAINED)
                | (Q(not_retained_on__isnull=False) & ~Q(not_retained_reason="")),
                name="positioning_not_retained_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(contract_months=None)
                | Q(contract_months__gte=1, contract_months__lte=MAX_CONTRACT_MONTHS),
                name="positioning_contract_months_range",
            ),
            models.UniqueConstraint(
                fields=["person", "job_offer"],
                condition=Q(job_offer__isnull=False) & ~Q(status=PositioningStatus.NOT_RETAINED),
                name="positioning_once_per_offer",
                violation_error_message="Cette personne est déjà positionnée sur cette offre.",
            ),
            models.UniqueConstraint(
                fields=["person", "insertion_position"],
                condition=Q(insertion_position__isnull=False)
                & Q(status__in=[PositioningStatus.PROPOSED, PositioningStatus.INTERVIEW]),
                name="positioning_once_per_position",
                violation_error_message="Cette personne est déjà positionnée sur ce poste.",
            ),
        ]

    def __str__(self):
        return f"Positionnement sur « {self.target_label} »"

    @property
    def target(self):
        return self.job_offer or self.insertion_position

    @property
    def employer(self):
        return self.target.employer

    @property
    def target_label(self):
        if self.job_offer_id:
            return self.job_offer.title
        return str(self.insertion_position)
