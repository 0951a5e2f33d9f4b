"""Exits from the pathway."""

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.pathways.enums import ContractStatus, ExitKind
from pacte.pathways.models import Contract, PathwayExit, ReferentAssignment
from pacte.pathways.services.common import audit, author, check_not_future
from pacte.pathways.services.contracts import end_contract
from pacte.pathways.services.referents import end_referent_assignment

EXIT_CATEGORY_BY_KIND = {kind: kind for kind in ExitKind.values}


@transaction.atomic
def record_exit(*, actor, person, kind, exit_date, employment_contract_type="", reason=None, note=""):
    """Record the exit; the active référent designation and the signed contracts end that day."""
    if kind == ExitKind.EMPLOYMENT and not employment_contract_type:
        raise DomainError("Indiquez le type de contrat de travail de la sortie vers l'emploi.")
    if kind != ExitKind.EMPLOYMENT and employment_contract_type:
        raise DomainError("Le type de contrat de travail ne concerne que les sorties vers l'emploi.")
    if reason is not None and reason.category != EXIT_CATEGORY_BY_KIND[kind]:
        raise DomainError(f"Le motif « {reason} » ne correspond pas à ce type de sortie.")
    check_not_future(exit_date, "de sortie")
    exit_ = PathwayExit.objects.create(
        departement_code=person.departement_code,
        person=person,
        kind=kind,
        employment_contract_type=employment_contract_type,
        reason=reason,
        exit_date=exit_date,
        note=note,
        recorded_by=author(actor),
    )
    audit(actor, "pathway.exit", exit_, kind=kind, exit_date=exit_date)
    for assignment in ReferentAssignment.objects.filter(
        person=person, end_date=None, start_date__lte=exit_date
    ):
        end_referent_assignment(
            actor=actor, assignment=assignment, end_date=exit_date, reason="Sortie de parcours"
        )
    for contract in Contract.objects.filter(
        person=person, status=ContractStatus.SIGNED, signed_on__lte=exit_date
    ):
        end_contract(actor=actor, contract=contract, end_date=exit_date)
    return exit_
