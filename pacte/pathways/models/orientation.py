import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations import perms
from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways.enums import NationalCriterion, OrientationOrigin, OrientationStatus, RuleCondition, Track


class PreOrientationRuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rules of the départements `user` directs."""
        return self.filter(perms.departement_q(user, *perms.MANAGER_ROLES))


class PreOrientationRule(models.Model):
    """An ordered, configurable rule: when its condition holds, it proposes a track and a body kind.

    `params` depends on the condition: `{"min_age": 18, "max_age": 25}` for an age range,
    `{"months": 12}` for recent work. The first active rule (by `position`) that holds wins.
    """

    departement_code = models.CharField("département", max_length=3, db_index=True)
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("libellé", max_length=150)
    condition = models.CharField("condition", max_length=30, choices=RuleCondition.choices)
    params = models.JSONField("paramètres", default=dict, blank=True)
    track = models.CharField("parcours proposé", max_length=20, choices=Track.choices)
    body_kind = models.CharField(
        "type d'organisme proposé", max_length=20, choices=OrientationBodyKind.choices
    )
    # An organisation closed or removed leaves the rule proposing a kind without a named body.
    body = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisme proposé",
    )
    is_active = models.BooleanField("active", default=True)

    objects = PreOrientationRuleQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "departement_code": Rule.KEEP,
            "position": Rule.KEEP,
            "label": Rule.KEEP,
            "condition": Rule.KEEP,
            "params": Rule.KEEP,
            "track": Rule.KEEP,
            "body_kind": Rule.KEEP,
            "body": Rule.KEEP,
            "is_active": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "règle de pré-orientation"
        verbose_name_plural = "règles de pré-orientation"
        ordering = ["departement_code", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement_code", "position"], name="preorientation_rule_position"
            ),
        ]

    def __str__(self):
        return self.label

    def explain(self):
        from pacte.pathways.rules import explain_rule

        return explain_rule(self)


class OrientationQuerySet(OfPersonQuerySet):
    def decided(self):
        """Validated orientations: the decisions the indicators count, dated by `decision_date`."""
        return self.filter(status=OrientationStatus.VALIDATED)

    def current(self):
        """Each person's latest decided orientation (latest decision date, then latest row)."""
        later = (
            Orientation.objects.decided()
            .filter(person=OuterRef("person"))
            .filter(
                Q(decision_date__gt=OuterRef("decision_date"))
                | Q(decision_date=OuterRef("decision_date"), id__gt=OuterRef("id"))
            )
        )
        return self.decided().filter(~Exists(later))

    def current_at(self, day):
        """Each person's orientation in force at `day`: the latest decided on or before it."""
        decided = Orientation.objects.decided().filter(decision_date__lte=day)
        later = decided.filter(person=OuterRef("person")).filter(
            Q(decision_date__gt=OuterRef("decision_date"))
            | Q(decision_date=OuterRef("decision_date"), id__gt=OuterRef("id"))
        )
        return self.decided().filter(decision_date__lte=day).filter(~Exists(later))

    def first_per_person(self):
        """Each person's first orientation: the earliest decided (ties: the first row)."""
        earlier = (
            Orientation.objects.decided()
            .filter(person=OuterRef("person"))
            .filter(
                Q(decision_date__lt=OuterRef("decision_date"))
                | Q(decision_date=OuterRef("decision_date"), id__lt=OuterRef("id"))
            )
        )
        return self.decided().filter(~Exists(earlier))

    def proposed(self):
        return self.filter(status=OrientationStatus.PROPOSED)

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class Orientation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="orientations")
    track = models.CharField("parcours", max_length=20, choices=Track.choices)
    body_kind = models.CharField("type d'organisme", max_length=20, choices=OrientationBodyKind.choices)
    # A body is never deleted while orientations point to it (deactivate it instead).
    body = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name="organisme",
    )
    status = models.CharField(
        "statut", max_length=10, choices=OrientationStatus.choices, default=OrientationStatus.PROPOSED
    )
    origin = models.CharField("origine", max_length=20, choices=OrientationOrigin.choices)
    decision_date = models.DateField("date de décision", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A rule reworded or removed later must not erase which rule made the proposal: the sentence is copied.
    rule = models.ForeignKey(
        PreOrientationRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    explanation = models.TextField("explication de la proposition", blank=True)
    # Set when the national criteria, not a rule of the département, made the proposal.
    national_criterion = models.CharField(
        "critère national", max_length=30, choices=NationalCriterion.choices, blank=True
    )
    refusal_reason = models.TextField("motif", blank=True)
    notified_on = models.DateField("notifiée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = OrientationQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "track": Rule.KEEP,
            "body_kind": Rule.KEEP,
            "body": Rule.KEEP,
            "status": Rule.KEEP,
            "origin": Rule.KEEP,
            "decision_date": Rule.KEEP,
            "decided_by": Rule.ERASE,
            "rule": Rule.KEEP,
            "explanation": Rule.KEEP,
            "national_criterion": Rule.KEEP,
            "refusal_reason": Rule.ERASE,
            "notified_on": Rule.KEEP,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "orientation"
        ordering = ["person", "-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=OrientationStatus.VALIDATED) | Q(decision_date__isnull=False),
                name="orientation_validated_has_date",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=OrientationStatus.PROPOSED),
                name="orientation_one_proposal_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["departement_code", "status", "decision_date"]),
            # A person's decisions in order: their first and current orientations, their facts.
            models.Index(fields=["person", "status", "decision_date"], name="orientation_person_status"),
        ]

    def __str__(self):
        return f"Orientation {self.get_track_display().lower()} – {self.get_body_kind_display()}"


class ReferentAssignmentQuerySet(OfPersonQuerySet):
    def active(self):
        return self.filter(end_date=None)

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class ReferentAssignment(models.Model):
    """The dated designation of a person's référent unique; one active designation per person."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referent_assignments")
    # A référent's account is deactivated, never deleted, while they have designations.
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referent_assignments",
        verbose_name="référent",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referent_assignments", verbose_name="structure"
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    end_reason = models.CharField("motif de fin", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ReferentAssignmentQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "referent": Rule.KEEP,
            "organization": Rule.KEEP,
            "start_date": Rule.KEEP,
            "end_date": Rule.KEEP,
            "end_reason": Rule.ERASE,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "désignation de référent"
        verbose_name_plural = "désignations de référent"
        ordering = ["person", "-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="referent_one_active_per_person"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="referent_end_after_start",
            ),
        ]

    def __str__(self):
        return f"Référent {self.referent} depuis le {self.start_date:%d/%m/%Y}"
