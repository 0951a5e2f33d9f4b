from django.db import models


class BarrierTheme(models.TextChoices):
    HEALTH = "health", "Santé"
    MOBILITY = "mobility", "Mobilité"
    HOUSING = "housing", "Logement"
    CHILDCARE = "childcare", "Garde d'enfants"
    LANGUAGE = "language", "Langue et savoirs de base"
    DIGITAL = "digital", "Numérique"
    ADMINISTRATIVE = "administrative", "Démarches administratives"
    FINANCIAL = "financial", "Situation financière"
    FAMILY = "family", "Situation familiale"
    EMPLOYMENT = "employment", "Emploi et formation"


class ExitCategory(models.TextChoices):
    EMPLOYMENT = "employment", "Emploi"
    TRAINING = "training", "Formation"
    END_OF_RIGHT = "end_of_right", "Fin de droit"
    MOVED = "moved", "Déménagement"
    OTHER = "other", "Autre"
