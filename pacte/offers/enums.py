"""The offers' nomenclatures: those of the national schema of the offre d'insertion come from the
`data-inclusion-schema` package itself (values and French labels), never copied here; the aims,
the funding and the status are Pacte's own (the pacts name the six aims).
See docs/decisions/011-offers.md."""

from data_inclusion.schema import v1 as schema
from django.db import models


def _from_schema(name, enum):
    """A Django TextChoices of one of the schema's enums, in the schema's order and words."""
    return models.TextChoices(
        name, [(member.name, (member.value, member.label)) for member in enum], module=__name__
    )


Thematique = _from_schema("Thematique", schema.Thematique)
ServiceType = _from_schema("ServiceType", schema.TypeService)
Public = _from_schema("Public", schema.Public)
Fees = _from_schema("Fees", schema.Frais)
ReceptionMode = _from_schema("ReceptionMode", schema.ModeAccueil)
MobilisationMode = _from_schema("MobilisationMode", schema.ModeMobilisation)
ALL_PUBLICS = schema.Public.TOUS_PUBLICS.value


class OfferAim(models.TextChoices):
    """The six aims of an offer in the pacts (one offer may serve several)."""

    SOCIAL_BARRIERS = "lever_freins", "Lever les freins sociaux"
    REMOBILISE = "remobiliser", "Se remobiliser"
    PROJECT = "projet", "Renforcer son projet"
    QUALIFICATION = "qualification", "Accéder à la qualification"
    CREATE_ACTIVITY = "creer_activite", "Créer son activité"
    EMPLOYMENT = "emploi", "Accéder à l'emploi"


class FundingKind(models.TextChoices):
    FSE_PLUS = "fse_plus", "FSE+"
    CALL_FOR_PROJECTS = "appel_a_projets", "Appel à projets du département"
    CONVENTION = "convention", "Convention"
    OTHER = "autre", "Autre financement"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    ARCHIVED = "archived", "Archivée"


class PrescriptionStatus(models.TextChoices):
    """Where a prescription of a person to an offer stands (services.PRESCRIPTION_TRANSITIONS)."""

    SENT = "sent", "Envoyée"
    WAITLISTED = "waitlisted", "En liste d'attente"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    STARTED = "started", "Entrée dans l'action"
    COMPLETED = "completed", "Terminée"
    ABANDONED = "abandoned", "Abandonnée"
    CANCELLED = "cancelled", "Annulée par le prescripteur"


# The partner sees the person while the prescription runs; once it ends, it no longer does.
OPEN_PRESCRIPTION_STATUSES = (
    PrescriptionStatus.SENT,
    PrescriptionStatus.WAITLISTED,
    PrescriptionStatus.ACCEPTED,
    PrescriptionStatus.STARTED,
)
# The prescriptions that hold a seat of the offer (its fill rate).
SEAT_STATUSES = (PrescriptionStatus.ACCEPTED, PrescriptionStatus.STARTED)


class RefusalReason(models.TextChoices):
    FULL = "complet", "L'action est complète"
    NOT_ELIGIBLE = "hors_public", "La personne ne correspond pas au public de l'action"
    OUT_OF_AREA = "hors_zone", "La personne habite hors de la zone de l'action"
    UNREACHABLE = "injoignable", "La personne n'a pas pu être jointe"
    DECLINED = "refus_personne", "La personne ne souhaite pas y participer"
    NOT_SUITED = "inadapte", "L'action ne répond pas au besoin"
    OTHER = "autre", "Autre motif"


class PrescriptionOutcome(models.TextChoices):
    """What came of an action, said by the partner when it ends (completed or abandoned)."""

    EMPLOYMENT = "emploi", "Accès à l'emploi"
    TRAINING = "formation", "Entrée en formation"
    NEXT_ACTION = "autre_action", "Suite vers une autre action"
    BARRIER_LIFTED = "frein_leve", "Frein levé"
    GOAL_REACHED = "objectif_atteint", "Objectif de l'action atteint"
    NO_SHOW = "absence", "La personne ne s'est pas présentée"
    HEALTH = "sante", "Raisons de santé"
    MOVED = "demenagement", "Déménagement"
    NO_RESULT = "sans_suite", "Sans suite"
    OTHER = "autre", "Autre"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Présente"
    EXCUSED = "excuse", "Absence excusée"
    ABSENT = "absent", "Absence non excusée"
