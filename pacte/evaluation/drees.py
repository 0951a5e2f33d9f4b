"""The DREES figures published for Haute-Vienne and Deux-Sèvres, shipped with Pacte
(pacte/evaluation/data/, SOURCES.md there): the OARSA survey indicators 2015–2018 and the RSA
households, beneficiaries and covered population 2009–2019 (with France's).

Read from the package, never from outside it; an empty cell (a question not answered that year) is
None, and so is a zero in the households' series (no figure published).
"""

import csv
import dataclasses
import functools
import io
from importlib import resources

OARSA_FILE = "oarsa_87_79_2015_2018.csv"
HOUSEHOLDS_FILE = "rsa_allocataires_87_79_FR_2009_2019.csv"
FRANCE = "FR"
NATIONAL_CODES = {"France": FRANCE, "France métropolitaine": "FR-MET"}
OARSA_KEYS = tuple(f"B{number}" for number in range(1, 21))
ATTRIBUTION = (
    "Source : DREES, enquête annuelle sur l'orientation et l'accompagnement des bénéficiaires du RSA "
    "(OARSA), 2015–2018, et séries des minima sociaux (CNAF, MSA), 2009–2019 ; Licence Ouverte 2.0."
)


@dataclasses.dataclass(frozen=True)
class OarsaYear:
    year: int
    indicators: dict  # {"B1": 84.0, ..., "B20": None}


@dataclasses.dataclass(frozen=True)
class HouseholdsYear:
    year: int
    households: int | None  # RSAalloc: foyers allocataires au 31 décembre
    # The two other columns, under their DREES names (see data/SOURCES.md on what they hold).
    beneficiaries: int | None  # RSAbenef
    covered: int | None  # RSApopcouv


def _rows(name):
    text = (resources.files("pacte.evaluation") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _number(text):
    return float(text) if text not in ("", None) else None


def _count(text):
    number = _number(text)
    return int(number) if number else None


@functools.cache
def _names():
    """{département name as DREES writes it: code} from the households' file (France: "FR")."""
    return {row["Territoire"]: _code(row) for row in _rows(HOUSEHOLDS_FILE)}


def _code(row):
    return row["Code.departement"] or NATIONAL_CODES[row["Territoire"]]


@functools.cache
def _oarsa():
    names = _names()
    published = {}
    for row in _rows(OARSA_FILE):
        code = names[row["Territoire"]]
        indicators = {key: _number(row[f"OarsaTab{key}"]) for key in OARSA_KEYS}
        published.setdefault(code, []).append(OarsaYear(year=int(float(row["Annee"])), indicators=indicators))
    return {code: sorted(years, key=lambda y: y.year) for code, years in published.items()}


@functools.cache
def _households():
    series = {}
    for row in _rows(HOUSEHOLDS_FILE):
        code = _code(row)
        series.setdefault(code, []).append(
            HouseholdsYear(
                year=int(float(row["Annee"])),
                households=_count(row["RSAalloc"]),
                beneficiaries=_count(row["RSAbenef"]),
                covered=_count(row["RSApopcouv"]),
            )
        )
    return {code: sorted(years, key=lambda y: y.year) for code, years in series.items()}


def oarsa(departement):
    """The survey's published indicators of `departement` by year ([] for a département not shipped)."""
    return list(_oarsa().get(departement, []))


def households(departement):
    """The RSA households series of `departement` ("FR" for France, "FR-MET" for metropolitan
    France), by year."""
    return list(_households().get(departement, []))


def published_years(departement):
    return [entry.year for entry in oarsa(departement)]
