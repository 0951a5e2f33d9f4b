"""The NIR (numéro d'inscription au répertoire), as the CAF files give it: 13 characters, no key.

    sex (1) | year (2) | month (2) | département of birth (2) | commune of birth (3) | order (3)

Corsica is written 2A / 2B (births from 1976) and counts as 19 / 18 in the key; a birth abroad
is département 99 followed by the INSEE country code.
"""

import re
from datetime import date

_NIR13 = re.compile(r"[12378][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{6}")


def is_nir13(value: str) -> bool:
    return bool(_NIR13.fullmatch(value))


def nir_key(nir13: str) -> int:
    """The 2-digit key of a 13-character NIR: 97 - (n mod 97), with 2A -> 19 and 2B -> 18."""
    nir13 = nir13.strip().upper()[:13]
    if not is_nir13(nir13):
        raise ValueError("not a 13-character NIR")  # not quoted: an error may end in a log
    departement = {"2A": "19", "2B": "18"}.get(nir13[5:7], nir13[5:7])
    number = int(nir13[:5] + departement + nir13[7:])
    return 97 - number % 97


def nir15(nir13: str) -> str:
    """The 15-character NIR: the 13 characters followed by their key."""
    return f"{nir13[:13]}{nir_key(nir13):02d}"


def build_nir(*, sexe: str, birth_date: date, birth_insee: str, order: int) -> str:
    """A 13-character NIR consistent with sex, birth date and place of birth.

    `birth_insee` is the INSEE code of the commune of birth ('87085', '2A004') or, for a birth
    abroad, '99' followed by the country code ('99350').
    """
    departement, commune = birth_insee[:2], birth_insee[2:5]
    if departement in ("2A", "2B") and birth_date.year < 1976:
        departement = "20"
    return f"{sexe}{birth_date.year % 100:02d}{birth_date.month:02d}{departement}{commune}{order:03d}"
