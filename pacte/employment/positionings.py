"""Positionings of people on job offers and SIAE insertion positions: who may position whom, the
writes (each checked, atomic, audited; the status moves through `POSITIONING_TRANSITIONS` only),
and the recruitments counted by sector, territory and programme. See docs/decisions/019-positionings.md.

A hire on a lasting contract (a CDI, a CDD or a work-study contract of six months or more) records
the person's exit from the pathway to employment (`EXIT_BY_CONTRACT`); a hire that takes the last
position of an offer fills it, and the positionings still waiting on it are closed as not retained.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce

from pacte.audit.services import log
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, jsonable, transition
from pacte.employment import matching
from pacte.employment import services as employment_services
from pacte.employment.enums import ContractType, JobOfferStatus, NafSection
from pacte.employment.models import (
    ACTIVE_STATUSES,
    JOB_OFFER_READER_ROLES,
    MAX_CONTRACT_MONTHS,
    RELATIONS_ROLES,
    InsertionPosition,
    JobOffer,
    NotRetainedReason,
    Positioning,
    PositioningProgramme,
    PositioningStatus,
)
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways.enums import EmploymentContractType, ExitKind
from pacte.pathways.models import PathwayExit
from pacte.pathways.services.common import check_not_future, check_within_work_window, today
from pacte.pathways.services.exits import record_exit
from pacte.referentials.models import ExitReason

POSITIONING_TRANSITIONS = TransitionTable(
    "positioning",
    {
        PositioningStatus.PROPOSED: {PositioningStatus.INTERVIEW, PositioningStatus.NOT_RETAINED},
        # An interview may be moved to another day before the answer.
        PositioningStatus.INTERVIEW: {
            PositioningStatus.INTERVIEW,
            PositioningStatus.HIRED,
            PositioningStatus.NOT_RETAINED,
        },
    },
    labels=PositioningStatus,
    actions={
        PositioningStatus.INTERVIEW: "positioning.interview",
        PositioningStatus.HIRED: "positioning.hired",
        PositioningStatus.NOT_RETAINED: "positioning.not_retained",
    },
)

LASTING_MONTHS = 6
# Contract of the hire → (contract type of the pathway exit, code of its exit reason), for the
# contracts that end the pathway when they last LASTING_MONTHS or more (a CDI always does). The
# others (short CDD, interim, seasonal work, and the IAE and PEC contracts, which are steps of the
# insertion pathway) leave the pathway open; the référent records an exit if there is one.
EXIT_BY_CONTRACT = {
    ContractType.CDI: (EmploymentContractType.CDI, "emploi-cdi"),
    ContractType.CDD: (EmploymentContractType.CDD_LONG, "emploi-cdd-6-mois"),
    ContractType.APPRENTICESHIP: (EmploymentContractType.ALTERNANCE, None),
    ContractType.PROFESSIONALISATION: (EmploymentContractType.ALTERNANCE, None),
}
PROGRAMME_BY_CONTRACT = {
    ContractType.CDDI: PositioningProgramme.IAE,
    ContractType.SECONDMENT: PositioningProgramme.IAE,
    ContractType.PEC: PositioningProgramme.PEC,
    ContractType.APPRENTICESHIP: PositioningProgramme.ALTERNANCE,
    ContractType.PROFESSIONALISATION: PositioningProgramme.ALTERNANCE,
}
CASEWORK_ROLES = (Role.REFERENT, Role.ORIENTATION_AGENT)
GROUPINGS = ("sector", "territory", "programme")


# Who may do what ------------------------------------------------------------------------------


def can_propose(user):
    """The direction, employer-relations officers, référents and orientation agents position people."""
    return perms.holds(user, *JOB_OFFER_READER_ROLES)


def can_list(user):
    return perms.holds(user, *JOB_OFFER_READER_ROLES)


def may_position(user, person):
    """`user` may position `person`: the person is in their matching pool (the persons they read,
    and for an employer-relations officer the persons of their département with an employment
    project: docs/decisions/014-matching.md)."""
    return can_propose(user) and positionable_persons(user).filter(pk=person.pk).exists()


def can_follow(user, positioning):
    """Records the interview, the hire or the refusal: the direction and employer-relations officers
    of the département, and the référents and agents who read the person."""
    if perms.reaches(user, positioning.departement_code, *RELATIONS_ROLES):
        return True
    return perms.reaches(user, positioning.departement_code, *CASEWORK_ROLES) and (
        Person.objects.visible_to(user).filter(pk=positioning.person_id).exists()
    )


def positionable_persons(user):
    """The persons `user` may position (looked up by one UUID): their matching pool."""
    return matching.matching_pool(user)


def positionable_positions(user):
    """The SIAE insertion positions of the départements where `user` positions people."""
    return InsertionPosition.objects.filter(perms.departement_q(user, *JOB_OFFER_READER_ROLES))


# Writes -------------------------------------------------------------------------------------------


def default_programme(*, job_offer=None, insertion_position=None):
    if insertion_position is not None:
        return PositioningProgramme.IAE
    return PROGRAMME_BY_CONTRACT.get(job_offer.contract_type, PositioningProgramme.COMMON_LAW)


def _check_target(person, job_offer, insertion_position):
    if (job_offer is None) == (insertion_position is None):
        raise DomainError("Choisissez une offre d'emploi ou un poste d'insertion, et un seul.")
    target = job_offer or insertion_position
    if target.departement_code != person.departement_code:
        raise DomainError("La personne et l'offre ne relèvent pas du même département.")
    if job_offer is not None and job_offer.status != JobOfferStatus.OPEN:
        state = job_offer.get_status_display().lower()
        raise DomainError(f"Cette offre est {state} : on ne peut plus y positionner personne.")
    if insertion_position is not None and not insertion_position.is_open:
        raise DomainError("Ce poste d'insertion ne recrute plus : on ne peut plus y positionner personne.")


def _check_not_positioned(person, job_offer, insertion_position):
    if job_offer is not None:
        taken = Positioning.objects.filter(person=person, job_offer=job_offer).exclude(
            status=PositioningStatus.NOT_RETAINED
        )
        message = "Cette personne est déjà positionnée sur cette offre."
    else:
        taken = Positioning.objects.filter(
            person=person, insertion_position=insertion_position, status__in=ACTIVE_STATUSES
        )
        message = "Cette personne est déjà positionnée sur ce poste."
    if taken.exists():
        raise DomainError(message)
    return message


def propose(
    user, person, *, job_offer=None, insertion_position=None, programme=None, note="", proposed_on=None
):
    """Position `person` on an open job offer or an open insertion position of their département,
    today or on a past day (a positioning recorded after the fact), never a day to come."""
    proposed_on = proposed_on or today()
    check_not_future(proposed_on, "du positionnement", field="proposed_on")
    check_within_work_window(proposed_on, "du positionnement", field="proposed_on")
    _check_target(person, job_offer, insertion_position)
    programme = programme or default_programme(job_offer=job_offer, insertion_position=insertion_position)
    if programme not in PositioningProgramme.values:
        raise DomainError("Dispositif inconnu.", field="programme")
    try:
        with transaction.atomic():
            # One writer at a time per person: the check below and the insert see the same rows.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            message = _check_not_positioned(person, job_offer, insertion_position)
            positioning = Positioning.objects.create(
                departement_code=person.departement_code,
                person=person,
                job_offer=job_offer,
                insertion_position=insertion_position,
                programme=programme,
                proposed_on=proposed_on,
                note=note.strip(),
                proposed_by=user if getattr(user, "is_authenticated", False) else None,
            )
            target = job_offer or insertion_position
            data = {"person": person, "programme": programme, "target": target}
            log(actor=user, action="positioning.create", obj=positioning, data=jsonable(data))
    except IntegrityError as error:
        raise DomainError(message) from error
    return positioning


def _check_day(day, positioning, label, *, field):
    if day < positioning.proposed_on:
        raise DomainError(
            f"La date {label} ne peut pas précéder le positionnement ({positioning.proposed_on:%d/%m/%Y}).",
            field=field,
        )


def record_interview(actor, positioning, *, interview_on, note=""):
    """The interview with the employer, on `interview_on` (past or planned within a year)."""
    _check_day(interview_on, positioning, "de l'entretien", field="interview_on")
    check_within_work_window(interview_on, "de l'entretien", field="interview_on")
    changes = {"interview_on": interview_on}
    if note.strip():
        changes["note"] = note.strip()
    return transition(
        positioning,
        PositioningStatus.INTERVIEW,
        actor=actor,
        table=POSITIONING_TRANSITIONS,
        changes=changes,
        data={"interview_on": interview_on},
    )


def _clean_contract(contract_type, contract_months):
    if contract_type not in ContractType.values:
        raise DomainError("Choisissez le type de contrat.", field="contract_type")
    if contract_type == ContractType.CDI:
        if contract_months:
            raise DomainError("Un CDI n'a pas de durée : laissez la durée vide.", field="contract_months")
        return None
    if not contract_months:
        raise DomainError("Indiquez la durée du contrat, en mois.", field="contract_months")
    if not 1 <= contract_months <= MAX_CONTRACT_MONTHS:
        raise DomainError(
            f"La durée du contrat va de 1 à {MAX_CONTRACT_MONTHS} mois.", field="contract_months"
        )
    return contract_months


def exit_for(contract_type, contract_months):
    """(contract type of the pathway exit, exit reason code or None), or None: no exit."""
    found = EXIT_BY_CONTRACT.get(contract_type)
    if found is None:
        return None
    if contract_type != ContractType.CDI and (contract_months or 0) < LASTING_MONTHS:
        return None
    return found


def _record_exit(actor, positioning):
    found = exit_for(positioning.contract_type, positioning.contract_months)
    if found is None:
        return None
    # The pathway already ended since the positioning (another hire, a move): no second exit.
    if PathwayExit.objects.filter(person=positioning.person, exit_date__gte=positioning.proposed_on).exists():
        return None
    contract, reason_code = found
    reason = ExitReason.objects.filter(code=reason_code).first() if reason_code else None
    where = f"{positioning.target_label} ({positioning.employer.organization.name})"
    return record_exit(
        actor=actor,
        person=positioning.person,
        kind=ExitKind.EMPLOYMENT,
        exit_date=positioning.hired_on,
        employment_contract_type=contract,
        reason=reason,
        note=f"Recrutement enregistré sur le positionnement : {where}.",
    )


def _fill_offer(actor, offer, day):
    """The offer is filled once its hires take all its positions; those still waiting are told."""
    hires = offer.positionings.filter(status=PositioningStatus.HIRED).count()
    if hires < offer.positions:
        return
    employment_services.set_job_offer_status(
        actor=actor, job_offer=offer, status=JobOfferStatus.FILLED, day=max(day, offer.opened_on)
    )
    for waiting in offer.positionings.filter(status__in=ACTIVE_STATUSES).order_by("id"):
        record_not_retained(
            actor, waiting, reason=NotRetainedReason.OFFER_FILLED, on=max(day, waiting.proposed_on)
        )


def record_hire(actor, positioning, *, hired_on, contract_type, contract_months=None):
    """The person is recruited on `hired_on` (the first day of the contract, not in the future)."""
    months = _clean_contract(contract_type, contract_months)
    _check_day(hired_on, positioning, "d'embauche", field="hired_on")
    if positioning.interview_on and hired_on < positioning.interview_on:
        raise DomainError("La date d'embauche ne peut pas précéder l'entretien.", field="hired_on")
    check_not_future(hired_on, "d'embauche", field="hired_on")
    POSITIONING_TRANSITIONS.check(positioning.status, PositioningStatus.HIRED)
    with transaction.atomic():
        offer = positioning.job_offer
        if offer is not None:
            offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
            if offer.status != JobOfferStatus.OPEN:
                raise DomainError(
                    "Cette offre n'est plus ouverte : le recrutement ne peut pas y être enregistré."
                )
        transition(
            positioning,
            PositioningStatus.HIRED,
            actor=actor,
            table=POSITIONING_TRANSITIONS,
            changes={"hired_on": hired_on, "contract_type": contract_type, "contract_months": months},
            data={"hired_on": hired_on, "contract_type": contract_type, "contract_months": months},
        )
        exit_ = _record_exit(actor, positioning)
        if exit_ is not None:
            positioning.pathway_exit = exit_
            positioning.save(update_fields=["pathway_exit", "updated_at"])
        if offer is not None:
            _fill_offer(actor, offer, hired_on)
    return positioning


def record_not_retained(actor, positioning, *, reason, on=None, note=""):
    """The person is not retained (or gives up) on `on` (today by default), for `reason`."""
    if reason not in NotRetainedReason.values:
        raise DomainError("Choisissez le motif.", field="reason")
    on = on or today()
    _check_day(on, positioning, "de la réponse", field="on")
    check_not_future(on, "de la réponse", field="on")
    changes = {"not_retained_on": on, "not_retained_reason": reason}
    if note.strip():
        changes["note"] = note.strip()
    return transition(
        positioning,
        PositioningStatus.NOT_RETAINED,
        actor=actor,
        table=POSITIONING_TRANSITIONS,
        changes=changes,
        data={"reason": reason, "on": on},
    )


# Recruitments -------------------------------------------------------------------------------------

UNKNOWN = {"sector": "Secteur non renseigné", "territory": "Territoire non renseigné"}


def _grouped(hired, by):
    if by == "sector":
        key = Coalesce("job_offer__employer__sector", "insertion_position__employer__sector")
        rows = hired.annotate(group=key).values("group").annotate(count=Count("id"))
        labels = dict(NafSection.choices)
        return [(row["group"] or "", labels.get(row["group"], ""), row["count"]) for row in rows]
    if by == "territory":
        rows = (
            hired.annotate(group=F("person__dossier__commune__territory"))
            .values("group", "person__dossier__commune__territory__name")
            .annotate(count=Count("id"))
        )
        return [
            (row["group"] or "", row["person__dossier__commune__territory__name"] or "", row["count"])
            for row in rows
        ]
    rows = hired.values("programme").annotate(count=Count("id"))
    labels = dict(PositioningProgramme.choices)
    return [(row["programme"], labels.get(row["programme"], ""), row["count"]) for row in rows]


def recruitments(hired, by="sector"):
    """The hires among `hired` (a `Positioning` queryset) counted by `by`: "sector" (NAF section of
    the employer), "territory" (territory of action of the person's commune) or "programme".
    A list of {"key", "label", "count"}, the largest first; rows without one are grouped last."""
    if by not in GROUPINGS:
        raise ValueError(f"Regroupement inconnu : {by} (sector, territory ou programme).")
    hired = hired.filter(status=PositioningStatus.HIRED).order_by()
    groups = [
        {"key": key, "label": label or UNKNOWN.get(by, key), "count": count}
        for key, label, count in _grouped(hired, by)
    ]
    return sorted(groups, key=lambda group: (group["key"] == "", -group["count"], group["label"]))
