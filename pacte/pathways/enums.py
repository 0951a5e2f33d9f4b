"""Choices and the transition tables of the pathway workflows (one table per workflow)."""

from django.db import models

from pacte.core.transitions import TransitionTable


class Track(models.TextChoices):
    PROFESSIONAL = "professionnelle", "Professionnelle"
    SOCIO_PROFESSIONAL = "socioprofessionnelle", "Socioprofessionnelle"
    SOCIAL = "sociale", "Sociale"


class OrientationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    VALIDATED = "validated", "Validée"
    REFUSED = "refused", "Écartée"


ORIENTATION_TRANSITIONS = TransitionTable(
    "orientation",
    {OrientationStatus.PROPOSED: {OrientationStatus.VALIDATED, OrientationStatus.REFUSED}},
    labels=OrientationStatus,
    actions={
        OrientationStatus.VALIDATED: "orientation.validate",
        OrientationStatus.REFUSED: "orientation.refuse",
    },
)


class OrientationOrigin(models.TextChoices):
    CAF = "caf", "Pré-orientation (flux CAF)"
    MANUAL = "manual", "Décision manuelle"
    HISTORY_IMPORT = "history_import", "Reprise d'historique"


class RuleCondition(models.TextChoices):
    AGE_RANGE = "age_range", "Tranche d'âge"
    LONE_PARENT = "lone_parent", "Parent isolé"
    NO_FIXED_ADDRESS = "no_fixed_address", "Sans domicile fixe"
    LANGUAGE_BARRIER = "language_barrier", "Difficultés de langue"
    RECENT_WORK = "recent_work", "Activité professionnelle récente"
    FRANCE_TRAVAIL_REGISTERED = "france_travail_registered", "Inscrit·e à France Travail"
    HEALTH_BARRIER = "health_barrier", "Frein de santé"
    ALWAYS = "always", "Toute personne (règle par défaut)"


class ProfessionalSituation(models.TextChoices):
    EMPLOYED = "employed", "En emploi"
    JOB_SEEKER = "job_seeker", "En recherche d'emploi"
    TRAINING = "training", "En formation"
    SELF_EMPLOYED = "self_employed", "Travailleur·se indépendant·e"
    INACTIVE = "inactive", "Sans activité"
    UNABLE = "unable", "Dans l'incapacité de travailler"


class EducationLevel(models.TextChoices):
    NONE = "none", "Aucun diplôme"
    LEVEL_3 = "3", "CAP, BEP (niveau 3)"
    LEVEL_4 = "4", "Baccalauréat (niveau 4)"
    LEVEL_5 = "5", "Bac +2 (niveau 5)"
    LEVEL_6 = "6", "Licence, bac +3 (niveau 6)"
    LEVEL_7 = "7", "Master, bac +5 (niveau 7)"
    LEVEL_8 = "8", "Doctorat (niveau 8)"


class BarrierLevel(models.TextChoices):
    """How much a frein périphérique weighs on the search for a job (the national criteria's scale)."""

    STRONG = "strong", "Frein fort"
    MEDIUM = "medium", "Frein modéré"
    NO_IMPACT = "no_impact", "Sans impact"


# From the heaviest to the lightest: the national criteria read the heaviest level of a diagnostic.
BARRIER_LEVEL_ORDER = [BarrierLevel.STRONG, BarrierLevel.MEDIUM, BarrierLevel.NO_IMPACT]


class JobProjection(models.TextChoices):
    """Whether the person can project themself into a job (a criterion of the national criteria)."""

    YES = "yes", "Oui, à court terme"
    WITH_SUPPORT = "with_support", "Avec un appui"
    NO = "no", "Non, pas pour le moment"


class NationalCriterion(models.TextChoices):
    """The criterion of the national orientation criteria that decided a proposal."""

    ACTIVITY_NO_IMPACT = "activity_no_impact", "Activité récente, sans frein ayant un impact"
    ACTIVITY_WITH_BARRIER = "activity_with_barrier", "Activité récente, avec un frein"
    STRONG_BARRIER = "strong_barrier", "Frein fort, sans activité récente"
    NO_PROJECTION_WITH_BARRIER = (
        "no_projection_with_barrier",
        "Pas de projection dans l'emploi, avec un frein",
    )
    NO_PROJECTION = "no_projection", "Pas de projection dans l'emploi"
    PROJECTION_QUALIFIED = "projection_qualified", "Projection dans l'emploi et formation qualifiante"
    PROJECTION_WITH_BARRIER = "projection_with_barrier", "Projection dans l'emploi, avec un frein modéré"
    PROJECT_TO_BUILD = "project_to_build", "Projet professionnel à construire"


class ContractKind(models.TextChoices):
    CER = "cer", "Contrat d'engagement réciproque (CER)"
    PPAE = "ppae", "Projet personnalisé d'accès à l'emploi (PPAE)"
    CONTRAT_ENGAGEMENT = "contrat_engagement", "Contrat d'engagement"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SIGNED = "signed", "Signé"
    ENDED = "ended", "Terminé"
    RENEWED = "renewed", "Renouvelé"


CONTRACT_TRANSITIONS = TransitionTable(
    "contract",
    {
        ContractStatus.DRAFT: {ContractStatus.SIGNED},
        ContractStatus.SIGNED: {ContractStatus.ENDED, ContractStatus.RENEWED},
    },
    labels=ContractStatus,
    actions={
        ContractStatus.SIGNED: "contract.sign",
        ContractStatus.ENDED: "contract.end",
        ContractStatus.RENEWED: "contract.renew",
    },
)

DEFAULT_WEEKLY_HOURS = 15


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", "Prévu"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisé"
    ABANDONED = "abandoned", "Abandonné"


PLAN_ITEM_TRANSITIONS = TransitionTable(
    "plan_item",
    {
        PlanItemStatus.PLANNED: {PlanItemStatus.IN_PROGRESS, PlanItemStatus.DONE, PlanItemStatus.ABANDONED},
        PlanItemStatus.IN_PROGRESS: {PlanItemStatus.DONE, PlanItemStatus.ABANDONED},
    },
    labels=PlanItemStatus,
    # One table for objectives and actions: plan.planobjective.status, plan.planaction.status.
    actions={status: "plan.{model}.status" for status in PlanItemStatus.values},
)


class AppointmentKind(models.TextChoices):
    CONVOCATION = "convocation", "Convocation"
    FOLLOW_UP = "follow_up", "Entretien de suivi"
    CONTRACT = "contract", "Signature du contrat"
    OTHER = "other", "Autre rendez-vous"


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Prévu"
    SEEN = "seen", "Honoré"
    EXCUSED = "excused", "Absence excusée"
    ABSENT = "absent", "Absent·e"
    CANCELLED = "cancelled", "Annulé"


APPOINTMENT_TRANSITIONS = TransitionTable(
    "appointment",
    {
        AppointmentStatus.SCHEDULED: {
            AppointmentStatus.SEEN,
            AppointmentStatus.EXCUSED,
            AppointmentStatus.ABSENT,
            AppointmentStatus.CANCELLED,
        }
    },
    labels=AppointmentStatus,
    actions={
        AppointmentStatus.SEEN: "appointment.attendance",
        AppointmentStatus.EXCUSED: "appointment.attendance",
        AppointmentStatus.ABSENT: "appointment.attendance",
        AppointmentStatus.CANCELLED: "appointment.cancel",
    },
)


class ReorientationStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REJECTED = "rejected", "Refusée"


REORIENTATION_TRANSITIONS = TransitionTable(
    "reorientation",
    {ReorientationStatus.PENDING: {ReorientationStatus.ACCEPTED, ReorientationStatus.REJECTED}},
    labels=ReorientationStatus,
    actions={status: "reorientation.decide" for status in ReorientationStatus.values},
)


class TeamCaseKind(models.TextChoices):
    REORIENTATION = "reorientation", "Réorientation"
    NON_COMPLIANCE = "non_compliance", "Manquement aux obligations"
    SUSPENSION_REMOBILISATION = "suspension_remobilisation", "Suspension-remobilisation"


class TeamCaseStatus(models.TextChoices):
    PENDING = "pending", "À examiner"
    DECIDED = "decided", "Décidé"
    POSTPONED = "postponed", "Ajourné"


TEAM_CASE_TRANSITIONS = TransitionTable(
    "team_case",
    {
        TeamCaseStatus.PENDING: {TeamCaseStatus.DECIDED, TeamCaseStatus.POSTPONED},
        TeamCaseStatus.POSTPONED: {TeamCaseStatus.DECIDED},
    },
    labels=TeamCaseStatus,
    actions={TeamCaseStatus.DECIDED: "team.case.decide", TeamCaseStatus.POSTPONED: "team.case.postpone"},
)


class TeamDecision(models.TextChoices):
    MAINTAIN = "maintain", "Maintien de l'orientation"
    REORIENT = "reorient", "Réorientation"
    NO_SANCTION = "no_sanction", "Pas de sanction"
    SUSPENSION = "suspension", "Suspension du versement"
    SUSPENSION_REMOBILISATION = "suspension_remobilisation", "Suspension-remobilisation"
    REMOBILISED = "remobilised", "Remobilisation constatée, levée de la suspension"
    RADIATION = "radiation", "Radiation"


class ExitKind(models.TextChoices):
    EMPLOYMENT = "employment", "Emploi"
    TRAINING = "training", "Formation"
    END_OF_RIGHT = "end_of_right", "Fin de droit"
    MOVED = "moved", "Déménagement"
    OTHER = "other", "Autre"


class EmploymentContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD_LONG = "cdd_long", "CDD de 6 mois ou plus"
    CDD_SHORT = "cdd_short", "CDD de moins de 6 mois"
    INTERIM = "interim", "Intérim"
    IAE = "iae", "Contrat d'insertion (IAE)"
    ALTERNANCE = "alternance", "Alternance"
    BUSINESS_CREATION = "business_creation", "Création d'entreprise"
