"""Reading the leaves of one block of a CAF file: presence, length, type, code list.

This is the parser's hot path (about a hundred leaves per dossier), so it works on plain dicts:
a block is a dict of its leaves' stripped texts (None when empty), lengths already checked
(`leaves()`, or `collect` for a dossier), which remembers under the key `WHERE` where the block
is, so that a failed check can name the element's path and line. Every check raises
`CafFileError`; the functions take the block dict and the tag. The checks are the ones the importer relies on; they are not a schema
validation (see `schema.validate` for that).
"""

import re
from datetime import date
from decimal import Decimal

from pacte.beneficiaries.caf.codes import DESCRIPTIVE_CODES, STRICT_CODES
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.tree import max_lengths

MAX_LENGTHS = max_lengths()
_UNLIMITED = 1 << 30
_DECIMAL = re.compile(r"-?[0-9]{1,13}(?:\.[0-9]{1,4})?")
_DEPARTEMENT = re.compile(r"0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-8]")
_DATES: dict[str, date] = {}
_DATES_LIMIT = 200_000


WHERE = object()  # key of (path, block element) in a leaves dict; never a tag


def leaves(element, path: str) -> dict:
    """{tag: stripped text or None} of the children of `element`, lengths checked (the last one
    wins when a tag repeats): the form `collect` gives each block in."""
    values = {WHERE: (path, element)}
    for child in element:
        value = child.text
        if value:
            if len(value) > MAX_LENGTHS.get(child.tag, _UNLIMITED):
                limit = MAX_LENGTHS[child.tag]
                message = f"Valeur trop longue pour {{path}} : {len(value)} caractères pour {limit} au plus."
                raise fail(values, child.tag, message)
            value = value.strip() or None
        values[child.tag] = value
    return values


def fail(values: dict, tag: str | None, message: str) -> CafFileError:
    """The error for leaf `tag` of the block `values` ({path} in `message` is the leaf's path)."""
    path, element = values[WHERE]
    line = element.sourceline
    if tag is not None:
        for child in element.iterchildren(tag):
            line = child.sourceline
    # replace(), not format(): the message holds values read from the file.
    return CafFileError(message.replace("{path}", f"{path}/{tag}" if tag else path), line=line)


def absent(values: dict, tag: str):
    """Raise the error of a mandatory leaf that is absent or empty."""
    raise fail(values, tag, "Élément obligatoire absent ou vide : {path}.")


def required(values: dict, tag: str) -> str:
    """The text of mandatory leaf `tag`; refused when absent or empty."""
    return values.get(tag) or absent(values, tag)


def parse_date(value: str) -> date | None:
    """`YYYY-MM-DD` as a date, None when it is not one."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    digits = value[:4] + value[5:7] + value[8:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return None


def date_of(values: dict, tag: str, *, mandatory: bool = False) -> date | None:
    value = values.get(tag)
    parsed = _DATES.get(value)  # files repeat their dates: most are found here
    if parsed is not None:
        return parsed
    if value is None:
        return absent(values, tag) if mandatory else None
    parsed = parse_date(value)
    if parsed is None:
        raise fail(values, tag, f"Date invalide « {value} » pour {{path}} (AAAA-MM-JJ attendu).")
    if len(_DATES) >= _DATES_LIMIT:
        _DATES.clear()
    _DATES[value] = parsed
    return parsed


def boolean(values: dict, tag: str, *, mandatory: bool = False) -> bool | None:
    value = values.get(tag)
    if value == "1":
        return True
    if value == "0":
        return False
    if value is None:
        return absent(values, tag) if mandatory else None
    raise fail(values, tag, f"Valeur « {value} » invalide pour {{path}} (0 ou 1 attendu).")


def decimal(values: dict, tag: str, *, mandatory: bool = False) -> Decimal | None:
    value = values.get(tag)
    if value is None:
        return absent(values, tag) if mandatory else None
    if not _DECIMAL.fullmatch(value):
        raise fail(values, tag, f"Montant invalide « {value} » pour {{path}}.")
    return Decimal(value)


def integer(values: dict, tag: str, *, mandatory: bool = False) -> int | None:
    value = values.get(tag)
    if value is None:
        return absent(values, tag) if mandatory else None
    if not (value.isascii() and value.isdigit()):
        raise fail(values, tag, f"Nombre invalide « {value} » pour {{path}}.")
    return int(value)


def code(values: dict, tag: str, unknown: dict, *, mandatory: bool = False) -> str | None:
    """A code: refused outside a strict list, collected in `unknown` outside a descriptive one."""
    value = values.get(tag)
    if value is None:
        return absent(values, tag) if mandatory else None
    strict = STRICT_CODES.get(tag)
    if strict is not None:
        if value not in strict:
            allowed = ", ".join(strict)
            raise fail(
                values, tag, f"Valeur « {value} » hors liste pour {{path}} (valeurs admises : {allowed})."
            )
    elif value not in DESCRIPTIVE_CODES.get(tag, (value,)):
        unknown[tag].add(value)
    return value


def normalise_departement(value: str) -> str | None:
    """'087' -> '87', '02A' -> '2A', '971' -> '971'; None when it is not a département code."""
    value = value.strip().upper()
    if len(value) == 3 and value[0] == "0":
        value = value[1:]
    return value if _DEPARTEMENT.fullmatch(value) else None


def departement_of(values: dict, tag: str) -> str:
    raw = required(values, tag)
    departement = normalise_departement(raw)
    if departement is None:
        raise fail(values, tag, f"Code département invalide « {raw} » pour {{path}}.")
    return departement
