"""Reading one `InfosFoyerRSA` element (a dossier) into a `Household`.

`collect` sorts the leaves by block in one pass; the functions here check and convert the
values the importer relies on. Both flux kinds are read by the same code: each VRSD0301 block is
kept beside its VRSB0801 name (`DossierCafMsa` / `DossierCAF`, `FonctionPersonneRSA` /
`Prestations`...).
"""

import hashlib

from lxml import etree

from pacte.beneficiaries.caf.collect import ROOT, collect
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.fields import (
    WHERE,
    boolean,
    code,
    date_of,
    decimal,
    departement_of,
    integer,
    required,
)
from pacte.beneficiaries.caf.person import read_person
from pacte.beneficiaries.caf.records import Address, Amounts, Event, Household, Suspension, build

_BLOCK_PATHS = {
    "Organisme": f"{ROOT}/IdentificationRSA/Organisme",
    "Partenaire": f"{ROOT}/IdentificationRSA/Partenaire",
    "DemandeRSA": f"{ROOT}/IdentificationRSA/DemandeRSA",
    "SituationFamille": f"{ROOT}/DonneesAdministratives/SituationFamille",
    "EtatDossierRSA": f"{ROOT}/PrestationRSA/SituationDossierRSA/EtatDossierRSA",
    "TroncCommunDroitRSA": f"{ROOT}/PrestationRSA/DetailDroitRSA/TroncCommunDroitRSA",
    "TroncCommunAdresse": f"{ROOT}/DonneesAdministratives/Adresse/TroncCommunAdresse",
}
# (tag, field of the record) pairs.
_OPTIONAL_AMOUNTS = tuple(
    (tag, tag.lower())
    for tag in (
        "MTPENTRSA",
        "MTLOCALRSA",
        "MTPFRSA",
        "MTALRSA",
        "MTSANOBLALIMRSA",
        "MTREDHOSRSA",
        "MTREDCGRSA",
        "MTCUMINTEGRSA",
        "MTABANEURSA",
    )
)
_FRANCE_FIELDS = tuple(
    (tag, tag.lower())
    for tag in (
        "COMPLIDEADR",
        "COMPLADR",
        "NUMVOIE",
        "LIBTYPEVOIE",
        "NOMVOIE",
        "LIEUDIST",
        "NUMCOM",
        "CODEPOS",
    )
)
_FOREIGN_LINES = tuple(f"LIBLIG{number}ADR" for number in range(2, 8))
_NO_BLOCK: dict = {}


def raw_hash(element) -> str:
    """blake2b of the dossier's canonical form: lxml's UTF-8 serialisation of the element as
    parsed without blank text, comments nor processing instructions (so indentation, encoding and
    `<X/>` against `<X></X>` leave it unchanged)."""
    data = etree.tostring(element, encoding="utf-8", with_tail=False)
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def mandatory(blocks: dict, slot: str, element) -> dict:
    values = blocks.get(slot)
    if values is None:
        raise CafFileError(f"Bloc obligatoire absent : {_BLOCK_PATHS[slot]}.", line=element.sourceline)
    return values


def read_household(element, unknown: dict[str, set[str]], strays: dict[str, int]) -> Household:
    """`unknown`: codes outside their lists, `strays`: unknown elements, both updated."""
    found = collect(element, strays)
    blocks = found.blocks
    if not found.persons:
        raise CafFileError(f"Bloc obligatoire absent : {ROOT}/Personne.", line=element.sourceline)
    if not found.addresses:
        raise CafFileError(
            f"Bloc obligatoire absent : {ROOT}/DonneesAdministratives/Adresse.", line=element.sourceline
        )
    organisme = mandatory(blocks, "Organisme", element)
    demande = mandatory(blocks, "DemandeRSA", element)
    family = mandatory(blocks, "SituationFamille", element)
    common = mandatory(blocks, "TroncCommunDroitRSA", element)
    persons = tuple(read_person(person, unknown) for person in found.persons)
    nb_children = integer(common, "NBENFAUTCHA")
    values = {
        "numdemrsa": required(demande, "NUMDEMRSA"),
        "dtdemrsa": date_of(demande, "DTDEMRSA", mandatory=True),
        "fonorg": required(organisme, "FONORG"),
        "numorg": required(organisme, "NUMORG"),
        "matricule": required(organisme, "MATRICULE"),
        "departement": departement_of(mandatory(blocks, "Partenaire", element), "IDEPARTE"),
        "sitfam": code(family, "SITFAM", unknown, mandatory=True),
        "ddsitfam": date_of(family, "DDSITFAM"),
        "address": read_address(found.addresses, element),
        "no_fixed_address": boolean(common, "TOPSANSDOMFIXE", mandatory=True),
        "nb_children": sum(p.rsa_role == "ENF" for p in persons) if nb_children is None else nb_children,
        "oridemrsa": common.get("ORIDEMRSA"),
        "topfoydrodevorsa": boolean(common, "TOPFOYDRODEVORSA"),
        "amounts": read_amounts(blocks.get("MontantsCalculDroitRSA")),
        "natpf": tuple(
            code(detail, "NATPF", unknown, mandatory=True)
            for detail in blocks.get("DetailCalculDroitRSA", ())
        ),
        "events": tuple(read_event(event, unknown) for event in blocks.get("Evenement", ())),
        "persons": persons,
        "raw_hash": raw_hash(element),
        "line": element.sourceline,
    }
    read_situation(blocks, element, unknown, values)
    return build(Household, values)


def read_situation(blocks: dict, element, unknown, values: dict) -> None:
    values["etatdosrsa"] = code(
        mandatory(blocks, "EtatDossierRSA", element), "ETATDOSRSA", unknown, mandatory=True
    )
    values["suspensions_droit"] = tuple(
        Suspension(
            code(s, "MOTISUSDRORSA", unknown, mandatory=True), date_of(s, "DDSUSDRORSA", mandatory=True)
        )
        for s in blocks.get("SuspensionDroit", ())
    )
    values["suspensions_versement"] = tuple(
        Suspension(
            code(s, "MOTISUSVERSRSA", unknown, mandatory=True), date_of(s, "DDSUSVERSRSA", mandatory=True)
        )
        for s in blocks.get("SuspensionVersement", ())
    )
    values["dtodrsa"] = date_of(blocks.get("DroitOuvert", _NO_BLOCK), "DTODRSA")
    refusal = blocks.get("Refus", _NO_BLOCK)
    values["dtrefursa"] = date_of(refusal, "DTREFURSA")
    values["motirefursa"] = refusal.get("MOTIREFURSA")
    closure = blocks.get("FinDroit") or blocks.get("FinDroitMoisAnterieur")
    if closure is None:
        values["moticlorsa"] = values["dtclorsa"] = None
    else:
        values["moticlorsa"] = code(closure, "MOTICLORSA", unknown, mandatory=True)
        values["dtclorsa"] = date_of(closure, "DTCLORSA", mandatory=True)


def read_address(addresses: list[dict], element) -> Address:
    """The current address (`RGADR` 01), else the one of lowest rank."""
    ranked = []
    for address in addresses:
        common = address.get("TroncCommunAdresse")
        if common is None:
            path, block = address[WHERE]
            raise CafFileError(f"Bloc obligatoire absent : {path}/TroncCommunAdresse.", line=block.sourceline)
        ranked.append((required(common, "RGADR"), address))
    rgadr, address = min(ranked, key=lambda item: item[0])
    common = address["TroncCommunAdresse"]
    france = address.get("AdresseDetailleeFrance", _NO_BLOCK)
    values = {
        "rgadr": rgadr,
        "dtemm": date_of(common, "DTEMM"),
        "pays": common.get("PAYS") or "",
        "typeadr": common.get("TYPEADR") or "",
        "etatadr": common.get("ETATADR") or "",
        "nomcom": france.get("NOMCOM") or "",
        "foreign_lines": (),
    }
    for tag, field in _FRANCE_FIELDS:
        values[field] = france.get(tag) or ""
    foreign = address.get("AdresseHorsFrance")
    if france is _NO_BLOCK and foreign is not None:
        values["foreign_lines"] = tuple(line for line in (foreign.get(tag) for tag in _FOREIGN_LINES) if line)
    return build(Address, values)


def read_amounts(values: dict | None) -> Amounts | None:
    if values is None:
        return None
    result = {
        "ddelecal": date_of(values, "DDELECAL", mandatory=True),
        "dfelecal": date_of(values, "DFELECAL"),
        "mtrevminigararsa": decimal(values, "MTREVMINIGARARSA", mandatory=True),
        "mtrevgararsa": decimal(values, "MTREVGARARSA", mandatory=True),
        "mtressmenrsa": decimal(values, "MTRESSMENRSA", mandatory=True),
        "mttotdrorsa": decimal(values, "MTTOTDRORSA", mandatory=True),
    }
    for tag, field in _OPTIONAL_AMOUNTS:
        result[field] = None if values.get(tag) is None else decimal(values, tag)
    return build(Amounts, result)


def read_event(values: dict, unknown) -> Event:
    return build(
        Event,
        {
            "dtliq": date_of(values, "DTLIQ", mandatory=True),
            "heuliq": required(values, "HEULIQ"),
            "fg": code(values, "FG", unknown, mandatory=True),
        },
    )
