"""The pact: its period and status, signatories and their commitments, thematics → objectives →
actions (pilot, partners, referent, calendar, budget lines), concertation events, and its own
indicators with their yearly values.

A pact holds no beneficiary's data. The names it holds (thematic referents, action referents,
signatories' contacts, attendees of a concertation) are professionals' in their public role: they
are kept (`PRIVACY`), and no retention period ends them. Offers will point to the `Action` that
funds them (`offers -> pact`), through a nullable foreign key on the offer.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from pacte.core.privacy import Privacy, Rule
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pact.enums import (
    ConcertationKind,
    FundingSource,
    PactStatus,
    ProgressStatus,
    ReportStatus,
    ValueSource,
)
from pacte.territory.models import Departement

# Who reads the pacts of a département: all its staff; analysts read them as aggregates, they hold
# no personal data. Only the direction changes them.
READER_ROLES = tuple(role for role in Role if role != Role.BENEFICIARY)
EDITOR_ROLES = (Role.DIRECTION,)


def _kept(*names):
    return Privacy(fields=dict.fromkeys(names, Rule.KEEP))


class PactQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(perms.departement_q(user, *READER_ROLES, field="departement_id"))

    def editable_by(self, user):
        return self.filter(perms.departement_q(user, *EDITOR_ROLES, field="departement_id"))


class Pact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    # A département's pacts are its history: the département is never deleted under them.
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="pacts")
    title = models.CharField("titre", max_length=250)
    territory = models.CharField("territoire", max_length=250)
    start_year = models.PositiveSmallIntegerField("première année")
    end_year = models.PositiveSmallIntegerField("dernière année")
    status = models.CharField("statut", max_length=10, choices=PactStatus.choices, default=PactStatus.DRAFT)
    adopted_on = models.DateField("adopté par l'assemblée le", null=True, blank=True)
    closed_on = models.DateField("clos le", null=True, blank=True)
    summary = models.TextField("présentation", blank=True)
    commitments = models.TextField("engagements communs des signataires", blank=True)
    governance = models.JSONField("gouvernance (niveaux de suivi)", default=list)
    # The six operational aims of the offre d'insertion a pact names (2016–2020).
    offer_aims = models.JSONField("objectifs opérationnels de l'offre d'insertion", default=list)
    thematic_label = models.CharField("nom des grandes parties", max_length=40, default="Thématique")
    # What the text announces, when the seeds do not list them all (44 actions, 21 signatories).
    announced_actions = models.PositiveSmallIntegerField("actions annoncées", null=True, blank=True)
    announced_signatories = models.PositiveSmallIntegerField("signataires annoncés", null=True, blank=True)
    notes = models.TextField("remarques sur les sources", blank=True)
    source = models.CharField("source du texte", max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PactQuerySet.as_manager()

    class Meta:
        verbose_name = "pacte territorial d'insertion"
        verbose_name_plural = "pactes territoriaux d'insertion"
        ordering = ["departement_id", "-start_year", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="pact_period_order"
            ),
            models.CheckConstraint(
                condition=Q(closed_on=None) | Q(status=PactStatus.CLOSED), name="pact_closed_on_when_closed"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"


class Signatory(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="signatories")
    position = models.PositiveSmallIntegerField("rang", default=0)
    name = models.CharField("signataire", max_length=250)
    # The signatory's structure in Pacte, when it has one; the name stays if it goes.
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="pact_signatures"
    )
    commitment = models.TextField("engagements", blank=True)

    PRIVACY = _kept("pact", "position", "name", "organization", "commitment")

    class Meta:
        verbose_name = "signataire"
        ordering = ["pact_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["pact", "name"], name="signatory_unique_name")]

    def __str__(self):
        return self.name


class Thematic(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="thematics")
    position = models.PositiveSmallIntegerField("rang", default=0)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("présentation", blank=True)
    # The thematic referent: a professional, named in the pact's governance.
    referent_name = models.CharField("référent·e thématique", max_length=150, blank=True)
    referent_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    PRIVACY = _kept("pact", "position", "title", "description", "referent_name", "referent_organization")

    class Meta:
        verbose_name = "thématique"
        ordering = ["pact_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["pact", "title"], name="thematic_unique_title")]

    def __str__(self):
        return self.title


class Objective(models.Model):
    thematic = models.ForeignKey(Thematic, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField("rang", default=0)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("précisions", blank=True)

    class Meta:
        verbose_name = "objectif"
        ordering = ["thematic_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["thematic", "title"], name="objective_unique_title")]

    def __str__(self):
        return self.title


class ActionQuerySet(models.QuerySet):
    def reported_by(self, user):
        """The actions `user` writes the yearly reports of: named among their reporters, and holding
        the pact_contributor role in the pact's département (a reporter who loses it reports no more)."""
        field = "objective__thematic__pact__departement_id"
        return self.filter(reporters=user).filter(
            perms.departement_q(user, Role.PACT_CONTRIBUTOR, field=field)
        )


class Action(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField("rang", default=0)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    # The pilot is a structure of Pacte, or only named (a partner not yet in Pacte).
    pilot = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="piloted_actions"
    )
    pilot_name = models.CharField("pilote (si la structure n'est pas dans Pacte)", max_length=250, blank=True)
    partners = models.ManyToManyField(Organization, blank=True, related_name="partner_actions")
    partner_names = models.JSONField("autres partenaires", default=list, blank=True)
    referent_name = models.CharField("référent·e de l'action", max_length=150, blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    calendar = models.TextField("calendrier", blank=True)
    # Who writes the action's yearly report: users the direction names (thematic referents, the
    # pilot's staff), each holding the pact_contributor role in the pact's département.
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reported_actions",
        verbose_name="rédacteur·rices du bilan",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    PRIVACY = _kept(
        "uuid", "objective", "position", "title", "description", "pilot", "pilot_name", "partner_names",
        "referent_name", "start_date", "end_date", "calendar", "created_at", "updated_at",
    )  # fmt: skip

    class Meta:
        verbose_name = "action"
        ordering = ["objective_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "title"], name="action_unique_title"),
            models.CheckConstraint(
                condition=Q(start_date=None) | Q(end_date=None) | Q(end_date__gte=models.F("start_date")),
                name="action_dates_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def pilot_label(self):
        return self.pilot.name if self.pilot_id else self.pilot_name


class BudgetLine(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField("année")
    label = models.CharField("objet", max_length=250)
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    funding_source = models.CharField("financement", max_length=20, choices=FundingSource.choices)
    funding_detail = models.CharField("précisions sur le financement", max_length=250, blank=True)

    class Meta:
        verbose_name = "ligne budgétaire"
        ordering = ["action_id", "year", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_positive")]

    def __str__(self):
        return f"{self.label} ({self.year})"


class ConcertationEvent(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="concertation_events")
    position = models.PositiveSmallIntegerField("rang", default=0)
    kind = models.CharField("nature", max_length=25, choices=ConcertationKind.choices)
    title = models.CharField("intitulé", max_length=250)
    held_on = models.DateField("date", null=True, blank=True)
    period = models.CharField("période", max_length=150, blank=True)
    meetings = models.PositiveSmallIntegerField("réunions", null=True, blank=True)
    attendees_count = models.PositiveIntegerField("participants", null=True, blank=True)
    attendees = models.TextField("participants (structures, collèges)", blank=True)
    contributions = models.TextField("contributions", blank=True)

    PRIVACY = _kept(
        "pact", "position", "kind", "title", "held_on", "period", "meetings", "attendees_count", "attendees",
        "contributions",
    )  # fmt: skip

    class Meta:
        verbose_name = "temps de concertation"
        verbose_name_plural = "temps de concertation"
        ordering = ["pact_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["pact", "title"], name="concertation_unique_title")]

    def __str__(self):
        return self.title


class PactIndicator(models.Model):
    """An indicator of the pact: its definition, unit, baseline and yearly targets. Its values are
    entered by hand, read in the pact's text, or (later) computed from Pacte's data."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="indicators")
    # Attached to the action or objective it measures, if any; the indicator stays when they go.
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    code = models.SlugField("code", max_length=80)
    name = models.CharField("intitulé", max_length=250)
    definition = models.TextField("définition", blank=True)
    unit = models.CharField("unité", max_length=40, default="personnes")
    baseline = models.DecimalField(
        "valeur de référence", max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField("année de référence", null=True, blank=True)
    # {"2023": 120, ...}: the target of each year, keys as strings (JSON).
    targets = models.JSONField("cibles annuelles", default=dict, blank=True)
    source = models.CharField("source", max_length=250, blank=True)
    # The computation that fills it from Pacte's data (the evaluation app); empty when entered by hand.
    computation = models.CharField("calcul", max_length=80, blank=True)

    class Meta:
        verbose_name = "indicateur du pacte"
        verbose_name_plural = "indicateurs du pacte"
        ordering = ["pact_id", "code", "id"]
        constraints = [models.UniqueConstraint(fields=["pact", "code"], name="pact_indicator_unique_code")]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One value a year of an indicator, dated and traceable: who entered it, or from what."""

    indicator = models.ForeignKey(PactIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField("année")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    is_approximate = models.BooleanField("valeur approchée", default=False)
    dated = models.DateField("connue le")
    source = models.CharField("origine", max_length=10, choices=ValueSource.choices)
    note = models.CharField("précision", max_length=500, blank=True)
    # The entering user; computed and seed values have none.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What a computation read (its parameters and counts), for the computed values.
    details = models.JSONField("détail du calcul", default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "valeur d'indicateur"
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_one_a_year")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year} : {self.value}"


REPORT_DEPARTEMENT = "action__objective__thematic__pact__departement_id"


class ActionReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The direction reads every report of its département, a reporter those of its actions,
        every other reader of the pact the validated ones only."""
        if perms.sees_everything(user):
            return self.all()
        direction = perms.departement_q(user, *EDITOR_ROLES, field=REPORT_DEPARTEMENT)
        validated = perms.departement_q(user, *READER_ROLES, field=REPORT_DEPARTEMENT) & Q(
            status=ReportStatus.VALIDATED
        )
        own = Q(action__in=Action.objects.reported_by(user))
        return self.filter(direction | validated | own)

    def reviewable_by(self, user):
        return self.filter(perms.departement_q(user, *EDITOR_ROLES, field=REPORT_DEPARTEMENT))


class ActionReport(models.Model):
    """The yearly report on an action, written by one of its reporters and reviewed by the
    direction: draft → submitted → validated, or returned with a comment and submitted again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField("état", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    progress_percent = models.PositiveSmallIntegerField("avancement (%)", null=True, blank=True)
    progress_status = models.CharField(
        "état d'avancement", max_length=12, choices=ProgressStatus.choices, blank=True
    )
    values = models.TextField("réalisations chiffrées", blank=True)
    advances = models.TextField("avancées", blank=True)
    difficulties = models.TextField("difficultés", blank=True)
    next_steps = models.TextField("prochaines étapes", blank=True)
    # The writer and the reviewer are professionals; the report stays when their account goes.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The author's structure: what readers without access to names (analysts) are told.
    author_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("transmis le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("relu le", null=True, blank=True)
    review_comment = models.TextField("commentaire de la direction", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionReportQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan d'action"
        verbose_name_plural = "bilans d'action"
        ordering = ["action_id", "-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "year"], name="action_report_one_a_year"),
            models.CheckConstraint(
                condition=Q(progress_percent=None) | Q(progress_percent__lte=100),
                name="action_report_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.RETURNED) | ~Q(review_comment=""),
                name="action_report_returned_with_comment",
            ),
        ]

    def __str__(self):
        return f"{self.action} — bilan {self.year}"


class SteeringCommittee(models.Model):
    """A steering committee of the pact: who attended, its agenda and minutes, its decisions and
    the follow-up tasks it gave."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="committees")
    held_on = models.DateField("date")
    title = models.CharField("intitulé", max_length=250)
    agenda = models.TextField("ordre du jour", blank=True)
    minutes = models.TextField("compte rendu", blank=True)
    attendee_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="attended_committees",
        verbose_name="participant·es",
    )
    attendee_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="attended_committees", verbose_name="structures présentes"
    )
    other_attendees = models.TextField("autres participant·es", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PRIVACY = _kept(
        "uuid", "pact", "held_on", "title", "agenda", "minutes", "other_attendees", "created_at", "updated_at"
    )

    class Meta:
        verbose_name = "comité de pilotage"
        verbose_name_plural = "comités de pilotage"
        ordering = ["pact_id", "-held_on", "id"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class CommitteeDecision(models.Model):
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField("rang", default=0)
    text = models.TextField("décision")
    # The action it is about, if any; the decision stays when the action goes.
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="committee_decisions"
    )

    class Meta:
        verbose_name = "décision de comité"
        ordering = ["committee_id", "position", "id"]

    def __str__(self):
        return self.text[:80]


class FollowUpTaskQuerySet(models.QuerySet):
    def open_for(self, user):
        """The owner's tasks not done yet, the oldest due first, those without a due date last."""
        return self.filter(owner=user, done_at=None).order_by(
            models.F("due_on").asc(nulls_last=True), "created_at", "id"
        )


class FollowUpTask(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="tasks")
    decision = models.ForeignKey(
        CommitteeDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField("suite à donner", max_length=300)
    # The owner sees the task on their home page; it stays, unowned, if their account goes.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_tasks",
    )
    due_on = models.DateField("échéance", null=True, blank=True)
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "suite de comité"
        verbose_name_plural = "suites de comité"
        ordering = ["committee_id", "due_on", "id"]

    def __str__(self):
        return self.title
