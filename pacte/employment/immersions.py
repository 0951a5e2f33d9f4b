"""The writes of immersions (PMSMP): the convention prepared, signed by each of its three parties
(the person, the host structure, the prescriber; signed once all three have), carried out,
evaluated, or cancelled. Every move goes through `IMMERSION_TRANSITIONS` and is audited."""

import datetime

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.employment.models import Immersion
from pacte.employment.placement_enums import (
    Attendance,
    ImmersionNextStep,
    ImmersionObjective,
    ImmersionStatus,
    SignatureParty,
)
from pacte.employment.services import _hours, resolve_appellation
from pacte.organizations import perms

IMMERSION_TRANSITIONS = TransitionTable(
    "immersion",
    {
        ImmersionStatus.DRAFT: {ImmersionStatus.SIGNED, ImmersionStatus.CANCELLED},
        ImmersionStatus.SIGNED: {ImmersionStatus.CARRIED_OUT, ImmersionStatus.CANCELLED},
        ImmersionStatus.CARRIED_OUT: {ImmersionStatus.EVALUATED},
    },
    labels=ImmersionStatus,
    actions={
        ImmersionStatus.SIGNED: "immersion.signed",
        ImmersionStatus.CARRIED_OUT: "immersion.carried_out",
        ImmersionStatus.EVALUATED: "immersion.evaluated",
        ImmersionStatus.CANCELLED: "immersion.cancelled",
    },
)
# A PMSMP lasts one month at most (Code du travail, art. D. 5135-3), renewed once by a new convention.
MAX_DAYS = 31
SIGNATURE_FIELDS = {
    SignatureParty.PERSON: "person_signed_on",
    SignatureParty.EMPLOYER: "employer_signed_on",
    SignatureParty.PRESCRIBER: "prescriber_signed_on",
}


def _text(value):
    return (value or "").strip()


def _today():
    return timezone.localdate()


def _check_dates(starts_on, ends_on):
    if starts_on is None:
        raise DomainError("Indiquez la date de début de l'immersion.", field="starts_on")
    if ends_on is None:
        raise DomainError("Indiquez la date de fin de l'immersion.", field="ends_on")
    if ends_on < starts_on:
        raise DomainError("La fin de l'immersion suit son début.", field="ends_on")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise DomainError(
            "Une immersion (PMSMP) dure au plus un mois : pour la prolonger, établissez une nouvelle convention.",
            field="ends_on",
        )


def _check_prescriber(prescriber, organization):
    if organization is None:
        raise DomainError("Indiquez la structure prescriptrice.", field="prescriber_organization")
    if perms.sees_everything(prescriber):
        return
    if organization.pk not in {org.pk for org in perms.organizations_for(prescriber)}:
        raise DomainError(
            "La structure prescriptrice est l'une des structures du prescripteur.",
            field="prescriber_organization",
        )


def clean_immersion(fields, *, person, employer):
    """The fields of a convention, checked: one DomainError naming the field at fault."""
    if employer is None:
        raise DomainError("Choisissez la structure d'accueil.", field="employer")
    if employer.departement_code != person.departement_code:
        raise DomainError("La structure d'accueil est dans le département de la personne.", field="employer")
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    objective = fields.get("objective") or ""
    if objective not in ImmersionObjective.values:
        raise DomainError("Choisissez l'objet de l'immersion.", field="objective")
    tutor_name = _text(fields.get("tutor_name"))
    if len(tutor_name) < 2:
        raise DomainError(
            "Indiquez le nom du tuteur ou de la tutrice dans la structure d'accueil.", field="tutor_name"
        )
    appellation = resolve_appellation(fields.get("appellation"))
    return {
        "appellation": appellation,
        "rome": appellation.rome,
        "starts_on": fields["starts_on"],
        "ends_on": fields["ends_on"],
        "weekly_hours": _hours(fields.get("weekly_hours")),
        "objective": objective,
        "tutor_name": tutor_name,
        "tutor_job_title": _text(fields.get("tutor_job_title")),
        "activities": _text(fields.get("activities")),
    }


def create_immersion(*, actor, person, employer, prescriber_organization, prescriber=None, **fields):
    """A convention in preparation, prescribed by `prescriber` (the actor by default) for
    `prescriber_organization`, one of their structures."""
    prescriber = prescriber or actor
    _check_prescriber(prescriber, prescriber_organization)
    clean = clean_immersion(fields, person=person, employer=employer)
    immersion = Immersion(
        departement_code=person.departement_code,
        person=person,
        employer=employer,
        prescriber=prescriber,
        prescriber_organization=prescriber_organization,
        created_by=actor,
        **clean,
    )
    with transaction.atomic():
        immersion.save()
        log(
            actor=actor,
            action="immersion.create",
            obj=immersion,
            data={"person": str(person.uuid), "employer": str(employer.uuid), "rome": immersion.rome_id},
        )
    return immersion


def update_immersion(*, actor, immersion, employer, **fields):
    """A convention is changed while it is in preparation; a signature already given goes, since
    the party signed another text."""
    if immersion.status != ImmersionStatus.DRAFT:
        raise DomainError("Une convention signée ne se modifie plus : annulez-la et établissez-en une autre.")
    clean = clean_immersion(fields, person=immersion.person, employer=employer)
    for name, value in {**clean, "employer": employer}.items():
        setattr(immersion, name, value)
    withdrawn = [party for party, field in SIGNATURE_FIELDS.items() if getattr(immersion, field)]
    for field in SIGNATURE_FIELDS.values():
        setattr(immersion, field, None)
    with transaction.atomic():
        immersion.save()
        log(
            actor=actor,
            action="immersion.update",
            obj=immersion,
            data={"fields": sorted(clean), "signatures_withdrawn": sorted(withdrawn)},
        )
    return immersion


def _day(day, field, what):
    day = day or _today()
    if day > _today():
        raise DomainError(f"{what} ne peut être datée d'un jour à venir.", field=field)
    return day


def sign(*, actor, immersion, party, day=None):
    """`party` signs the convention on `day` (today by default); the third signature makes it signed."""
    if party not in SIGNATURE_FIELDS:
        raise DomainError("Indiquez quelle partie signe la convention.", field="party")
    if immersion.status != ImmersionStatus.DRAFT:
        raise DomainError(
            f"La convention n'est plus en préparation (« {immersion.get_status_display()} ») : "
            "elle ne reçoit plus de signature."
        )
    field = SIGNATURE_FIELDS[party]
    if getattr(immersion, field) is not None:
        raise DomainError(f"La convention est déjà signée par {SignatureParty(party).label}.", field="party")
    day = _day(day, "day", "Une signature")
    others = [getattr(immersion, name) for key, name in SIGNATURE_FIELDS.items() if key != party]
    if all(other is not None for other in others):
        return transition(
            immersion,
            ImmersionStatus.SIGNED,
            actor=actor,
            table=IMMERSION_TRANSITIONS,
            changes={field: day},
            data={"party": party, "day": day},
        )
    setattr(immersion, field, day)
    with transaction.atomic():
        immersion.save(update_fields=[field, "updated_at"])
        log(
            actor=actor,
            action="immersion.signature",
            obj=immersion,
            data={"party": party, "day": day.isoformat()},
        )
    return immersion


def record_carried_out(*, actor, immersion, day=None):
    """The immersion took place (recorded once it has begun)."""
    day = _day(day, "day", "La réalisation")
    if day < immersion.starts_on:
        raise DomainError(
            f"L'immersion commence le {immersion.starts_on:%d/%m/%Y} : sa réalisation se constate ensuite.",
            field="day",
        )
    return transition(
        immersion,
        ImmersionStatus.CARRIED_OUT,
        actor=actor,
        table=IMMERSION_TRANSITIONS,
        changes={"carried_out_on": day},
    )


def evaluate(*, actor, immersion, skills_observed, attendance, next_step, notes="", day=None):
    """The assessment of the immersion: skills observed, attendance, what comes next."""
    skills_observed = _text(skills_observed)
    if len(skills_observed) < 3:
        raise DomainError("Décrivez les compétences observées pendant l'immersion.", field="skills_observed")
    if attendance not in Attendance.values:
        raise DomainError("Indiquez l'assiduité de la personne.", field="attendance")
    if next_step not in ImmersionNextStep.values:
        raise DomainError("Indiquez la suite donnée à l'immersion.", field="next_step")
    day = _day(day, "day", "L'évaluation")
    if immersion.carried_out_on and day < immersion.carried_out_on:
        raise DomainError("L'évaluation suit la réalisation de l'immersion.", field="day")
    return transition(
        immersion,
        ImmersionStatus.EVALUATED,
        actor=actor,
        table=IMMERSION_TRANSITIONS,
        changes={
            "skills_observed": skills_observed,
            "attendance": attendance,
            "next_step": next_step,
            "evaluation_notes": _text(notes),
            "evaluated_on": day,
        },
        data={"next_step": next_step},
    )


def cancel(*, actor, immersion, reason):
    reason = _text(reason)
    if len(reason) < 3:
        raise DomainError("Indiquez le motif de l'annulation.", field="reason")
    if len(reason) > 250:
        raise DomainError("Le motif d'annulation compte au plus 250 caractères.", field="reason")
    return transition(
        immersion,
        ImmersionStatus.CANCELLED,
        actor=actor,
        table=IMMERSION_TRANSITIONS,
        changes={"cancelled_reason": reason},
    )


def duration_days(immersion):
    return (immersion.ends_on - immersion.starts_on).days + 1


def planned_hours(immersion):
    """The hours the convention plans: weekly hours over its calendar days."""
    weeks = datetime.timedelta(days=duration_days(immersion)) / datetime.timedelta(days=7)
    return round(float(immersion.weekly_hours) * weeks)
