"""The employment app's nomenclatures: INSEE's size brackets and NAF rév. 2 sections (official
codes, French labels), and Pacte's own kinds of interactions, contracts and states."""

from django.db import models


class SizeBracket(models.TextChoices):
    """INSEE's « tranche d'effectif salarié » of an establishment (the Sirene codes)."""

    NN = "NN", "Unité non employeuse"
    T00 = "00", "0 salarié"
    T01 = "01", "1 ou 2 salariés"
    T02 = "02", "3 à 5 salariés"
    T03 = "03", "6 à 9 salariés"
    T11 = "11", "10 à 19 salariés"
    T12 = "12", "20 à 49 salariés"
    T21 = "21", "50 à 99 salariés"
    T22 = "22", "100 à 199 salariés"
    T31 = "31", "200 à 249 salariés"
    T32 = "32", "250 à 499 salariés"
    T41 = "41", "500 à 999 salariés"
    T42 = "42", "1 000 à 1 999 salariés"
    T51 = "51", "2 000 à 4 999 salariés"
    T52 = "52", "5 000 à 9 999 salariés"
    T53 = "53", "10 000 salariés et plus"


class NafSection(models.TextChoices):
    """The 21 sections of the NAF rév. 2 (INSEE)."""

    A = "A", "Agriculture, sylviculture et pêche"
    B = "B", "Industries extractives"
    C = "C", "Industrie manufacturière"
    D = "D", "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné"
    E = "E", "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution"
    F = "F", "Construction"
    G = "G", "Commerce ; réparation d'automobiles et de motocycles"
    H = "H", "Transports et entreposage"
    I = "I", "Hébergement et restauration"  # noqa: E741 - the section's official letter
    J = "J", "Information et communication"
    K = "K", "Activités financières et d'assurance"
    L = "L", "Activités immobilières"
    M = "M", "Activités spécialisées, scientifiques et techniques"
    N = "N", "Activités de services administratifs et de soutien"
    O = "O", "Administration publique"  # noqa: E741
    P = "P", "Enseignement"
    Q = "Q", "Santé humaine et action sociale"
    R = "R", "Arts, spectacles et activités récréatives"
    S = "S", "Autres activités de services"
    T = "T", "Activités des ménages en tant qu'employeurs"
    U = "U", "Activités extra-territoriales"


# The divisions (two first digits of a NAF code) of each section, NAF rév. 2; the numbers absent
# (04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89) are no division.
NAF_DIVISIONS = {
    NafSection.A: (1, 3), NafSection.B: (5, 9), NafSection.C: (10, 33), NafSection.D: (35, 35),
    NafSection.E: (36, 39), NafSection.F: (41, 43), NafSection.G: (45, 47), NafSection.H: (49, 53),
    NafSection.I: (55, 56), NafSection.J: (58, 63), NafSection.K: (64, 66), NafSection.L: (68, 68),
    NafSection.M: (69, 75), NafSection.N: (77, 82), NafSection.O: (84, 84), NafSection.P: (85, 85),
    NafSection.Q: (86, 88), NafSection.R: (90, 93), NafSection.S: (94, 96), NafSection.T: (97, 98),
    NafSection.U: (99, 99),
}  # fmt: skip
NOT_DIVISIONS = frozenset({4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89})


def naf_section(naf_code):
    """The section of a NAF code « NN.NNX » (None if its division is not one)."""
    division = int(naf_code[:2])
    if division in NOT_DIVISIONS:
        return None
    for section, (low, high) in NAF_DIVISIONS.items():
        if low <= division <= high:
            return section
    return None


class InteractionKind(models.TextChoices):
    VISIT = "visit", "Visite en entreprise"
    JOB_DATING = "job_dating", "Job dating"
    EVENT = "event", "Événement (forum, salon, petit-déjeuner)"
    COMMITMENT = "commitment", "Engagement de l'entreprise"
    EXCHANGE = "exchange", "Échange (téléphone, courriel)"


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim (mission)"
    CDDI = "cddi", "CDDI (contrat à durée déterminée d'insertion)"
    SECONDMENT = "secondment", "Mise à disposition (AI, ETTI)"
    APPRENTICESHIP = "apprenticeship", "Contrat d'apprentissage"
    PROFESSIONALISATION = "professionalisation", "Contrat de professionnalisation"
    SEASONAL = "seasonal", "Emploi saisonnier"
    PEC = "pec", "Parcours emploi compétences (PEC)"


class JobOfferStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    FILLED = "filled", "Pourvue"
    CLOSED = "closed", "Close sans recrutement"


class JobOfferSource(models.TextChoices):
    ENTERED = "entered", "Saisie"
    IMPORTED = "imported", "Importée"


class TensionTerritoryKind(models.TextChoices):
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EMPLOYMENT_ZONE = "employment_zone", "Zone d'emploi"


class ImportStatus(models.TextChoices):
    REVIEW = "review", "À vérifier"
    APPLIED = "applied", "Importé"
    CANCELLED = "cancelled", "Abandonné"
