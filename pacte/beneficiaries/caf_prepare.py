"""What the writer of a CAF import needs of each parsed household, worked out where it is parsed.

A large file is parsed in a second process (`caf_pipe`), which has a core of its own; the values
of the rows are computed there too — the dossier's columns, each person's columns with their name
keys, the NIR's keyed hash and its encryption — and only they travel to the writing process, as
tuples and dicts, which unpickle several times faster than the parser's records. The writer adds
what only the database knows (ids, the commune's territory, the entry into rights and duties).

Nothing here reads the database or the settings: the NIR key is given.
"""

from datetime import date
from typing import NamedTuple

from pacte.beneficiaries import names
from pacte.beneficiaries.caf import codes
from pacte.beneficiaries.caf.records import UnchangedHousehold
from pacte.beneficiaries.crypto import encrypt_nir, nir_lookup_hash

RIGHT_STATES = frozenset(codes.ETATDOSRSA)
UNDEFINED_STATE = "Z"


class PreparedPerson(NamedTuple):
    values: dict  # the `Person` columns the file gives, the name keys with them
    nir13: str | None  # for matching a known person
    nir_hash: str
    nir_encrypted: str
    entering_sdd: bool | None  # TOPPERSENTDRODEVORSA
    ddsoudrodev: date | None  # the CAF's own entry date into rights and duties (VRSD0301)


class PreparedHousehold(NamedTuple):
    numdemrsa: str
    raw_hash: str
    departement: str
    etatdosrsa: str
    dtdemrsa: date
    numcom: str | None  # the INSEE code of a French address, for the commune and its territory
    dossier: dict  # the `Dossier` columns the file gives
    persons: tuple[PreparedPerson, ...]
    events: tuple[tuple[date, str, str], ...]  # (DTLIQ, HEULIQ, FG)


def prepare(household, nir_key):
    """The `PreparedHousehold` of a parsed `Household`; an `UnchangedHousehold` as it is."""
    if isinstance(household, UnchangedHousehold):
        return household
    address = household.address
    french = address is not None and not address.is_foreign
    return PreparedHousehold(
        numdemrsa=household.numdemrsa,
        raw_hash=household.raw_hash,
        departement=household.departement,
        etatdosrsa=household.etatdosrsa,
        dtdemrsa=household.dtdemrsa,
        numcom=address.numcom if french else None,
        dossier=dossier_values(household),
        persons=tuple(_person(parsed, nir_key) for parsed in household.persons),
        events=tuple((event.dtliq, event.heuliq or "", event.fg) for event in household.events),
    )


def _person(parsed, nir_key):
    values = person_values(parsed)
    values["is_adult"] = parsed.rsa_role in codes.ADULT_ROLES
    values["search_key"], values["sort_key"] = names.keys(values)
    nir13 = parsed.nir13
    return PreparedPerson(
        values=values,
        nir13=nir13,
        nir_hash=nir_lookup_hash(nir13, key=nir_key) if parsed.nir else "",
        nir_encrypted=encrypt_nir(parsed.nir, key=nir_key) if parsed.nir else "",
        entering_sdd=parsed.entering_sdd,
        ddsoudrodev=parsed.ddsoudrodev,
    )


def _address(address):
    if address is None or address.is_foreign:
        return {"address_line": "", "address_complement": "", "postcode": "", "city_name": ""}
    line = " ".join(part for part in (address.numvoie, address.libtypevoie, address.nomvoie) if part)
    complement = " ".join(part for part in (address.complideadr, address.compladr, address.lieudist) if part)
    return {
        "address_line": line[:200],
        "address_complement": complement[:200],
        "postcode": address.codepos[:5],
        "city_name": address.nomcom[:50],
    }


def dossier_values(household):
    """The `Dossier` columns of a parsed household, but its commune and territory."""
    address = household.address
    suspensions = [
        {"kind": "droit", "code": s.code, "start": s.start.isoformat()} for s in household.suspensions_droit
    ]
    suspensions += [
        {"kind": "versement", "code": s.code, "start": s.start.isoformat()}
        for s in household.suspensions_versement
    ]
    return {
        "dtdemrsa": household.dtdemrsa,
        "fonorg": household.fonorg,
        "numorg": household.numorg,
        "matricule": household.matricule,
        "family_situation": household.sitfam,
        "family_situation_since": household.ddsitfam,
        "no_fixed_address": household.no_fixed_address,
        "children_count": household.nb_children,
        **_address(address),
        "foreign_address": bool(address and address.is_foreign),
        "right_state": household.etatdosrsa if household.etatdosrsa in RIGHT_STATES else UNDEFINED_STATE,
        "closure_reason": household.moticlorsa or "",
        "closure_date": household.dtclorsa,
        "total_amount": household.mttotdrorsa,
        "right_opened_on": household.dtodrsa,
        "demand_origin": household.oridemrsa or "",
        "refusal_reason": household.motirefursa or "",
        "refusal_date": household.dtrefursa,
        "suspensions": suspensions,
        "benefit_kinds": list(household.natpf),
        "content_hash": household.raw_hash,
    }


def person_values(parsed):
    """The `Person` columns of a parsed person, but its keys, NIR and dossier."""
    other_names = " ".join(name for name in (parsed.prenom2, parsed.prenom3) if name)
    return {
        "rsa_role": parsed.rsa_role,
        "civility": parsed.qual or "",
        "last_name": parsed.nom,
        "birth_name": parsed.nomnai,
        "first_name": parsed.prenom,
        "other_first_names": (other_names or parsed.lisprenoms or "")[:64],
        "birth_date": parsed.dtnai,
        "birth_place": (parsed.nomcomnai or parsed.lieunai or "")[:26],
        "sex": parsed.sexe,
        "france_travail_id": parsed.idassedic or "",
        "is_sdd": bool(parsed.sdd),
        "is_entering_sdd": bool(parsed.entering_sdd),
        "sdd_until": parsed.dfsoudrodev,
        "activities": [
            {
                "act": a.act,
                "start": a.ddact.isoformat(),
                "end": a.dfact.isoformat() if a.dfact else None,
                "contract": a.natcontrtra,
            }
            for a in parsed.activities
        ],
        "death_date": parsed.dtdc,
    }
