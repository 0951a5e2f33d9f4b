"""One pass over a dossier's elements, sorting its leaves into one dict per block.

The parser's hot path. Touching each element once through `element.iter()` costs about half of
iterating block by block, so the dossier is walked in document order and every element is either
a block, which opens a new dict (`RULES` says where to keep it), or a leaf, whose text goes into
the dict of the block open at that point. This relies on a property of the format: a block holds
either leaves only or blocks only. Blocks the importer does not read go to a scratch dict.

Leaves are checked against their maximum length and stripped on the way: a block's dict maps
each tag to its text, or None when empty. The result (`Collected`) keeps, per block, the dict of
its leaves with `WHERE` giving the block's path and element, so that the readers can name the
path and line of a bad value.
"""

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.fields import MAX_LENGTHS, WHERE
from pacte.beneficiaries.caf.tree import FLUX_KINDS, load_tree

_UNLIMITED = 1 << 30

ROOT = "InfosFoyerRSA"
_PERSON = f"{ROOT}/Personne"
_ADDRESS = f"{ROOT}/DonneesAdministratives/Adresse"
_SITUATION = f"{ROOT}/PrestationRSA/SituationDossierRSA"
_RIGHT = f"{ROOT}/PrestationRSA/DetailDroitRSA"

# Scopes a block's dict is kept in.
DOSSIER, PERSON, ADDRESS = 0, 1, 2
NEW_PERSON, NEW_ADDRESS, SCRATCH = "person", "address", "scratch"

# tag -> (scope, slot, repeated, path), or one of the markers above.
RULES: dict[str, tuple | str] = {
    ROOT: SCRATCH,
    "IdentificationRSA": SCRATCH,
    "Organisme": (DOSSIER, "Organisme", False, f"{ROOT}/IdentificationRSA/Organisme"),
    "Partenaire": (DOSSIER, "Partenaire", False, f"{ROOT}/IdentificationRSA/Partenaire"),
    "DemandeRSA": (DOSSIER, "DemandeRSA", False, f"{ROOT}/IdentificationRSA/DemandeRSA"),
    "Personne": NEW_PERSON,
    "Identification": (PERSON, "Identification", False, f"{_PERSON}/Identification"),
    "DossierCAF": (PERSON, "Dossier", False, f"{_PERSON}/DossierCAF"),
    "DossierCafMsa": (PERSON, "Dossier", False, f"{_PERSON}/DossierCafMsa"),
    "Prestations": (PERSON, "Prestations", True, f"{_PERSON}/Prestations"),
    "FonctionPersonnePFA": (PERSON, "FonctionPersonnePFA", False, f"{_PERSON}/FonctionPersonnePFA"),
    "FonctionPersonneRSA": (PERSON, "FonctionPersonneRSA", False, f"{_PERSON}/FonctionPersonneRSA"),
    "DossierPoleEmploi": (PERSON, "DossierPoleEmploi", False, f"{_PERSON}/DossierPoleEmploi"),
    "MontantCalculDroitRSAPersonne": (PERSON, "Droit", False, f"{_PERSON}/MontantCalculDroitRSAPersonne"),
    "CalculDroitRSAPersonne": (PERSON, "Droit", False, f"{_PERSON}/CalculDroitRSAPersonne"),
    "Activite": (PERSON, "Activite", True, f"{_PERSON}/Activite"),
    "SituationFamille": (
        DOSSIER,
        "SituationFamille",
        False,
        f"{ROOT}/DonneesAdministratives/SituationFamille",
    ),
    "Adresse": NEW_ADDRESS,
    "TroncCommunAdresse": (ADDRESS, "TroncCommunAdresse", False, f"{_ADDRESS}/TroncCommunAdresse"),
    "AdresseDetailleeFrance": (
        ADDRESS,
        "AdresseDetailleeFrance",
        False,
        f"{_ADDRESS}/AdresseDetailleeFrance",
    ),
    "AdresseHorsFrance": (ADDRESS, "AdresseHorsFrance", False, f"{_ADDRESS}/AdresseHorsFrance"),
    "EtatDossierRSA": (DOSSIER, "EtatDossierRSA", False, f"{_SITUATION}/EtatDossierRSA"),
    "DroitOuvert": (DOSSIER, "DroitOuvert", False, f"{_SITUATION}/DroitOuvert"),
    "Refus": (DOSSIER, "Refus", False, f"{_SITUATION}/Refus"),
    "SuspensionDroit": (DOSSIER, "SuspensionDroit", True, f"{_SITUATION}/SuspensionDroit"),
    "SuspensionVersement": (DOSSIER, "SuspensionVersement", True, f"{_SITUATION}/SuspensionVersement"),
    "FinDroit": (DOSSIER, "FinDroit", False, f"{_SITUATION}/FinDroit"),
    "FinDroitMoisAnterieur": (DOSSIER, "FinDroitMoisAnterieur", False, f"{_SITUATION}/FinDroitMoisAnterieur"),
    "TroncCommunDroitRSA": (DOSSIER, "TroncCommunDroitRSA", False, f"{_RIGHT}/TroncCommunDroitRSA"),
    "MontantsCalculDroitRSA": (DOSSIER, "MontantsCalculDroitRSA", False, f"{_RIGHT}/MontantsCalculDroitRSA"),
    "DetailCalculDroitRSA": (DOSSIER, "DetailCalculDroitRSA", True, f"{_RIGHT}/DetailCalculDroitRSA"),
    "Evenement": (DOSSIER, "Evenement", True, f"{ROOT}/Evenement"),
}

# Every other block of either tree: its leaves are not read.
for _flux in FLUX_KINDS:
    for _path, _node in load_tree(_flux).walk():
        if _node.kind is None:
            RULES.setdefault(_node.name, SCRATCH)

# Every element name of either tree; any other is an unknown element, counted and skipped.
KNOWN_TAGS = frozenset(node.name for flux in FLUX_KINDS for _, node in load_tree(flux).walk())


class Collected:
    """The blocks of one dossier: `blocks` (dossier scope), `persons` and `addresses` (each a dict
    of its blocks, with `WHERE` giving its element)."""

    __slots__ = ("blocks", "persons", "addresses")

    def __init__(self):
        self.blocks: dict = {}
        self.persons: list[dict] = []
        self.addresses: list[dict] = []


def collect(dossier, strays: dict) -> Collected:
    """`strays`: {name: count} of the unknown elements, updated."""
    result = Collected()
    scopes: list = [result.blocks, None, None]
    scratch: dict = {}
    current = scratch
    rules, limits, unlimited, known = RULES, MAX_LENGTHS, _UNLIMITED, KNOWN_TAGS
    for element in dossier.iter():
        tag = element.tag
        rule = rules.get(tag)
        if rule is not None:
            current = _open_block(result, scopes, rule, element, scratch)
        elif tag not in known:
            name = tag if isinstance(tag, str) else "?"
            strays[name] = strays.get(name, 0) + 1
        elif current is not scratch:
            value = element.text
            if value:
                if len(value) > limits.get(tag, unlimited):
                    raise too_long(current, tag, value, element)
                value = value.strip() or None
            current[tag] = value
    return result


def _open_block(result: Collected, scopes: list, rule, element, scratch: dict) -> dict:
    """The dict the leaves of block `element` go to, registered where `rule` says."""
    if rule is SCRATCH:
        return scratch
    if rule is NEW_PERSON:
        scopes[PERSON] = {WHERE: (_PERSON, element)}
        result.persons.append(scopes[PERSON])
        return scratch
    if rule is NEW_ADDRESS:
        scopes[ADDRESS] = {WHERE: (_ADDRESS, element)}
        result.addresses.append(scopes[ADDRESS])
        return scratch
    scope, slot, repeated, path = rule
    owner = scopes[scope]
    if owner is None:  # a person's or an address's block outside of one: not read
        return scratch
    block = {WHERE: (path, element)}
    if not repeated:
        owner[slot] = block
    elif slot in owner:
        owner[slot].append(block)
    else:
        owner[slot] = [block]
    return block


def too_long(values: dict, tag: str, value: str, element) -> CafFileError:
    where = values.get(WHERE)
    path = f"{where[0]}/{tag}" if where else tag
    limit = MAX_LENGTHS[tag]
    return CafFileError(
        f"Valeur trop longue pour {path} : {len(value)} caractères pour {limit} au plus.",
        line=element.sourceline,
    )
