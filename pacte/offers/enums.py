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
