"""Pools the synthetic CAF files draw from: names, streets, places of birth, reasons.

Names come from `data/*.txt` (upper case, accented, windows-1252-safe). Places of birth outside
the département are a fixed list of large towns and countries, so that NIRs stay plausible.
"""

import itertools
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_list(name: str) -> tuple[str, ...]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class Weighted:
    """A weighted draw whose cumulative weights are computed once (random.choices would redo
    them at every call)."""

    __slots__ = ("values", "cumulative")

    def __init__(self, pairs):
        pairs = tuple(pairs)
        self.values = tuple(value for value, _ in pairs)
        self.cumulative = tuple(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


@cache
def first_names(sexe: str) -> tuple[str, ...]:
    return _read_list("first_names_male.txt" if sexe == "1" else "first_names_female.txt")


@cache
def surnames() -> tuple[str, ...]:
    return _read_list("surnames.txt")


STREET_TYPES = Weighted(
    [
        ("RUE", 40),
        ("AVENUE", 12),
        ("ALLÉE", 6),
        ("PLACE", 5),
        ("IMPASSE", 6),
        ("BOULEVARD", 4),
        ("CHEMIN", 8),
        ("ROUTE", 8),
        ("RÉSIDENCE", 4),
        ("CITÉ", 3),
        ("QUAI", 1),
        ("LOTISSEMENT", 3),
    ]
)

STREET_NAMES = (
    "DE LA RÉPUBLIQUE",
    "VICTOR HUGO",
    "JEAN JAURÈS",
    "DES ÉCOLES",
    "DU GÉNÉRAL DE GAULLE",
    "PASTEUR",
    "DE LA GARE",
    "DU MARCHÉ",
    "DES LILAS",
    "DES ACACIAS",
    "DU 8 MAI 1945",
    "DU 11 NOVEMBRE",
    "GAMBETTA",
    "JULES FERRY",
    "ÉMILE ZOLA",
    "DE L'ÉGLISE",
    "DU MOULIN",
    "DES PRÉS",
    "DU CHÂTEAU",
    "DES VIGNES",
    "DU STADE",
    "DE LA MAIRIE",
    "JEAN MOULIN",
    "DES TILLEULS",
    "DES PEUPLIERS",
    "ANATOLE FRANCE",
    "LOUISE MICHEL",
    "MARCEL PAGNOL",
    "DES FRÈRES LUMIÈRE",
    "GEORGES SAND",
    "DU LIMOUSIN",
    "DE POITOU",
    "DES CHÊNES",
    "DE LA FONTAINE",
    "DES ROSIERS",
    "SAINT-MARTIAL",
    "ARISTIDE BRIAND",
    "CHARLES DE GAULLE",
    "DU PONT NEUF",
    "DES CERISIERS",
    "FRANÇOIS MITTERRAND",
    "PIERRE ET MARIE CURIE",
    "DES BRUYÈRES",
    "DE LA LIBÉRATION",
    "ROBESPIERRE",
    "DES MARRONNIERS",
)

LOCALITIES = ("LE BOURG", "LA GARENNE", "LES CHAUMES", "LE MOULIN", "LA FORÊT", "LES ÉPINETTES")

BUILDINGS = ("BÂTIMENT A", "BÂTIMENT B", "BÂT. C", "ESCALIER 2", "RÉSIDENCE LES GLYCINES", "TOUR 3")

# Domiciliation bodies of persons without a fixed address (`COMPLIDEADR`).
DOMICILIATIONS = ("CCAS", "SECOURS CATHOLIQUE", "ACCUEIL DE JOUR", "ASSOCIATION DOMICILIATION")

# Large towns of birth outside the département: (INSEE code, name as the CAF writes it).
BIRTH_TOWNS = (
    ("75114", "PARIS 14E ARRONDISSEMENT"),
    ("75118", "PARIS 18E ARRONDISSEMENT"),
    ("75120", "PARIS 20E ARRONDISSEMENT"),
    ("33063", "BORDEAUX"),
    ("31555", "TOULOUSE"),
    ("44109", "NANTES"),
    ("59350", "LILLE"),
    ("86194", "POITIERS"),
    ("87085", "LIMOGES"),
    ("79191", "NIORT"),
    ("37261", "TOURS"),
    ("45234", "ORLÉANS"),
    ("63113", "CLERMONT-FERRAND"),
    ("19031", "BRIVE-LA-GAILLARDE"),
    ("23096", "GUÉRET"),
    ("16015", "ANGOULÊME"),
    ("17300", "LA ROCHELLE"),
    ("35238", "RENNES"),
    ("67482", "STRASBOURG"),
    ("34172", "MONTPELLIER"),
    ("06088", "NICE"),
    ("76540", "ROUEN"),
    ("93066", "SAINT-DENIS"),
    ("94028", "CRÉTEIL"),
    ("38185", "GRENOBLE"),
    ("21231", "DIJON"),
    ("72181", "LE MANS"),
    ("57463", "METZ"),
    ("51454", "REIMS"),
    ("2A004", "AJACCIO"),
    ("2B033", "BASTIA"),
    ("97411", "SAINT-DENIS (RÉUNION)"),
)

# Countries of birth: (INSEE country code, town written in NOMCOMNAI, country name).
BIRTH_COUNTRIES = (
    ("99350", "CASABLANCA", "MAROC"),
    ("99352", "ALGER", "ALGÉRIE"),
    ("99352", "ORAN", "ALGÉRIE"),
    ("99351", "TUNIS", "TUNISIE"),
    ("99139", "PORTO", "PORTUGAL"),
    ("99208", "ISTANBUL", "TURQUIE"),
    ("99341", "DAKAR", "SÉNÉGAL"),
    ("99335", "BAMAKO", "MALI"),
    ("99326", "ABIDJAN", "CÔTE D'IVOIRE"),
    ("99114", "BUCAREST", "ROUMANIE"),
    ("99322", "DOUALA", "CAMEROUN"),
    ("99312", "KINSHASA", "CONGO (RÉP. DÉM.)"),
    ("99243", "HÔ CHI MINH-VILLE", "VIET NAM"),
    ("99123", "MOSCOU", "RUSSIE"),
    ("99155", "KIEV", "UKRAINE"),
)

# Weighted reasons, as the generator draws them.
SUSPENSION_PAYMENT_REASONS = Weighted(
    (("06", 35), ("01", 20), ("05", 15), ("70", 10), ("44", 5), ("CG", 8), ("36", 7))
)
SUSPENSION_RIGHT_REASONS = Weighted((("GR", 30), ("DC", 20), ("GF", 15), ("DL", 15), ("GJ", 10), ("DI", 10)))
CLOSURE_REASONS = Weighted((("ECH", 55), ("RFD", 15), ("PCG", 10), ("MUT", 12), ("RAU", 6), ("RGD", 2)))
REFUSAL_REASONS = Weighted((("RES", 50), ("RSJ", 20), ("SEJ", 15), ("ETU", 15)))

ADULT_ACTIVITIES = Weighted(
    [
        ("CHR", 25),
        ("CNI", 15),
        ("SSA", 20),
        ("SAL", 15),
        ("ANP", 8),
        ("MAL", 5),
        ("ETI", 4),
        ("ASS", 3),
        ("INT", 2),
        ("TSA", 2),
        ("SFP", 1),
    ]
)
CONTRACT_KINDS = ("CDD", "CDI", "TTE", "CUI")

# CAF codes of neighbouring organisations a dossier can come from (`OrganismeCedant`).
OTHER_CAFS = ("751", "331", "861", "191", "231", "161", "171", "441", "931", "693")
