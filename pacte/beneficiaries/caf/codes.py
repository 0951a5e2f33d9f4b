"""Code lists of the CAF beneficiary files, with French labels.

Two kinds of lists:
- the ones that drive the business (`ETATDOSRSA`, `ROLEPERS`, `SEXE`, `TYPEFLUX`) are closed: a
  value outside them rejects the file (`STRICT_CODES`);
- the descriptive ones (family situation, reasons, events, activities...) are open: the CAF adds
  codes over time, so an unknown value is kept as given and reported (`DESCRIPTIVE_CODES`).
"""

ETATDOSRSA = {
    "Z": "Non défini",
    "0": "Nouvelle demande en attente de décision du département",
    "1": "Droit refusé",
    "2": "Droit ouvert et versable",
    "3": "Droit ouvert et suspendu (montant calculable, existence du droit remise en cause)",
    "4": "Droit ouvert mais versement suspendu",
    "5": "Droit clos",
    "6": "Droit clos sur un mois antérieur après contrôle",
}

# States of a right in force, the ones where rights and duties apply.
OPEN_STATES = frozenset({"2", "3", "4"})
CLOSED_STATES = frozenset({"5", "6"})

ROLEPERS = {
    "DEM": "Demandeur",
    "CJT": "Conjoint",
    "ENF": "Enfant",
    "AUT": "Autre personne",
    "RDO": "Responsable du dossier",
    # VRSD0301 announces a single "bénéficiaire" role in place of DEM/CJT.
    "BEN": "Bénéficiaire",
}

# Roles of the adults of the household, the persons rights and duties can apply to.
ADULT_ROLES = frozenset({"DEM", "CJT", "BEN"})
# The RSA role VRSD0301 gives the partner of the demandeur (its family-benefits role stays CJT).
VRSD0301_PARTNER_RSA_ROLE = "BEN"

SEXE = {"1": "Homme", "2": "Femme"}

TYPEFLUX = {"M": "Mensuel", "I": "Infra-mensuel (quotidien)"}

NATPREST = {"PFA": "Prestations familiales", "RSA": "Revenu de solidarité active"}

QUAL = {"MME": "Madame", "MR": "Monsieur", "MLE": "Mademoiselle"}

TYPEDTNAI = {
    "N": "Jour et mois connus",
    "J": "Jour inconnu",
    "O": "Jour et mois inconnus",
}

SITFAM = {
    "ABA": "Disparu (jugement d'absence)",
    "CEL": "Célibataire",
    "DIV": "Divorcé(e)",
    "ISO": "Isolement après vie maritale ou PACS",
    "MAR": "Marié(e)",
    "PAC": "Pacsé(e)",
    "RPA": "Reprise de vie commune après PACS",
    "RVC": "Reprise de vie maritale",
    "RVM": "Reprise de la vie commune des mariés",
    "SEF": "Séparation de fait",
    "SEL": "Séparation légale",
    "VEU": "Veuf ou veuve",
    "VIM": "Vie maritale",
}

# Family situations of a couple (the other adult is CJT).
COUPLE_SITFAM = frozenset({"MAR", "PAC", "VIM", "RPA", "RVC", "RVM"})

MOTICLORSA = {
    "PCG": "Clôture sur décision du président du conseil départemental",
    "ECH": "Clôture à échéance (quatre mois sans droit)",
    "EFF": "Clôture après annulation de la bascule RMI/API",
    "MUT": "Clôture après mutation du dossier vers un autre organisme",
    "RGD": "Clôture pour regroupement de dossiers",
    "RFD": "Radiation, fin de droit",
    "RAU": "Radiation, autre motif",
    "RST": "Radiation, option RSTA (outre-mer)",
    "RSO": "Radiation, option RSO (outre-mer)",
}

MOTISUSVERSRSA = {
    "01": "Ressources trop élevées",
    "02": "Moins de 25 ans sans personne à charge",
    "03": "Activité non conforme",
    "04": "Titre de séjour non valide",
    "05": "RSA inférieur au seuil de versement",
    "06": "Déclaration trimestrielle de ressources non fournie",
    "09": "Résidence non conforme",
    "19": "Prestation exclue",
    "31": "Prestation exclue, affiliation partielle",
    "34": "Régime non conforme",
    "35": "Demande d'avantage vieillesse absente ou tardive",
    "36": "Titre de séjour absent",
    "44": "Hospitalisation",
    "70": "Action non engagée",
    "78": "Pension alimentaire non demandée",
    "84": "Droit éteint",
    "85": "Pas d'allocataire (décès...)",
    "97": "Bénéficiaire de l'AAH réduite",
    "AB": "Allocataire absent du foyer",
    "CG": "Application d'une sanction",
    "CV": "Attente de décision du président du conseil départemental",
    "CZ": "Activité antérieure insuffisante",
    "DA": "Activité antérieure absente",
    "DB": "Étudiant, rémunération insuffisante",
    "DC": "Activité antérieure non conforme",
}

MOTISUSDRORSA = {
    "DA": "Suspension du dossier : situation de famille",
    "DB": "Suspension du dossier : ressources",
    "DC": "Suspension du dossier : enquête administrative",
    "DD": "Suspension du dossier : enquête sociale",
    "DE": "Suspension du dossier : imprimé de contrôle absent",
    "DF": "Suspension du dossier : changement de CAF non signalé",
    "DG": "Suspension du dossier : décès de Madame",
    "DH": "Suspension du dossier : décès de Monsieur",
    "DI": "Suspension du dossier : autre motif",
    "DJ": "Suspension du dossier : paiement réimputé ou arrêté",
    "DK": "Suspension du dossier : absence de réponse au contrôle France Travail",
    "DL": "Suspension du dossier : n'habite plus à l'adresse indiquée",
    "DM": "Suspension du dossier : résidence inconnue",
    "GA": "Suspension de la prestation : enquête administrative",
    "GC": "Suspension de la prestation : imprimé de contrôle absent",
    "GE": "Suspension de la prestation : forfait travailleur indépendant non fourni",
    "GF": "Suspension de la prestation : situation de famille",
    "GI": "Suspension de la prestation : imprimé de changement de CAF non fourni",
    "GJ": "Suspension de la prestation : décision du président du conseil départemental",
    "GK": "Suspension de la prestation : contrat d'insertion",
    "GL": "Suspension de la prestation : action non engagée",
    "GR": "Suspension de la prestation : contrôle des activités et ressources",
    "GS": "Suspension de la prestation : enquête sociale",
    "GX": "Suspension de la prestation : autre motif",
}

FG = {
    "ENTDED": "Entrée dans les droits et devoirs",
    "DEMRSA": "Demande de RSA",
    "SUS": "Suspension",
    "RAD": "Radiation du dossier",
    "MUT": "Mutation du dossier",
    "ADR": "Changement d'adresse",
    "SITFAM": "Changement de situation de famille",
    "SITPRO": "Changement de situation professionnelle",
    "SITENFAUT": "Changement de situation d'un enfant ou d'une autre personne",
    "DESALL": "Désignation de l'allocataire",
    "ETACIV": "État civil",
    "INTGRO": "Interruption de grossesse",
    "RESTRIRSA": "Ressources trimestrielles RSA",
    "DECDEMPCG": "Décision du président du conseil départemental",
    "PROPCG": "Proposition au président du conseil départemental",
    "CARRSA": "Caractéristiques du RSA",
    "HOSPLA": "Hospitalisation ou placement",
    "DERPRE": "Dérogation du président du conseil départemental",
    "EXCPRE": "Exclusion de la prestation",
    "ABANEURES": "Abattement ou neutralisation de ressources",
    "CREALI": "Créance alimentaire",
    "ASF": "Demande d'allocation de soutien familial",
    "REA": "Réaffiliation",
    "JUSRSAJEU": "Justificatif RSA jeune actif",
}

NATPF = {
    "RSD": "RSA socle",
    "RSI": "RSA socle majoré (parent isolé)",
    "RSU": "RSA socle jeune actif",
    "RSB": "RSA socle local (outre-mer)",
    "RSJ": "RSA socle jeune",
    "RCD": "RSA activité",
    "RCI": "RSA activité majoré (parent isolé)",
    "RCU": "RSA activité jeune actif",
    "RCB": "RSA activité local (outre-mer)",
    "RCJ": "RSA activité jeune",
}

ACT = {
    "AAP": "Activité en atelier protégé",
    "ABA": "Chômeur indemnisé (allocation de base)",
    "ABS": "Absent du foyer",
    "AFA": "Aide familial agricole",
    "AFD": "Chômeur en fin de droits",
    "AIN": "Chômeur (allocation d'insertion)",
    "AMA": "Assistante maternelle agréée",
    "ANI": "Activité et chômage non indemnisé",
    "ANP": "Inscrit à France Travail",
    "APP": "Apprenti",
    "ASS": "Chômeur (allocation de solidarité spécifique)",
    "CAT": "Travail en ESAT",
    "CES": "Contrat aidé",
    "CGP": "Congé payé",
    "CHA": "Chômeur exerçant une activité",
    "CHO": "Chômeur sans justificatif",
    "CHR": "Chômeur",
    "CLD": "Longue maladie",
    "CNI": "Chômeur non indemnisé",
    "CPL": "Chômage partiel",
    "CSS": "Congé sans solde",
    "DEG": "Dégagé de l'obligation scolaire",
    "ETI": "Travailleur indépendant",
    "ETS": "Étudiant salarié",
    "ETU": "Étudiant",
    "EXP": "Exploitant agricole",
    "HAN": "Personne handicapée",
    "INF": "Malade ou handicapé non scolarisé",
    "INP": "Inapte au travail",
    "INT": "Travailleur intermittent",
    "INV": "Pension d'invalidité",
    "MAL": "Malade",
    "MAT": "Congé de maternité ou de paternité",
    "MLD": "Maladie de longue durée",
    "NCH": "Plus à charge",
    "NOB": "Non soumis à l'obligation scolaire",
    "PRE": "Préretraite",
    "RET": "Retraité",
    "SAL": "Salarié",
    "SCI": "Malade ou handicapé scolarisé",
    "SCO": "Scolarisé",
    "SFP": "Stage de formation professionnelle",
    "SIN": "Activité inconnue",
    "SSA": "Sans activité",
    "TSA": "Travailleur saisonnier",
    "VRP": "Voyageur représentant placier",
}

FONORG = {"CAF": "Caisse d'allocations familiales", "MSA": "Mutualité sociale agricole"}

APPLIEME = {"CRI": "Cristal (CNAF)", "AGO": "Agora (MSA)"}

STRICT_CODES = {
    "ETATDOSRSA": ETATDOSRSA,
    "ROLEPERS": ROLEPERS,
    "SEXE": SEXE,
    "TYPEFLUX": TYPEFLUX,
}

DESCRIPTIVE_CODES = {
    "SITFAM": SITFAM,
    "MOTICLORSA": MOTICLORSA,
    "MOTISUSVERSRSA": MOTISUSVERSRSA,
    "MOTISUSDRORSA": MOTISUSDRORSA,
    "FG": FG,
    "NATPF": NATPF,
    "ACT": ACT,
    "QUAL": QUAL,
    "TYPEDTNAI": TYPEDTNAI,
}


def label(field: str, code: str) -> str:
    """French label of `code` in the list of `field`, or the code itself when unknown."""
    codes = STRICT_CODES.get(field) or DESCRIPTIVE_CODES.get(field) or {}
    return codes.get(code, code)
