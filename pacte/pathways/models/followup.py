import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways.enums import (
    AppointmentKind,
    AppointmentStatus,
    EmploymentContractType,
    ExitKind,
    ReorientationStatus,
    Track,
)
from pacte.pathways.models.orientation import Orientation
from pacte.referentials.models import ExitReason


class PersonRecordQuerySet(OfPersonQuerySet):
    """The rows of a person's follow-up (their retention is the record's: `OfPersonQuerySet`)."""


class AppointmentQuerySet(PersonRecordQuerySet):
    def upcoming(self, now):
        return self.filter(status=AppointmentStatus.SCHEDULED, starts_at__gte=now)

    def due_for_reminder(self, now, within):
        return self.upcoming(now).filter(reminder_sent_at=None, starts_at__lte=now + within)


class Appointment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="professionnel·le",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="appointments", verbose_name="structure"
    )
    kind = models.CharField("type", max_length=15, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField("date et heure", db_index=True)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=45)
    place = models.CharField("lieu", max_length=250)
    purpose = models.CharField("objet", max_length=250, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    attendance_note = models.TextField("observations", blank=True)
    reminder_sent_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "referent": Rule.ERASE,
            "organization": Rule.KEEP,
            "kind": Rule.KEEP,
            "starts_at": Rule.KEEP,
            "duration_minutes": Rule.KEEP,
            "place": Rule.ERASE,
            "purpose": Rule.ERASE,
            "status": Rule.KEEP,
            "attendance_note": Rule.ERASE,
            "reminder_sent_at": Rule.KEEP,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="appointment_duration_min"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.starts_at:%d/%m/%Y}"


class ReorientationRequest(models.Model):
    """A référent asks the orientation agent to change a person's track or body."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reorientation_requests")
    # The orientation in force when asked; kept even once superseded.
    current_orientation = models.ForeignKey(
        Orientation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_on = models.DateField("demandée le")
    reason = models.TextField("motif de la demande")
    proposed_track = models.CharField("parcours proposé", max_length=20, choices=Track.choices)
    proposed_body_kind = models.CharField(
        "type d'organisme proposé", max_length=20, choices=OrientationBodyKind.choices
    )
    proposed_body = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisme proposé",
    )
    status = models.CharField(
        "statut", max_length=10, choices=ReorientationStatus.choices, default=ReorientationStatus.PENDING
    )
    decision_reason = models.TextField("motif de la décision", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField("décidée le", null=True, blank=True)
    resulting_orientation = models.OneToOneField(
        Orientation, on_delete=models.PROTECT, null=True, blank=True, related_name="reorientation_request"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "current_orientation": Rule.KEEP,
            "requested_by": Rule.ERASE,
            "requested_on": Rule.KEEP,
            "reason": Rule.ERASE,
            "proposed_track": Rule.KEEP,
            "proposed_body_kind": Rule.KEEP,
            "proposed_body": Rule.KEEP,
            "status": Rule.KEEP,
            "decision_reason": Rule.ERASE,
            "decided_by": Rule.ERASE,
            "decided_on": Rule.KEEP,
            "resulting_orientation": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "demande de réorientation"
        verbose_name_plural = "demandes de réorientation"
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=ReorientationStatus.PENDING),
                name="reorientation_one_pending_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status=ReorientationStatus.PENDING) | ~Q(decision_reason=""),
                name="reorientation_decision_has_reason",
            ),
        ]

    def __str__(self):
        return f"Demande de réorientation du {self.requested_on:%d/%m/%Y}"


class PathwayExit(models.Model):
    """The dated end of a person's pathway: employment (with its contract type), training, end of right..."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pathway_exits")
    kind = models.CharField("type de sortie", max_length=15, choices=ExitKind.choices)
    employment_contract_type = models.CharField(
        "type de contrat de travail", max_length=20, choices=EmploymentContractType.choices, blank=True
    )
    # Nomenclature entries are never deleted while used.
    reason = models.ForeignKey(
        ExitReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="motif"
    )
    exit_date = models.DateField("date de sortie", db_index=True)
    note = models.TextField("observations", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "kind": Rule.KEEP,
            "employment_contract_type": Rule.KEEP,
            "reason": Rule.KEEP,
            "exit_date": Rule.KEEP,
            "note": Rule.ERASE,
            "recorded_by": Rule.ERASE,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "sortie de parcours"
        verbose_name_plural = "sorties de parcours"
        ordering = ["person", "-exit_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=ExitKind.EMPLOYMENT) & ~Q(employment_contract_type=""))
                | (~Q(kind=ExitKind.EMPLOYMENT) & Q(employment_contract_type="")),
                name="pathway_exit_contract_type_for_employment",
            ),
        ]

    def __str__(self):
        return f"Sortie ({self.get_kind_display().lower()}) le {self.exit_date:%d/%m/%Y}"
