"""The model enums of the CAF codes, derived from `caf/codes.py` (the one list of each code)."""

from django.db import models

from pacte.beneficiaries.caf import codes


def _choices(name, names, code_list):
    """A TextChoices of `code_list` ({code: French label}); `names`: {code: member name}."""
    return models.TextChoices(
        name, [(names[code], (code, label)) for code, label in code_list.items()], module=__name__
    )


# ETATDOSRSA, the state of the RSA right of a dossier.
RightState = _choices(
    "RightState",
    {
        "Z": "UNDEFINED",
        "0": "NEW_DEMAND",
        "1": "REFUSED",
        "2": "OPEN",
        "3": "OPEN_SUSPENDED",
        "4": "PAYMENT_SUSPENDED",
        "5": "CLOSED",
        "6": "CLOSED_EARLIER",
    },
    codes.ETATDOSRSA,
)

OPEN_RIGHT_STATES = frozenset(RightState(code) for code in codes.OPEN_STATES)

# ROLEPERS of the RSA benefit (BEN: the VRSD0301 role of the partner).
RsaRole = _choices("RsaRole", {code: code for code in codes.ROLEPERS}, codes.ROLEPERS)

ADULT_ROLES = frozenset(RsaRole(code) for code in codes.ADULT_ROLES)

Sex = _choices("Sex", {"1": "MAN", "2": "WOMAN"}, codes.SEXE)


class SddCohort(models.TextChoices):
    """Whether a person subject to rights and duties was already so in the département's first CAF
    file (the stock a deployment starts with) or entered afterwards (the flow the 6 weeks apply to).
    See docs/decisions/008-stock-and-flow.md."""

    STOCK = "stock", "Stock (déjà soumis au premier fichier)"
    ENTRANT = "entrant", "Entrant"


class SddEvidence(models.TextChoices):
    """What dates a person's entry into rights and duties, best evidence first; never the day a
    file was imported."""

    DDSOUDRODEV = "ddsoudrodev", "date d'entrée transmise par la CAF (DDSOUDRODEV)"
    HISTORY = "history", "historique importé de l'ancien logiciel"
    BETWEEN_FILES = (
        "between_files",
        "passage constaté entre deux fichiers de la CAF (lendemain du fichier précédent)",
    )
    DEMAND = "demand", "date de demande du RSA (DTDEMRSA)"
