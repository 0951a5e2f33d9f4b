from pacte.employment.models.employers import (
    EMPLOYER_KINDS,
    JOB_OFFER_READER_ROLES,
    RELATIONS_ROLES,
    WEEKLY_HOURS,
    EmployerContact,
    EmployerProfile,
    InsertionPosition,
    Interaction,
    JobOffer,
    JobOfferImport,
    TensionJob,
    TensionList,
)
from pacte.employment.models.placements import *  # noqa: F403
from pacte.employment.models.positionings import *  # noqa: F403

__all__ = [
    "EMPLOYER_KINDS",
    "JOB_OFFER_READER_ROLES",
    "RELATIONS_ROLES",
    "WEEKLY_HOURS",
    "EmployerContact",
    "EmployerProfile",
    "InsertionPosition",
    "Interaction",
    "JobOffer",
    "JobOfferImport",
    "TensionJob",
    "TensionList",
]
