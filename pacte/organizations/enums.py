from django.db import models


class OrganizationKind(models.TextChoices):
    DEPARTEMENT = "departement", "Conseil départemental (services)"
    MAISON_DEPARTEMENT = "maison_departement", "Maison du département"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    PLIE = "plie", "PLIE"
    MAISON_EMPLOI = "maison_emploi", "Maison de l'emploi"
    CCAS = "ccas", "CCAS / CIAS"
    ASSOCIATION = "association", "Association"
    TRAINING_BODY = "training_body", "Organisme de formation"
    SIAE_EI = "siae_ei", "Entreprise d'insertion (EI)"
    SIAE_AI = "siae_ai", "Association intermédiaire (AI)"
    SIAE_ACI = "siae_aci", "Atelier et chantier d'insertion (ACI)"
    SIAE_ETTI = "siae_etti", "Entreprise de travail temporaire d'insertion (ETTI)"
    SIAE_EITI = "siae_eiti", "Entreprise d'insertion par le travail indépendant (EITI)"
    GEIQ = "geiq", "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"
    EMPLOYER = "employer", "Employeur"
    EMPLOYER_FEDERATION = "employer_federation", "Fédération d'employeurs"
    CAF = "caf", "Caisse d'allocations familiales (CAF)"
    MSA = "msa", "Mutualité sociale agricole (MSA)"
    STATE = "state", "Services de l'État"
    REGION = "region", "Conseil régional"
    ARS = "ars", "Agence régionale de santé (ARS)"
    CHAMBER = "chamber", "Chambre consulaire"
    OTHER = "other", "Autre structure"


SIAE_KINDS = frozenset(
    {
        OrganizationKind.SIAE_EI,
        OrganizationKind.SIAE_AI,
        OrganizationKind.SIAE_ACI,
        OrganizationKind.SIAE_ETTI,
        OrganizationKind.SIAE_EITI,
        OrganizationKind.GEIQ,
    }
)


class OrientationBodyKind(models.TextChoices):
    """The kind of body a person is oriented to, as the OARSA survey counts them."""

    FRANCE_TRAVAIL = "france_travail", "France Travail"
    SPE_AUTRE = "spe_autre", "Autre organisme du service public de l'emploi"
    DEPARTEMENT = "departement", "Services du département"
    HORS_SPE = "hors_spe", "Autre organisme (hors SPE)"


ORIENTATION_BODY_BY_KIND = {
    OrganizationKind.FRANCE_TRAVAIL: OrientationBodyKind.FRANCE_TRAVAIL,
    OrganizationKind.MISSION_LOCALE: OrientationBodyKind.SPE_AUTRE,
    OrganizationKind.CAP_EMPLOI: OrientationBodyKind.SPE_AUTRE,
    OrganizationKind.PLIE: OrientationBodyKind.SPE_AUTRE,
    OrganizationKind.MAISON_EMPLOI: OrientationBodyKind.SPE_AUTRE,
    OrganizationKind.DEPARTEMENT: OrientationBodyKind.DEPARTEMENT,
    OrganizationKind.MAISON_DEPARTEMENT: OrientationBodyKind.DEPARTEMENT,
}


class Role(models.TextChoices):
    DIRECTION = "direction", "Direction de l'insertion"
    ORIENTATION_AGENT = "orientation_agent", "Chargé·e d'orientation"
    REFERENT = "referent", "Référent·e unique"
    PARTNER = "partner", "Structure partenaire"
    EMPLOYER_RELATIONS = "employer_relations", "Chargé·e de relations entreprises"
    PACT_CONTRIBUTOR = "pact_contributor", "Contributeur·rice du pacte"
    ANALYST = "analyst", "Analyste"
    BENEFICIARY = "beneficiary", "Bénéficiaire"


# Roles that can read the NIR or health data: they must use two factors.
SENSITIVE_ROLES = frozenset({Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT})
# Roles that work on people's records (as opposed to aggregates or their own record).
CASEWORK_ROLES = frozenset({Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT, Role.PARTNER})


class LoginChannel(models.TextChoices):
    """Where a login attempt came from."""

    WEB = "web", "Site"
    API = "api", "API"
    ADMIN = "admin", "Administration"
