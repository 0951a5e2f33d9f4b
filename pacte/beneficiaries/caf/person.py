"""Reading one collected `Personne` into a `Person` (VRSB0801 and VRSD0301 block names alike)."""

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.fields import WHERE, boolean, code, date_of, required
from pacte.beneficiaries.caf.records import Activity, Person, build

PATH = "InfosFoyerRSA/Personne"


def read_person(blocks: dict, unknown) -> Person:
    identity = _mandatory(blocks, "Identification", "Identification")
    dossier = _mandatory(blocks, "Dossier", "DossierCAF")
    france_travail = blocks.get("DossierPoleEmploi")
    name = required(identity, "NOM")
    values = {
        "qual": code(identity, "QUAL", unknown),
        "nom": name,
        "nomnai": identity.get("NOMNAI") or name,
        "prenom": required(identity, "PRENOM"),
        "prenom2": identity.get("PRENOM2"),
        "prenom3": identity.get("PRENOM3"),
        "nomcomnai": identity.get("NOMCOMNAI") or "",
        "dtnai": date_of(identity, "DTNAI", mandatory=True),
        "typedtnai": code(identity, "TYPEDTNAI", unknown),
        "nir": identity.get("NIR"),
        "sexe": code(identity, "SEXE", unknown, mandatory=True),
        "lisprenoms": identity.get("LISPRENOMS"),
        "lieunai": identity.get("LIEUNAI"),
        "paysnai": identity.get("PAYSNAI"),
        "dtdc": date_of(identity, "DTDC"),
        "toprespdos": boolean(dossier, "TOPRESPDOS", mandatory=True),
        "ddratdos": date_of(dossier, "DDRATDOS"),
        "dfratdos": date_of(dossier, "DFRATDOS"),
        "idassedic": france_travail.get("IDASSEDIC") if france_travail else None,
        "activities": tuple(read_activity(activity, unknown) for activity in blocks.get("Activite", ())),
    }
    _roles(blocks, unknown, values)
    _rights_and_duties(blocks.get("Droit"), values)
    return build(Person, values)


def _mandatory(blocks: dict, slot: str, name: str) -> dict:
    values = blocks.get(slot)
    if values is None:
        path, element = blocks[WHERE]
        raise CafFileError(f"Bloc obligatoire absent : {path}/{name}.", line=element.sourceline)
    return values


def _roles(blocks: dict, unknown, values: dict) -> None:
    """RSA role, family benefits role and dependent flag, from either flux's blocks."""
    rsa = blocks.get("FonctionPersonneRSA")
    pfa = blocks.get("FonctionPersonnePFA")
    if rsa is None:
        by_nature = {required(benefit, "NATPREST"): benefit for benefit in blocks.get("Prestations", ())}
        rsa, pfa = by_nature.get("RSA"), by_nature.get("PFA")
    if rsa is None:
        path, element = blocks[WHERE]
        raise CafFileError(
            f"Bloc obligatoire absent : {path}/Prestations avec NATPREST=RSA (rôle RSA de la personne).",
            line=element.sourceline,
        )
    values["rsa_role"] = code(rsa, "ROLEPERS", unknown, mandatory=True)
    values["pfa_role"] = code(pfa, "ROLEPERS", unknown, mandatory=True) if pfa else None
    values["topchapers"] = bool(boolean(rsa, "TOPCHAPERS"))


def _rights_and_duties(right: dict | None, values: dict) -> None:
    if right is None:
        values["sdd"] = values["entering_sdd"] = values["ddsoudrodev"] = values["dfsoudrodev"] = None
        return
    values["sdd"] = boolean(right, "TOPPERSDRODEVORSA", mandatory=True)
    values["entering_sdd"] = boolean(right, "TOPPERSENTDRODEVORSA")
    values["ddsoudrodev"] = date_of(right, "DDSOUDRODEV")
    values["dfsoudrodev"] = date_of(right, "DFSOUDRODEV")


def read_activity(values: dict, unknown) -> Activity:
    return build(
        Activity,
        {
            "reg": values.get("REG"),
            "act": code(values, "ACT", unknown, mandatory=True),
            "ddact": date_of(values, "DDACT", mandatory=True),
            "dfact": date_of(values, "DFACT"),
            "natcontrtra": values.get("NATCONTRTRA"),
        },
    )
