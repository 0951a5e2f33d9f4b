from django.db import models


class RightState(models.TextChoices):
    """ETATDOSRSA, the state of the RSA right of a dossier."""

    UNDEFINED = "Z", "Non défini"
    NEW_DEMAND = "0", "Nouvelle demande en attente de décision du département"
    REFUSED = "1", "Droit refusé"
    OPEN = "2", "Droit ouvert et versable"
    OPEN_SUSPENDED = "3", "Droit ouvert et suspendu"
    PAYMENT_SUSPENDED = "4", "Droit ouvert, versement suspendu"
    CLOSED = "5", "Droit clos"
    CLOSED_EARLIER = "6", "Droit clos sur mois antérieur"


OPEN_RIGHT_STATES = frozenset({RightState.OPEN, RightState.OPEN_SUSPENDED, RightState.PAYMENT_SUSPENDED})


class RsaRole(models.TextChoices):
    DEM = "DEM", "Demandeur"
    CJT = "CJT", "Conjoint"
    ENF = "ENF", "Enfant"
    AUT = "AUT", "Autre"
    RDO = "RDO", "Responsable du dossier"


ADULT_ROLES = frozenset({RsaRole.DEM, RsaRole.CJT})


class Sex(models.TextChoices):
    MAN = "1", "Homme"
    WOMAN = "2", "Femme"
