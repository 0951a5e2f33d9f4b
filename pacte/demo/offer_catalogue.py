"""The words of the demo catalogue: partner organisations of the kinds the pacts name (fictitious
names), and offers by theme with their schema codes, publics, rhythm and aims. `offers.py` draws
from them; nothing here is a real structure, person or telephone number."""

import dataclasses

from pacte.organizations.enums import OrganizationKind as Kind
from pacte.referentials.enums import BarrierTheme

# Theme of the catalogue -> the barrier theme a prescription to such an offer answers.
BARRIER_BY_THEME = {
    "mobilite": BarrierTheme.MOBILITY,
    "sante": BarrierTheme.HEALTH,
    "logement": BarrierTheme.HOUSING,
    "garde": BarrierTheme.CHILDCARE,
    "langue": BarrierTheme.LANGUAGE,
    "numerique": BarrierTheme.DIGITAL,
    "demarches": BarrierTheme.ADMINISTRATIVE,
    "finances": BarrierTheme.FINANCIAL,
    "remobilisation": BarrierTheme.EMPLOYMENT,
    "emploi": BarrierTheme.EMPLOYMENT,
    "formation": BarrierTheme.EMPLOYMENT,
    "creation": BarrierTheme.EMPLOYMENT,
    "aci": BarrierTheme.EMPLOYMENT,
    "ei": BarrierTheme.EMPLOYMENT,
    "ai": BarrierTheme.EMPLOYMENT,
    "etti": BarrierTheme.EMPLOYMENT,
    "aci_garage": BarrierTheme.EMPLOYMENT,
}


@dataclasses.dataclass(frozen=True)
class Partner:
    key: str
    kind: str
    name: str
    insee: str  # where the structure sits
    themes: tuple
    weight: int = 2  # its share of the catalogue
    local: bool = True  # its offers stay near its seat, else spread over the département


# The structures the demo already has (structures.STRUCTURES), with what they offer.
EXISTING_THEMES = {
    "association": (("remobilisation", "numerique", "demarches", "emploi", "mobilite"), 5),
    "mission_locale": (("emploi", "formation", "mobilite", "logement", "remobilisation"), 3),
    "aci": (("aci", "remobilisation"), 2),
    "training": (("formation", "langue", "numerique"), 3),
    "ccas": (("finances", "demarches", "logement", "sante"), 2),
}

# Towns named by each département's partners: {placeholder: INSEE code}.
TOWNS = {
    "87": {
        "seat": "87085", "north": "87011", "west": "87154", "south": "87187", "east": "87161",
        "ambazac": "87002", "aixe": "87001", "rochechouart": "87126", "panazol": "87114",
        "bessines": "87014",
    },
    "79": {
        "seat": "79191", "north": "79329", "west": "79049", "south": "79174", "east": "79202",
        "ambazac": "79270", "aixe": "79079", "rochechouart": "79062", "panazol": "79081",
        "bessines": "79005",
    },
}  # fmt: skip

DEPARTEMENT_WORDS = {
    "87": {"dep": "87", "region": "Limousin", "land": "Haute-Vienne", "river": "Vienne"},
    "79": {"dep": "79", "region": "Poitou", "land": "Deux-Sèvres", "river": "Sèvre"},
}
LOCAL_NAMES = {
    "87": {"north": "Basse-Marche", "west": "Ouest-Limousin", "south": "Pays de Saint-Yrieix",
           "east": "Monts et Barrages", "ambazac": "Monts d'Ambazac", "aixe": "Val de Vienne",
           "rochechouart": "Porte Océane du Limousin", "bessines": "Gartempe"},
    "79": {"north": "Thouarsais", "west": "Bocage bressuirais", "south": "Mellois",
           "east": "Gâtine", "ambazac": "Haut Val de Sèvre", "aixe": "Mauléonais",
           "rochechouart": "Cerizay", "bessines": "Airvaudais"},
}  # fmt: skip

# (key, kind, name pattern, town, themes, weight, local)
PARTNERS = [
    ("ml_rurale", Kind.MISSION_LOCALE, "Mission locale rurale {north_name}", "north", ("emploi", "formation", "mobilite"), 3, True),
    ("ml_est", Kind.MISSION_LOCALE, "Mission locale {east_name}", "east", ("emploi", "formation", "logement"), 2, True),
    ("plie", Kind.PLIE, "PLIE de l'agglomération de {seat_name}", "seat", ("emploi", "formation", "remobilisation"), 4, True),
    ("mobilite", Kind.ASSOCIATION, "Association Mobilité {dep}", "seat", ("mobilite",), 5, False),
    ("garage", Kind.SIAE_ACI, "Garage solidaire {west_name}", "west", ("mobilite", "aci_garage"), 2, True),
    ("auto_ecole", Kind.ASSOCIATION, "Auto-école sociale Permis pour tous {dep}", "seat", ("mobilite",), 3, False),
    ("recyclerie", Kind.SIAE_EI, "Ressourcerie {ambazac_name}", "ambazac", ("ei",), 2, True),
    ("ai_services", Kind.SIAE_AI, "Association intermédiaire Services Plus {south_name}", "south", ("ai",), 2, True),
    ("aci_river", Kind.SIAE_ACI, "Chantier d'insertion {aixe_name}", "aixe", ("aci", "remobilisation"), 2, True),
    ("etti", Kind.SIAE_ETTI, "Intérim solidaire {land}", "seat", ("etti",), 2, False),
    ("geiq", Kind.GEIQ, "GEIQ Bâtiment et travaux publics {region}", "seat", ("formation", "emploi"), 1, False),
    ("ccas_west", Kind.CCAS, "CCAS de {west_town}", "west", ("finances", "demarches", "sante"), 2, True),
    ("cias_north", Kind.CCAS, "CIAS {north_name}", "north", ("finances", "demarches", "logement"), 2, True),
    ("bge", Kind.ASSOCIATION, "BGE {region} Création", "seat", ("creation",), 3, False),
    ("couveuse", Kind.ASSOCIATION, "Couveuse d'activités {land} Initiatives", "east", ("creation",), 1, False),
    ("savoirs", Kind.TRAINING_BODY, "Centre Lettres et Savoirs {dep}", "seat", ("langue",), 4, False),
    ("numerique", Kind.ASSOCIATION, "Espace numérique solidaire {land}", "panazol", ("numerique", "demarches"), 4, False),
    ("budget", Kind.ASSOCIATION, "Point conseil budget {land}", "seat", ("finances",), 2, False),
    ("creche", Kind.ASSOCIATION, "Crèche à vocation d'insertion Les P'tits Pas", "seat", ("garde",), 2, True),
    ("familles", Kind.ASSOCIATION, "Relais Familles {south_name}", "south", ("garde", "remobilisation"), 2, True),
    ("habitat", Kind.ASSOCIATION, "Habitat solidaire {dep}", "seat", ("logement",), 3, False),
    ("sante", Kind.ASSOCIATION, "Réseau Santé Précarité {land}", "seat", ("sante",), 3, False),
    ("competences", Kind.TRAINING_BODY, "Compétences {region} Formation", "west", ("formation", "numerique"), 3, False),
    ("remobil", Kind.ASSOCIATION, "Association Rebond {rochechouart_name}", "rochechouart", ("remobilisation", "sante"), 2, True),
]  # fmt: skip


def partners(code, commune_names):
    """The département's extra partner organisations, their names filled in; `commune_names`:
    {INSEE code: name} of the communes the demo has (a town it lacks is replaced by the seat)."""
    towns, words, local = TOWNS[code], DEPARTEMENT_WORDS[code], LOCAL_NAMES[code]
    towns = {key: insee if insee in commune_names else towns["seat"] for key, insee in towns.items()}
    names = {
        **words,
        **{f"{key}_name": value for key, value in local.items()},
        **{f"{key}_town": commune_names[insee] for key, insee in towns.items()},
    }
    names["seat_name"] = names["seat_town"]
    return [
        Partner(key, kind, pattern.format(**names), towns[town], themes, weight, is_local)
        for key, kind, pattern, town, themes, weight, is_local in PARTNERS
    ]


@dataclasses.dataclass(frozen=True)
class OfferTemplate:
    name: str
    description: str
    service_type: str
    thematiques: tuple
    aims: tuple
    publics: tuple = ("beneficiaires-des-minimas-sociaux",)
    hours: tuple | None = None  # (low, high) weekly hours
    weeks: tuple | None = None
    capacity: tuple = (8, 15)
    sessions: bool = True  # run in dated sessions
    remote: bool = False  # may be given entirely at a distance
    fees: str = "gratuit"
    fees_details: str = ""
    access: str = "Sur prescription du référent de parcours."


T = OfferTemplate
MINIMA = "beneficiaires-des-minimas-sociaux"
SEEKERS = "demandeurs-emploi"

TEMPLATES = {
    "mobilite": [
        T("Préparation au code de la route", "Séances collectives de code en petit groupe, avec des supports adaptés aux personnes qui lisent peu, et passage de l'examen accompagné.", "formation", ("mobilite--preparer-un-permis",), ("lever_freins",), (MINIMA, SEEKERS), (6, 10), (8, 12), (8, 12)),
        T("Permis B accompagné", "Apprentissage de la conduite à tarif solidaire, leçons adaptées au rythme de la personne, aide au montage du financement (CPF, aides du Département).", "formation", ("mobilite--preparer-un-permis", "mobilite--financer-ma-mobilite"), ("lever_freins", "emploi"), (MINIMA, SEEKERS), (2, 4), (16, 26), (6, 10), False, fees="payant", fees_details="Reste à charge de 1 € de l'heure de conduite après les aides."),
        T("Location solidaire de véhicules", "Voitures et scooters loués à petit prix pour se rendre au travail, en formation ou en stage, le temps de trouver une solution durable.", "aide-materielle", ("mobilite--acceder-a-un-vehicule",), ("lever_freins", "emploi"), (MINIMA, SEEKERS, "actifs"), None, (1, 12), (10, 25), False, fees="payant", fees_details="De 2 à 5 € par jour selon les ressources."),
        T("Réparation solidaire de véhicules", "Entretien et réparation de véhicules au prix des pièces, diagnostic gratuit, conseils pour garder son véhicule en état.", "aide-materielle", ("mobilite--entretenir-reparer-son-vehicule",), ("lever_freins",), (MINIMA, "actifs"), None, None, (20, 40), False, fees="payant", fees_details="Pièces à la charge de la personne, main-d'œuvre solidaire."),
        T("Bilan et conseil en mobilité", "Un entretien pour faire le point sur les déplacements possibles (transports à la demande, covoiturage, vélo, permis), puis un plan de mobilité et les aides qui le financent.", "accompagnement", ("mobilite--etre-accompagne-dans-son-parcours-mobilite", "mobilite--financer-ma-mobilite"), ("lever_freins",), (MINIMA, SEEKERS, "jeunes"), (2, 3), (4, 8), (15, 30), False, True),
        T("Atelier vélo et mobilité douce", "Apprendre ou réapprendre à circuler à vélo, prêt de vélos à assistance électrique, découverte des lignes de car et du covoiturage.", "atelier", ("mobilite--mobilite-douce-partagee-collective",), ("lever_freins", "remobiliser"), ("tous-publics",), (3, 6), (4, 6), (6, 10)),
    ],
    "sante": [
        T("Accompagnement vers le soin", "Une infirmière coordinatrice aide à retrouver un médecin traitant, à ouvrir ses droits (complémentaire santé solidaire) et à préparer les rendez-vous.", "accompagnement", ("sante--acces-aux-soins", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"), ("lever_freins",), (MINIMA,), (1, 2), (12, 26), (15, 30), False),
        T("Groupe de parole bien-être et santé", "Rencontres animées par une psychologue : prendre soin de soi, gérer le stress, retrouver le sommeil, dans un cadre bienveillant.", "atelier", ("sante--sante-mentale", "remobilisation--bien-etre-confiance-en-soi"), ("lever_freins", "remobiliser"), (MINIMA, "femmes"), (2, 3), (8, 12), (8, 12), True, True),
        T("Aide au dossier MDPH", "Un accompagnement pas à pas pour constituer un dossier de reconnaissance de la qualité de travailleur handicapé ou d'allocation, avec le médecin traitant.", "accompagnement", ("sante--constituer-un-dossier-mdph-invalidite",), ("lever_freins",), (MINIMA, "personnes-en-situation-de-handicap"), None, (4, 12), (10, 20), False),
        T("Consultation addictologie et réduction des risques", "Entretiens confidentiels avec une équipe de soins en addictologie, orientation vers un suivi adapté, sans jugement.", "accompagnement", ("sante--addictions",), ("lever_freins",), ("tous-publics",), None, None, (20, 40), False, access="Accès libre ou sur orientation du référent."),
    ],
    "logement": [
        T("Accompagnement à l'accès au logement", "Recherche d'un logement adapté, constitution du dossier de demande de logement social, aide à l'entrée dans les lieux (dépôt de garantie, assurance).", "accompagnement", ("logement-hebergement--louer-un-logement", "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"), ("lever_freins",), (MINIMA, "familles", "jeunes"), (1, 2), (12, 26), (15, 30), False),
        T("Maintien dans le logement", "Un travailleur social aide à résorber les impayés de loyer, à négocier un plan d'apurement avec le bailleur et à prévenir l'expulsion.", "accompagnement", ("logement-hebergement--se-maintenir-dans-le-logement", "logement-hebergement--reduire-les-impayes-de-loyer"), ("lever_freins",), (MINIMA, "familles"), None, (12, 26), (15, 25), False),
        T("Atelier « Bien habiter son logement »", "Économies d'énergie, droits et devoirs du locataire, petits travaux et entretien : un atelier pratique en petit groupe.", "atelier", ("logement-hebergement--se-maintenir-dans-le-logement",), ("lever_freins",), ("tous-publics",), (2, 3), (3, 5), (8, 12)),
        T("Hébergement temporaire et logement accompagné", "Logements meublés pour quelques mois, avec un accompagnement social vers un logement durable.", "aide-materielle", ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",), ("lever_freins",), (MINIMA, "jeunes", "personnes-en-situation-durgence"), None, (12, 52), (6, 15), False, fees="payant", fees_details="Redevance modulée selon les ressources, APL déduite."),
    ],
    "garde": [
        T("Places d'accueil pour les enfants des parents en parcours", "Des places réservées en crèche pour les enfants de moins de trois ans des parents qui reprennent un emploi, une formation ou des démarches d'insertion.", "aide-materielle", ("famille--garde-denfants",), ("lever_freins", "emploi"), (MINIMA, "familles", "femmes"), None, (12, 52), (4, 10), False, fees="payant", fees_details="Barème de la CAF selon les ressources."),
        T("Solution de garde en horaires atypiques", "Garde à domicile tôt le matin, tard le soir ou le week-end, le temps d'un emploi ou d'une formation aux horaires décalés.", "aide-materielle", ("famille--garde-denfants",), ("lever_freins", "emploi"), (MINIMA, "familles"), None, (4, 26), (5, 12), False, fees="payant", fees_details="Participation selon le quotient familial."),
        T("Atelier parents : concilier vie familiale et parcours", "Trouver un mode de garde, organiser les journées, connaître les aides : des rencontres entre parents avec une conseillère en économie sociale et familiale.", "atelier", ("famille--garde-denfants", "famille--soutien-a-la-parentalite-et-a-leducation"), ("lever_freins", "remobiliser"), ("familles", "femmes"), (2, 3), (4, 6), (8, 12)),
    ],
    "langue": [
        T("Français langue étrangère (FLE) à visée professionnelle", "Cours de français oral et écrit centrés sur le vocabulaire du travail, pour préparer un emploi ou une formation.", "formation", ("lecture-ecriture-calcul--maitriser-le-francais",), ("lever_freins", "qualification"), ("personnes-exilees", MINIMA), (9, 15), (12, 20), (10, 14)),
        T("Ateliers savoirs de base : lire, écrire, compter", "Remise à niveau en petit groupe pour les personnes qui ont des difficultés avec l'écrit ou le calcul au quotidien.", "formation", ("lecture-ecriture-calcul--maitriser-le-francais", "lecture-ecriture-calcul--maitriser-le-calcul"), ("lever_freins",), (MINIMA, SEEKERS), (4, 8), (10, 20), (8, 12), True, True),
        T("Atelier sociolinguistique", "Apprendre le français en situation : la poste, la mairie, la CAF, le médecin, l'école des enfants.", "atelier", ("lecture-ecriture-calcul--maitriser-le-francais", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"), ("lever_freins",), ("personnes-exilees", "femmes"), (4, 6), (12, 24), (10, 15)),
    ],
    "numerique": [
        T("Premiers pas avec le numérique", "Allumer un ordinateur, utiliser une souris et un smartphone, créer une adresse électronique : un parcours de découverte en petit groupe.", "atelier", ("numerique--maitriser-les-fondamentaux-du-numerique",), ("lever_freins",), (MINIMA, "seniors"), (2, 4), (4, 8), (6, 10)),
        T("Accompagnement aux démarches en ligne", "Un conseiller numérique aide à créer ses comptes (CAF, France Travail, impôts, ameli) et à faire ses démarches, jusqu'à l'autonomie.", "accompagnement", ("numerique--acceder-a-des-services-en-ligne", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"), ("lever_freins",), ("tous-publics",), None, None, (20, 40), False, True, access="Sur rendez-vous ou lors des permanences."),
        T("Ordinateur reconditionné à prix solidaire", "Ordinateurs et tablettes reconditionnés, avec une prise en main et une aide à l'accès à internet à tarif social.", "aide-materielle", ("numerique--acquerir-un-equipement", "numerique--acceder-a-une-connexion-internet"), ("lever_freins",), (MINIMA, "familles"), None, None, (20, 40), False, fees="payant", fees_details="De 30 à 90 € selon le matériel."),
        T("Le numérique pour chercher un emploi", "Utiliser les sites d'offres, déposer son CV en ligne, répondre par courriel, préparer un entretien en visio.", "atelier", ("numerique--maitriser-les-fondamentaux-du-numerique", "trouver-un-emploi--repondre-a-des-offres-demploi"), ("lever_freins", "emploi"), (SEEKERS, MINIMA), (3, 6), (3, 6), (8, 12), True, True),
    ],
    "demarches": [
        T("Permanence d'accès aux droits", "Aide à comprendre un courrier, à remplir un dossier (CAF, retraite, complémentaire santé), à faire valoir ses droits.", "accompagnement", ("difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"), ("lever_freins",), ("tous-publics",), None, None, (20, 40), False, access="Accès libre aux heures de permanence."),
        T("Point justice et conseil juridique", "Consultations gratuites avec un juriste : droit de la famille, du travail, du logement, dettes et litiges.", "information", ("difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",), ("lever_freins",), ("tous-publics",), None, None, (15, 30), False, access="Sur rendez-vous."),
    ],
    "finances": [
        T("Accompagnement budgétaire", "Faire le point sur son budget, prévenir les difficultés, préparer un dossier de surendettement si besoin, avec une conseillère en économie sociale et familiale.", "accompagnement", ("difficultes-financieres--ameliorer-sa-gestion-budgetaire", "difficultes-financieres--situation-dendettement-surendettement"), ("lever_freins",), (MINIMA, "familles"), None, (8, 26), (15, 30), False, True),
        T("Atelier budget du quotidien", "Courses, énergie, téléphone, banque : des astuces et des outils pour boucler le mois, entre pairs.", "atelier", ("difficultes-financieres--acquerir-une-autonomie-budgetaire",), ("lever_freins",), ("tous-publics",), (2, 3), (3, 5), (8, 12)),
        T("Microcrédit personnel accompagné", "Un prêt de 300 à 5 000 € pour un projet d'insertion (véhicule, formation, logement), monté avec un conseiller et une banque partenaire.", "aide-financiere", ("difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere", "mobilite--financer-ma-mobilite"), ("lever_freins", "emploi"), (MINIMA, "actifs"), None, None, (10, 20), False),
        T("Épicerie solidaire", "Des produits alimentaires et d'hygiène à 10 à 30 % de leur prix, et des ateliers cuisine et budget, pour quelques mois.", "aide-materielle", ("equipement-et-alimentation--alimentation",), ("lever_freins",), (MINIMA, "familles"), None, (12, 26), (30, 60), False, fees="payant", fees_details="10 à 30 % du prix habituel."),
    ],
    "remobilisation": [
        T("Atelier de remobilisation « Cap confiance »", "Reprendre un rythme, retrouver confiance en soi et en ses capacités, par des ateliers collectifs, des sorties et des rencontres avec des entreprises.", "atelier", ("remobilisation--bien-etre-confiance-en-soi", "remobilisation--lien-social"), ("remobiliser",), (MINIMA,), (6, 12), (8, 12), (8, 12)),
        T("Activités culturelles et sportives", "Sorties, pratique sportive adaptée, ateliers d'expression : renouer avec le collectif et prendre soin de soi.", "atelier", ("remobilisation--activites-sportives-et-culturelles",), ("remobiliser", "lever_freins"), (MINIMA, "jeunes"), (3, 6), (6, 12), (8, 15)),
        T("Bénévolat et engagement citoyen", "Une mission de bénévolat choisie avec la personne, dans une association du territoire, pour reprendre pied et valoriser ses compétences.", "accompagnement", ("remobilisation--benevolat-action-citoyenne", "preparer-sa-candidature--valoriser-ses-competences"), ("remobiliser",), (MINIMA,), (4, 8), (8, 16), (10, 20), False),
    ],
    "emploi": [
        T("Accompagnement renforcé vers l'emploi", "Un conseiller dédié, des entretiens réguliers, des candidatures ciblées et le suivi dans les premiers mois en entreprise.", "accompagnement", ("trouver-un-emploi--repondre-a-des-offres-demploi", "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"), ("emploi",), (MINIMA, SEEKERS), (2, 4), (26, 52), (20, 40), False, True),
        T("Atelier CV, lettre et entretien d'embauche", "Réaliser son CV et sa lettre, s'entraîner à l'entretien en situation, préparer sa présentation en deux minutes.", "atelier", ("preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "trouver-un-emploi--convaincre-un-recruteur-en-entretien"), ("emploi", "projet"), (SEEKERS, MINIMA, "jeunes"), (6, 12), (1, 3), (8, 12), True, True),
        T("Job dating et rencontres employeurs", "Rencontrer en direct des employeurs qui recrutent sur le territoire (logistique, aide à domicile, BTP, restauration).", "information", ("trouver-un-emploi--convaincre-un-recruteur-en-entretien", "preparer-sa-candidature--developper-son-reseau"), ("emploi",), (SEEKERS, MINIMA), (3, 6), (1, 1), (20, 40)),
        T("Immersion en entreprise (PMSMP)", "Découvrir un métier ou confirmer un projet par une période de mise en situation en milieu professionnel, préparée et suivie par un conseiller.", "accompagnement", ("choisir-un-metier--confirmer-son-choix-de-metier", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("projet", "emploi"), (MINIMA, SEEKERS, "jeunes"), (20, 35), (1, 4), (10, 20), False),
    ],
    # The SIAE's own offers: a job with an accompaniment (ACI, EI), missions (AI, ETTI).
    "aci": [
        T("Chantier d'insertion maraîchage biologique", "Un contrat à durée déterminée d'insertion (CDDI) de 26 heures par semaine : culture de légumes biologiques, vente sur les marchés, paniers solidaires ; accompagnement socioprofessionnel et formations.", "accompagnement", ("trouver-un-emploi--maintien-dans-lemploi", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("emploi", "remobiliser"), (MINIMA, SEEKERS), (26, 26), (26, 52), (8, 14), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
        T("Chantier d'insertion espaces verts et rivières", "Un CDDI dans l'entretien des espaces naturels et des berges, en équipe encadrée, avec un accompagnement vers l'emploi durable.", "accompagnement", ("trouver-un-emploi--maintien-dans-lemploi", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("emploi", "remobiliser"), (MINIMA, SEEKERS), (24, 26), (26, 52), (8, 12), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
        T("Chantier d'insertion bâtiment second œuvre", "Peinture, plâtrerie, petite rénovation de logements sociaux : un CDDI pour acquérir les gestes du métier et préparer une qualification.", "accompagnement", ("choisir-un-metier--confirmer-son-choix-de-metier", "trouver-un-emploi--maintien-dans-lemploi"), ("emploi", "qualification"), (MINIMA, SEEKERS), (26, 26), (26, 52), (6, 10), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
    ],
    "ei": [
        T("Emploi d'insertion en ressourcerie", "Collecte, tri, réparation et vente d'objets de réemploi : un contrat d'insertion en entreprise, avec un encadrant technique et un suivi vers l'emploi.", "accompagnement", ("trouver-un-emploi--maintien-dans-lemploi", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("emploi",), (MINIMA, SEEKERS), (26, 35), (26, 104), (6, 12), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
        T("Emploi d'insertion en logistique et tri", "Préparation de commandes, tri de textiles et d'emballages : un emploi d'insertion à temps plein ou partiel, vers les entreprises du territoire.", "accompagnement", ("trouver-un-emploi--maintien-dans-lemploi", "trouver-un-emploi--repondre-a-des-offres-demploi"), ("emploi",), (MINIMA, SEEKERS), (24, 35), (26, 104), (6, 12), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
    ],
    "ai": [
        T("Mises à disposition en entreprise et chez les particuliers", "Des missions de travail (entretien, manutention, espaces verts, aide à domicile) pour reprendre pied dans l'emploi, avec un suivi régulier.", "accompagnement", ("trouver-un-emploi--repondre-a-des-offres-demploi", "trouver-un-emploi--maintien-dans-lemploi"), ("emploi",), (MINIMA, SEEKERS), (10, 24), (12, 52), (15, 30), False),
        T("Missions de ménage et d'aide à domicile", "Des heures de ménage, de repassage et d'aide aux personnes âgées, chez des particuliers et des collectivités, avec une formation aux gestes professionnels.", "accompagnement", ("trouver-un-emploi--repondre-a-des-offres-demploi", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("emploi",), (MINIMA, SEEKERS, "femmes"), (8, 20), (12, 52), (10, 20), False),
    ],
    "aci_garage": [
        T("Chantier d'insertion mécanique automobile", "Un CDDI au garage solidaire : entretien et réparation de véhicules, préparation des voitures de location, avec un accompagnement vers les métiers de l'automobile.", "accompagnement", ("choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite", "trouver-un-emploi--maintien-dans-lemploi"), ("emploi", "qualification"), (MINIMA, SEEKERS), (26, 26), (26, 52), (4, 8), False, access="Sur prescription ; contrat de travail après un entretien d'embauche."),
    ],
    "etti": [
        T("Missions d'intérim d'insertion dans le BTP et l'industrie", "Des missions de travail temporaire chez les entreprises du territoire, préparées et suivies, avec des formations courtes (sécurité, habilitations).", "accompagnement", ("trouver-un-emploi--repondre-a-des-offres-demploi", "trouver-un-emploi--maintien-dans-lemploi"), ("emploi",), (SEEKERS, MINIMA), (20, 35), (8, 52), (15, 30), False),
        T("Missions d'intérim d'insertion en logistique", "Des missions dans les entrepôts et plateformes du département, une formation à la conduite de chariots et un suivi entre les missions.", "accompagnement", ("trouver-un-emploi--repondre-a-des-offres-demploi",), ("emploi",), (SEEKERS, MINIMA), (20, 35), (8, 52), (15, 30), False),
    ],
    "formation": [
        T("Construire son projet professionnel", "Identifier ses compétences et ses envies, explorer les métiers qui recrutent, bâtir un projet réaliste et les étapes pour y arriver.", "accompagnement", ("choisir-un-metier--identifier-ses-points-forts-et-ses-competences", "choisir-un-metier--connaitre-les-opportunites-demploi"), ("projet",), (MINIMA, SEEKERS, "jeunes"), (6, 12), (6, 10), (10, 14), True, True),
        T("Préqualification aux métiers du soin et de l'aide à domicile", "Découverte des métiers, remise à niveau et stages pour entrer en formation d'aide-soignant ou d'assistant de vie aux familles.", "formation", ("se-former--trouver-sa-formation", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"), ("qualification", "projet"), (MINIMA, SEEKERS), (28, 35), (10, 16), (10, 14)),
        T("Formation qualifiante aux métiers de la logistique", "Titre professionnel d'agent magasinier avec les certificats de conduite de chariots (CACES), stage en entreprise compris.", "formation", ("se-former--trouver-sa-formation",), ("qualification", "emploi"), (SEEKERS, MINIMA), (30, 35), (12, 20), (10, 14)),
        T("Aide au montage du dossier de formation", "Trouver la formation qui correspond au projet, mobiliser son compte personnel de formation et les financements de la Région.", "accompagnement", ("se-former--monter-son-dossier-de-formation", "se-former--trouver-sa-formation"), ("qualification",), (SEEKERS, MINIMA, "jeunes"), None, (2, 8), (15, 30), False, True),
        T("Contrat de professionnalisation en alternance", "Un emploi en alternance vers une qualification (maçonnerie, travaux publics, industrie), avec un tuteur en entreprise et un suivi.", "formation", ("se-former--trouver-sa-formation", "trouver-un-emploi--repondre-a-des-offres-demploi"), ("qualification", "emploi"), (SEEKERS, "jeunes", MINIMA), (35, 35), (26, 52), (6, 12), False),
    ],
    "creation": [
        T("Émergence de projet de création d'activité", "Des ateliers et des rendez-vous pour vérifier son idée, étudier son marché et savoir si la création d'entreprise est le bon choix.", "accompagnement", ("creer-une-entreprise--definir-son-projet-de-creation-dentreprise",), ("creer_activite",), (MINIMA, SEEKERS), (2, 6), (4, 12), (8, 15), True, True),
        T("Test d'activité en couveuse", "Tester son activité en grandeur réelle, sans créer d'entreprise, avec un contrat d'appui au projet d'entreprise (CAPE) et un accompagnement.", "accompagnement", ("creer-une-entreprise--structurer-son-projet-de-creation-dentreprise", "creer-une-entreprise--developper-son-entreprise"), ("creer_activite",), (MINIMA, SEEKERS), None, (26, 52), (8, 15), False),
        T("Suivi des travailleurs indépendants bénéficiaires du RSA", "Un appui aux micro-entrepreneurs : chiffre d'affaires, charges, développement commercial, viabilité de l'activité.", "accompagnement", ("creer-une-entreprise--developper-son-entreprise",), ("creer_activite", "emploi"), (MINIMA, "actifs"), None, (26, 52), (20, 40), False, True),
    ],
}  # fmt: skip

# Fictitious contacts (first names, last names), and the ARCEP's block of numbers kept for fiction.
CONTACT_FIRST = ["Anne", "Bruno", "Chloé", "David", "Élise", "Farid", "Gaëlle", "Hugo", "Inès", "Jérôme",
                 "Laure", "Marc", "Nathalie", "Olivier", "Pauline", "Rachid", "Sandrine", "Thomas", "Valérie", "Yann"]  # fmt: skip
CONTACT_LAST = ["Aubert", "Barbier", "Chevalier", "Delmas", "Faure", "Gauthier", "Lacroix", "Mercier", "Perrin",
                "Renaud", "Texier", "Vidal", "Bonnet", "Fabre", "Masson", "Roche"]  # fmt: skip
FICTION_PHONE_PREFIX = "05 36 49"

STREETS = ["rue de la République", "avenue du Général-de-Gaulle", "place de l'Église", "rue Jean-Jaurès",
           "rue des Écoles", "avenue de la Gare", "rue Victor-Hugo", "place du Marché", "rue Pasteur"]  # fmt: skip

REFUSAL_NOTES = {
    "complet": "Toutes les places de la session sont prises ; nous vous proposerons la suivante.",
    "hors_public": "L'action est réservée aux personnes de moins de 26 ans.",
    "hors_zone": "La personne habite trop loin du lieu de l'action, sans solution de transport.",
    "injoignable": "Trois appels et un courrier sans réponse.",
    "refus_personne": "La personne préfère attendre la fin de ses démarches de santé.",
    "inadapte": "Le besoin relève plutôt d'un accompagnement individuel.",
    "autre": "La session est reportée faute de formateur.",
}
MOTIVES = {
    "mobilite": "Lever le frein de mobilité pour accéder aux offres du bassin d'emploi.",
    "sante": "Reprendre un suivi de santé avant d'engager des démarches d'emploi.",
    "logement": "Stabiliser la situation de logement.",
    "garde": "Trouver une solution de garde pour pouvoir entrer en formation.",
    "langue": "Progresser en français pour accéder à une formation qualifiante.",
    "numerique": "Gagner en autonomie dans les démarches en ligne.",
    "demarches": "Être aidé pour ouvrir ses droits.",
    "finances": "Retrouver un équilibre budgétaire.",
    "remobilisation": "Reprendre confiance et un rythme avant une recherche d'emploi.",
    "emploi": "Accéder à un emploi durable, en lien avec le projet du contrat d'engagement.",
    "formation": "Construire et financer le projet de formation.",
    "creation": "Étudier la viabilité du projet de création d'activité.",
    "aci": "Reprendre une activité salariée encadrée, première étape vers l'emploi durable.",
    "aci_garage": "Reprendre une activité salariée encadrée dans la mécanique.",
    "ei": "Accéder à un emploi d'insertion avec un suivi vers l'emploi durable.",
    "ai": "Reprendre une activité par des missions de travail.",
    "etti": "Enchaîner des missions d'intérim vers un emploi durable.",
}
