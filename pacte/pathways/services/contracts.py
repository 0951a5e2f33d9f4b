"""Contracts: the contrat d'engagement (since 2025), signed, ended, renewed."""

import datetime

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.pathways import facts
from pacte.pathways.enums import CONTRACT_TRANSITIONS, DEFAULT_WEEKLY_HOURS, ContractKind, ContractStatus
from pacte.pathways.models import Contract, Orientation
from pacte.pathways.services.common import audit, author, check_not_before, check_not_future, today


def _check_hours(weekly_hours, hours_reason):
    if weekly_hours is None or weekly_hours < 0 or weekly_hours > 35:
        raise DomainError(
            "Le nombre d'heures hebdomadaires doit être compris entre 0 et 35.", field="weekly_hours"
        )
    if weekly_hours != DEFAULT_WEEKLY_HOURS and not (hours_reason or "").strip():
        raise DomainError(
            f"Indiquez le motif de l'adaptation de la durée d'activité ({DEFAULT_WEEKLY_HOURS} heures par défaut).",
            field="hours_reason",
        )


def _check_draft_end(end_date):
    """A draft is written to be signed: its planned end is not past already."""
    if end_date is not None and end_date < today():
        raise DomainError(
            f"La date de fin prévue du contrat est passée ({end_date:%d/%m/%Y}) : "
            "le contrat serait terminé avant d'être signé.",
            field="end_date",
        )


@transaction.atomic
def create_contract(
    *,
    actor,
    person,
    kind=ContractKind.CONTRAT_ENGAGEMENT,
    weekly_hours=DEFAULT_WEEKLY_HOURS,
    hours_reason="",
    end_date=None,
    commitments="",
    referent=None,
    organization=None,
):
    """A draft contract following the person's current orientation."""
    if kind != ContractKind.CONTRAT_ENGAGEMENT:
        raise DomainError("Depuis le 1er janvier 2025, seul le contrat d'engagement peut être conclu.")
    orientation = Orientation.objects.current().filter(person=person).first()
    if orientation is None:
        raise DomainError(f"{person} n'est pas encore orienté·e : le contrat suit l'orientation.")
    _check_hours(weekly_hours, hours_reason)
    _check_draft_end(end_date)
    contract = Contract.objects.create(
        departement_code=person.departement_code,
        person=person,
        kind=kind,
        orientation=orientation,
        weekly_hours=weekly_hours,
        hours_reason=hours_reason.strip() if weekly_hours != DEFAULT_WEEKLY_HOURS else "",
        end_date=end_date,
        commitments=commitments,
        referent=referent,
        organization=organization or orientation.body,
        created_by=author(actor),
    )
    audit(actor, "contract.create", contract, kind=kind, weekly_hours=weekly_hours)
    return contract


def _check_draft(contract):
    if contract.status != ContractStatus.DRAFT:
        raise DomainError(
            "Seul un brouillon de contrat se modifie ou se supprime ; un contrat signé prend fin."
        )


@transaction.atomic
def update_contract(*, actor, contract, weekly_hours, hours_reason="", end_date=None, commitments=""):
    """Change a draft's hours, planned end and commitments, under the rules of `create_contract`."""
    _check_draft(contract)
    _check_hours(weekly_hours, hours_reason)
    _check_draft_end(end_date)
    changes = {
        "weekly_hours": weekly_hours,
        "hours_reason": hours_reason.strip() if weekly_hours != DEFAULT_WEEKLY_HOURS else "",
        "end_date": end_date,
        "commitments": commitments,
    }
    changed = sorted(name for name, value in changes.items() if getattr(contract, name) != value)
    for name, value in changes.items():
        setattr(contract, name, value)
    contract.save(update_fields=list(changes))
    audit(actor, "contract.update", contract, fields=changed)
    return contract


@transaction.atomic
def delete_contract(*, actor, contract):
    """A draft may be deleted (a signed contract is ended instead); the audit entry keeps its UUID."""
    _check_draft(contract)
    audit(actor, "contract.delete", contract, weekly_hours=contract.weekly_hours, end_date=contract.end_date)
    contract.delete()


def _check_dates(contract, signed_on):
    check_not_future(signed_on, "de signature", field="signed_on")
    if contract.end_date is not None and contract.end_date < signed_on:
        raise DomainError("La date de fin du contrat précède sa signature.", field="signed_on")
    decision = contract.orientation.decision_date if contract.orientation_id else None
    check_not_before(
        signed_on,
        decision,
        "Le contrat ne peut pas être signé avant la décision d'orientation",
        field="signed_on",
    )


@transaction.atomic
def sign_contract(*, actor, contract, signed_on=None):
    """Sign a draft: its signature date is also its start date."""
    CONTRACT_TRANSITIONS.check(contract.status, ContractStatus.SIGNED)
    signed_on = signed_on or today()
    _check_dates(contract, signed_on)
    signed = transition(
        contract,
        ContractStatus.SIGNED,
        actor=actor,
        table=CONTRACT_TRANSITIONS,
        changes={"signed_on": signed_on},
        data={"signed_on": signed_on},
    )
    facts.refresh([contract.person_id])
    return signed


@transaction.atomic
def end_contract(*, actor, contract, end_date=None):
    CONTRACT_TRANSITIONS.check(contract.status, ContractStatus.ENDED)
    end_date = end_date or today()
    if end_date < contract.signed_on:
        raise DomainError("La date de fin du contrat précède sa signature.", field="end_date")
    if contract.end_date is not None and contract.end_date <= end_date:
        end_date = contract.end_date
    return transition(
        contract,
        ContractStatus.ENDED,
        actor=actor,
        table=CONTRACT_TRANSITIONS,
        changes={"end_date": end_date},
        data={"end_date": end_date},
    )


@transaction.atomic
def renew_contract(*, actor, contract, signed_on=None, end_date=None, weekly_hours=None, hours_reason=None):
    """Renew a signed contract: a new signed contrat d'engagement starts, the old one ends the day before."""
    CONTRACT_TRANSITIONS.check(contract.status, ContractStatus.RENEWED)
    signed_on = signed_on or today()
    if signed_on <= contract.signed_on:
        raise DomainError(
            "Le renouvellement doit commencer après la signature du contrat renouvelé.", field="signed_on"
        )
    weekly_hours = contract.weekly_hours if weekly_hours is None else weekly_hours
    hours_reason = contract.hours_reason if hours_reason is None else hours_reason
    _check_hours(weekly_hours, hours_reason)
    renewal = Contract(
        departement_code=contract.departement_code,
        person=contract.person,
        kind=ContractKind.CONTRAT_ENGAGEMENT,
        orientation=Orientation.objects.current().filter(person=contract.person).first()
        or contract.orientation,
        referent=contract.referent,
        organization=contract.organization,
        weekly_hours=weekly_hours,
        hours_reason=hours_reason if weekly_hours != DEFAULT_WEEKLY_HOURS else "",
        commitments=contract.commitments,
        end_date=end_date,
        renewal_of=contract,
        created_by=author(actor),
        status=ContractStatus.SIGNED,
        signed_on=signed_on,
    )
    _check_dates(renewal, signed_on)
    renewal.save()
    previous_end = signed_on - datetime.timedelta(days=1)
    # One entry for the renewal: on the renewed contract, naming the new one.
    transition(
        contract,
        ContractStatus.RENEWED,
        actor=actor,
        table=CONTRACT_TRANSITIONS,
        changes={"end_date": min(contract.end_date or previous_end, previous_end)},
        data={"renewal": renewal, "signed_on": signed_on},
    )
    facts.refresh([contract.person_id])
    return renewal
