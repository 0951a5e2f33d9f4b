"""Hand-built cohorts for the indicator engine's tests: a person, their right history, their
orientations and contracts, in a few calls."""

import datetime

from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways import facts
from pacte.pathways.enums import ContractKind, ContractStatus, OrientationOrigin, OrientationStatus, Track
from pacte.pathways.models import Contract, Orientation
from tests.factories import DossierFactory, PersonFactory, RightHistoryFactory

D = datetime.date
FT = OrientationBodyKind.FRANCE_TRAVAIL
SPE = OrientationBodyKind.SPE_AUTRE
DEP = OrientationBodyKind.DEPARTEMENT
HORS = OrientationBodyKind.HORS_SPE
CER = ContractKind.CER
PPAE = ContractKind.PPAE
CE = ContractKind.CONTRAT_ENGAGEMENT


DEMAND = D(2025, 3, 1)
OPEN_SDD = ((D(2025, 3, 31), "2", True),)


def person(dtdemrsa=DEMAND, history=OPEN_SDD, *, dep="87", adult=True, **dossier):
    """An adult (a child with `adult=False`) whose right history is `history`: (dtref, ETATDOSRSA,
    TOPPERSDRODEVORSA) rows."""
    folder = DossierFactory(departement_code=dep, dtdemrsa=dtdemrsa, **dossier)
    someone = PersonFactory(dossier=folder, is_adult=adult)
    for dtref, state, sdd in history:
        RightHistoryFactory(person=someone, dtref=dtref, right_state=state, is_sdd=sdd)
    return someone


def orient(someone, decided_on, kind=DEP, *, body=None, status=OrientationStatus.VALIDATED):
    return kept(
        Orientation,
        departement_code=someone.departement_code,
        person=someone,
        track=Track.PROFESSIONAL,
        body_kind=kind,
        body=body,
        status=status,
        origin=OrientationOrigin.MANUAL,
        decision_date=decided_on if status == OrientationStatus.VALIDATED else None,
    )


def kept(model, **values):
    """A row written as the services write it: the person's pathway facts follow."""
    row = model.objects.create(**values)
    facts.refresh([row.person_id])
    return row


def contract(someone, signed_on, kind=CE, *, end=None, status=ContractStatus.SIGNED):
    return kept(
        Contract,
        departement_code=someone.departement_code,
        person=someone,
        kind=kind,
        status=status,
        signed_on=signed_on if status != ContractStatus.DRAFT else None,
        end_date=end,
    )
