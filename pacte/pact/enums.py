from django.db import models


class PactStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    ADOPTED = "adopted", "Adopté"
    CLOSED = "closed", "Clos"


class FundingSource(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    FSE_PLUS = "fse_plus", "FSE+ (Fonds social européen)"
    STATE = "etat", "État"
    REGION = "region", "Région"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"
    OTHER = "autre", "Autre financement"


class ConcertationKind(models.TextChoices):
    ASSISES = "assises", "Assises"
    MEETING = "reunion", "Réunion de concertation"
    PARTNERSHIP_DAY = "journee_partenariale", "Journée partenariale"
    STEERING = "comite_pilotage", "Comité de pilotage"
    LAUNCH = "lancement", "Lancement"


class ValueSource(models.TextChoices):
    ENTERED = "saisie", "Saisie"
    COMPUTED = "calcul", "Calcul"
    SEED = "seed", "Texte du pacte"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Transmis à la direction"
    VALIDATED = "validated", "Validé"
    RETURNED = "returned", "Renvoyé pour compléments"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Non commencée"
    ON_TRACK = "on_track", "En cours, dans les temps"
    LATE = "late", "En retard"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"
