import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations.models import Organization
from pacte.pathways.enums import (
    DEFAULT_WEEKLY_HOURS,
    ContractKind,
    ContractStatus,
    OrientationOrigin,
    PlanItemStatus,
)
from pacte.pathways.models.orientation import Orientation

SIGNED_STATUSES = (ContractStatus.SIGNED, ContractStatus.ENDED, ContractStatus.RENEWED)
# The contracts of engagement the indicators count (a PPAE is not one).
ENGAGEMENT_KINDS = (ContractKind.CER.value, ContractKind.CONTRAT_ENGAGEMENT.value)


class ContractQuerySet(OfPersonQuerySet):
    def signed(self):
        """Contracts that were signed (whatever happened since): the ones the indicators count."""
        return self.filter(status__in=SIGNED_STATUSES)

    def in_force(self, at):
        return self.signed().filter(signed_on__lte=at).filter(Q(end_date=None) | Q(end_date__gte=at))

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class Contract(models.Model):
    """A CER, PPAE or contrat d'engagement; its signature date is also its start date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField("type de contrat", max_length=20, choices=ContractKind.choices)
    status = models.CharField(
        "statut", max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    origin = models.CharField(
        "origine", max_length=20, choices=OrientationOrigin.choices, default=OrientationOrigin.MANUAL
    )
    # The orientation a contract follows; an orientation is never deleted under its contracts.
    orientation = models.ForeignKey(
        Orientation, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="référent",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    signed_on = models.DateField("date de signature (début)", null=True, blank=True, db_index=True)
    end_date = models.DateField("date de fin", null=True, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(
        "heures d'activité hebdomadaires", default=DEFAULT_WEEKLY_HOURS
    )
    hours_reason = models.TextField("motif de l'adaptation des heures", blank=True)
    commitments = models.TextField("engagements", blank=True)
    # A renewal points to the contract it renews; the renewed one keeps its history.
    renewal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewal"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "kind": Rule.KEEP,
            "status": Rule.KEEP,
            "origin": Rule.KEEP,
            "orientation": Rule.KEEP,
            "referent": Rule.ERASE,
            "organization": Rule.KEEP,
            "signed_on": Rule.KEEP,
            "end_date": Rule.KEEP,
            "weekly_hours": Rule.KEEP,
            "hours_reason": Rule.ERASE,
            "commitments": Rule.ERASE,
            "renewal_of": Rule.KEEP,
            "created_by": Rule.ERASE,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "contrat"
        ordering = ["person", "-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ContractStatus.DRAFT) | Q(signed_on__isnull=False),
                name="contract_signed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(end_date__gte=F("signed_on")),
                name="contract_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours=DEFAULT_WEEKLY_HOURS) | ~Q(hours_reason=""),
                name="contract_hours_reason",
            ),
        ]

    def __str__(self):
        when = f" signé le {self.signed_on:%d/%m/%Y}" if self.signed_on else ""
        return f"{self.get_kind_display()}{when}"


class PlanItemQuerySet(OfPersonQuerySet):
    def open(self):
        return self.filter(status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS])

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class PlanItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    due_date = models.DateField("échéance", null=True, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    # Set when the person wrote the item from their own space (co-construction of the plan).
    created_by_person = models.BooleanField("proposé par la personne", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PlanItemQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "title": Rule.KEEP,
            "description": Rule.ERASE,
            "status": Rule.KEEP,
            "due_date": Rule.KEEP,
            "position": Rule.KEEP,
            "created_by_person": Rule.KEEP,
            "created_by": Rule.ERASE,
            "created_at": Rule.KEEP,
            "updated_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class PlanObjective(PlanItem):
    """An objective of the person's action plan, optionally tied to the contract that carries it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_objectives")
    contract = models.ForeignKey(
        Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="objectives"
    )

    PRIVACY = Privacy(fields={**PlanItem.PRIVACY.fields, "contract": Rule.KEEP})

    class Meta:
        verbose_name = "objectif du plan d'action"
        verbose_name_plural = "objectifs du plan d'action"
        ordering = ["person", "position", "id"]


class PlanAction(PlanItem):
    """A concrete step towards an objective."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_actions")
    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="actions")

    PRIVACY = Privacy(fields={**PlanItem.PRIVACY.fields, "objective": Rule.KEEP})

    class Meta:
        verbose_name = "action du plan d'action"
        verbose_name_plural = "actions du plan d'action"
        ordering = ["objective", "position", "id"]
