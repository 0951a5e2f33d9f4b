import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations import perms
from pacte.pathways.enums import TeamCaseKind, TeamCaseStatus, TeamDecision
from pacte.territory.models import Territory

# How long a session stays open after its last decision: the letters, the right to be heard.
OPEN_AFTER_DECISION = datetime.timedelta(days=60)


class TeamSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the départements where `user` orients."""
        return self.filter(perms.departement_q(user, *perms.ORIENTING_ROLES))

    def open(self):
        """The sessions still in hand: a case awaits its decision, or a decision is less than
        `OPEN_AFTER_DECISION` old."""
        cutoff = timezone.localdate() - OPEN_AFTER_DECISION
        in_hand = TeamCase.objects.filter(~Q(status=TeamCaseStatus.DECIDED) | Q(decided_at__gte=cutoff))
        return self.filter(pk__in=in_hand.values("session_id"))


class TeamSession(models.Model):
    """A meeting of an équipe pluridisciplinaire, for a territory of action."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire",
    )
    held_on = models.DateField("date de la séance")
    place = models.CharField("lieu", max_length=250, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="membres"
    )
    external_members = models.TextField("autres membres (hors Pacte)", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamSessionQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "territory": Rule.KEEP,
            "held_on": Rule.KEEP,
            "place": Rule.KEEP,
            "external_members": Rule.ERASE,
            "created_at": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "séance d'équipe pluridisciplinaire"
        verbose_name_plural = "séances d'équipe pluridisciplinaire"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Équipe pluridisciplinaire du {self.held_on:%d/%m/%Y}"


class TeamCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases of the sessions `user` reaches, for the persons `user` may see; all the cases
        of the sessions `user` is a member of."""
        sat_on = TeamSession.objects.filter(members=user).values("pk")
        return self.filter(
            perms.departement_q(user, *perms.ORIENTING_ROLES, field="session__departement_code"),
            Q(person__in=Person.objects.visible_to(user).values("pk")) | Q(session__in=sat_on),
        )

    def for_persons(self, persons):
        return self.filter(person__in=persons.values("pk"))

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class TeamCase(models.Model):
    """A person's case examined in a session: reorientation, non-compliance, suspension-remobilisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_cases")
    kind = models.CharField("motif d'examen", max_length=30, choices=TeamCaseKind.choices)
    summary = models.TextField("exposé de la situation", blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=TeamCaseStatus.choices, default=TeamCaseStatus.PENDING
    )
    decision = models.CharField("décision", max_length=30, choices=TeamDecision.choices, blank=True)
    decision_note = models.TextField("motif de la décision", blank=True)
    decided_at = models.DateField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = TeamCaseQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "session": Rule.KEEP,
            "person": Rule.KEEP,
            "kind": Rule.KEEP,
            "summary": Rule.ERASE,
            "status": Rule.KEEP,
            "decision": Rule.KEEP,
            "decision_note": Rule.ERASE,
            "decided_at": Rule.KEEP,
            "decided_by": Rule.ERASE,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "dossier examiné en équipe"
        verbose_name_plural = "dossiers examinés en équipe"
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "kind"], name="team_case_unique"),
            models.CheckConstraint(
                condition=~Q(status=TeamCaseStatus.DECIDED) | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="team_case_decided_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.session}"
