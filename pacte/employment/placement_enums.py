"""The states and nomenclatures of immersions (PMSMP), tutoring and social clauses: ASCII values,
French labels."""

from django.db import models


class ImmersionStatus(models.TextChoices):
    DRAFT = "draft", "Convention en préparation"
    SIGNED = "signed", "Convention signée"
    CARRIED_OUT = "carried_out", "Immersion réalisée"
    EVALUATED = "evaluated", "Immersion évaluée"
    CANCELLED = "cancelled", "Immersion annulée"


class ImmersionObjective(models.TextChoices):
    """The three aims of a PMSMP (Code du travail, art. L. 5135-2)."""

    DISCOVER = "discover", "Découvrir un métier ou un secteur d'activité"
    CONFIRM = "confirm", "Confirmer un projet professionnel"
    RECRUIT = "recruit", "Initier une démarche de recrutement"


class SignatureParty(models.TextChoices):
    PERSON = "person", "la personne en immersion"
    EMPLOYER = "employer", "la structure d'accueil"
    PRESCRIBER = "prescriber", "le prescripteur"


class Attendance(models.TextChoices):
    FULL = "full", "Présence sur toute la période"
    OCCASIONAL = "occasional", "Absences ponctuelles"
    REPEATED = "repeated", "Absences répétées"


class ImmersionNextStep(models.TextChoices):
    RECRUITMENT = "recruitment", "Recrutement"
    TRAINING = "training", "Entrée en formation"
    OTHER_IMMERSION = "other_immersion", "Autre immersion"
    JOB_SEARCH = "job_search", "Poursuite de la recherche d'emploi"
    PROJECT_CHANGE = "project_change", "Réorientation du projet professionnel"
    OTHER = "other", "Autre suite"


class TutoringOutcome(models.TextChoices):
    JOB_KEPT = "job_kept", "Emploi maintenu"
    CONTRACT_ENDED = "contract_ended", "Fin du contrat à son terme"
    LEFT = "left", "Départ à l'initiative de la personne"
    ENDED_BY_EMPLOYER = "ended_by_employer", "Rupture à l'initiative de l'employeur"
    OTHER = "other", "Autre fin"
