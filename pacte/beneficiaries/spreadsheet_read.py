"""The columns of a spreadsheet of beneficiaries and the checking of their values.

A sheet is read into text cells by `spreadsheet_files` (streamed, within limits): the first row
holds the column headers, the following ones the people. Values are then checked field by field,
each problem becoming one French sentence shown in the review grid.
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pacte.beneficiaries.enums import RsaRole, Sex


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    label: str
    max_length: int = 0


# Our fields, in the order the mapping form shows them.
COLUMNS = [
    Column("numdemrsa", "Numéro de dossier RSA (NUMDEMRSA)", 11),
    Column("rsa_role", "Rôle RSA (DEM, CJT, ENF, AUT, RDO)"),
    Column("last_name", "Nom d'usage", 28),
    Column("birth_name", "Nom de naissance", 28),
    Column("first_name", "Prénom", 32),
    Column("birth_date", "Date de naissance"),
    Column("sex", "Sexe"),
    Column("nir", "NIR"),
    Column("france_travail_id", "Identifiant France Travail", 8),
    Column("email", "Courriel", 254),
    Column("phone", "Téléphone", 20),
    Column("is_sdd", "Soumis aux droits et devoirs (oui / non)"),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_COLUMNS = ("numdemrsa", "first_name", "birth_date")

SEX_VALUES = {
    "1": Sex.MAN, "h": Sex.MAN, "m": Sex.MAN, "homme": Sex.MAN, "masculin": Sex.MAN,
    "2": Sex.WOMAN, "f": Sex.WOMAN, "femme": Sex.WOMAN, "féminin": Sex.WOMAN,
}  # fmt: skip
FLAG_VALUES = {
    "oui": True, "o": True, "1": True, "vrai": True, "true": True, "x": True, "yes": True,
    "non": False, "n": False, "0": False, "faux": False, "false": False, "no": False,
}  # fmt: skip
NIR_PATTERN = re.compile(r"^[12378][0-9]{2}[0-9]{2}(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 .()-]{6,20}$")
FRANCE_TRAVAIL_PATTERN = re.compile(r"^[0-9A-Z]{1,8}$")


def check_mapping(columns, headers):
    """French errors of a mapping {our field: header} against a sheet's headers (empty: fine)."""
    errors = []
    for key, header in columns.items():
        if key not in COLUMNS_BY_KEY:
            errors.append(f"Champ inconnu dans le modèle : « {key} ».")
        elif header and header not in headers:
            errors.append(
                f"La colonne « {header} » choisie pour « {COLUMNS_BY_KEY[key].label} » n'existe pas "
                f"dans le fichier (colonnes présentes : {', '.join(headers)})."
            )
    for key in REQUIRED_COLUMNS:
        if not columns.get(key):
            errors.append(f"Choisissez la colonne de « {COLUMNS_BY_KEY[key].label} ».")
    if not columns.get("birth_name") and not columns.get("last_name"):
        errors.append("Choisissez la colonne du nom de naissance ou du nom d'usage.")
    return errors


def parse_date(text):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def clean_values(raw):
    """Check the text of one row ({our field: text}); return ({field: value}, [French errors]).

    Empty cells are left out: an empty cell never erases what Pacte holds.
    """
    values, errors = {}, []
    for key, text in raw.items():
        if not text:
            continue
        column = COLUMNS_BY_KEY[key]
        if column.max_length and len(text) > column.max_length:
            errors.append(f"{column.label} : {column.max_length} caractères au plus (« {text} »).")
            continue
        value, error = _clean(key, text)
        if error:
            errors.append(error)
        else:
            values[key] = value
    return values, errors


def _clean(key, text):
    cleaner = CLEANERS.get(key)
    return cleaner(text) if cleaner else (text, "")


def _clean_numdemrsa(text):
    # Spreadsheet programs drop the leading zeros of numbers.
    return (text.zfill(11) if text.isdigit() else text), ""


def _clean_role(text):
    role = text.upper()
    if role not in RsaRole.values:
        return None, f"Rôle RSA « {text} » inconnu (DEM, CJT, ENF, AUT ou RDO attendu)."
    return role, ""


def _clean_date(text):
    value = parse_date(text)
    if value is None:
        return None, f"Date de naissance « {text} » invalide (AAAA-MM-JJ ou JJ/MM/AAAA attendu)."
    if value > datetime.date.today() or value.year < 1900:
        return None, f"Date de naissance « {text} » impossible."
    return value, ""


def _clean_sex(text):
    value = SEX_VALUES.get(text.lower())
    return (
        (value, "") if value else (None, f"Sexe « {text} » inconnu (1 ou H pour homme, 2 ou F pour femme).")
    )


def _clean_nir(text):
    nir = text.replace(" ", "").upper()
    if not NIR_PATTERN.match(nir):
        return None, "NIR invalide (13 ou 15 caractères attendus)."
    return nir, ""


def _clean_france_travail(text):
    value = text.replace(" ", "").upper()
    if not FRANCE_TRAVAIL_PATTERN.match(value):
        return None, f"Identifiant France Travail « {text} » invalide (8 lettres ou chiffres au plus)."
    return value, ""


def _clean_email(text):
    try:
        validate_email(text)
    except ValidationError:
        return None, f"Courriel « {text} » invalide."
    return text.lower(), ""


def _clean_phone(text):
    return (text, "") if PHONE_PATTERN.match(text) else (None, f"Téléphone « {text} » invalide.")


def _clean_flag(text):
    value = FLAG_VALUES.get(text.lower())
    if value is None:
        return None, f"Droits et devoirs « {text} » : oui ou non attendu."
    return value, ""


CLEANERS = {
    "numdemrsa": _clean_numdemrsa,
    "rsa_role": _clean_role,
    "birth_date": _clean_date,
    "sex": _clean_sex,
    "nir": _clean_nir,
    "france_travail_id": _clean_france_travail,
    "email": _clean_email,
    "phone": _clean_phone,
    "is_sdd": _clean_flag,
}
