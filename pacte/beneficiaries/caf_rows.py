"""From parsed CAF records to the values of our models' fields."""

from types import SimpleNamespace

from django.db.models import NOT_PROVIDED

from pacte.beneficiaries.enums import RightState


class RowFactory:
    """Plain rows carrying every column of a model with its default: instantiating thousands of
    Django models costs more than parsing the file, and the import writes with `executemany`."""

    def __init__(self, model):
        self.static, self.dynamic = {}, {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.default is NOT_PROVIDED:
                self.static[field.attname] = (
                    None if field.null else ("" if field.empty_strings_allowed else None)
                )
            elif callable(field.default):
                self.dynamic[field.attname] = field.default
            else:
                self.static[field.attname] = field.default

    def new(self, **values):
        row = SimpleNamespace(pk=None, **self.static)
        for name, make in self.dynamic.items():
            setattr(row, name, make())
        for name, value in values.items():
            setattr(row, name, value)
        return row


def _address(household):
    address = household.address
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


def dossier_values(household, communes):
    """`communes`: {insee_code: (insee_code, territory_id)} of the known communes."""
    address = household.address
    commune_id, territory_id = None, None
    if address is not None and not address.is_foreign and address.numcom in communes:
        commune_id, territory_id = communes[address.numcom]
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
        **_address(household),
        "commune_id": commune_id,
        "territory_id": territory_id,
        "foreign_address": bool(address and address.is_foreign),
        "right_state": household.etatdosrsa
        if household.etatdosrsa in RightState.values
        else RightState.UNDEFINED,
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
