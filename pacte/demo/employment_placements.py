"""The demo's positionings, immersions (PMSMP), tutoring and social clauses, per département, on the
people who have an employment project (`employment_people`) and the employers and SIAE of
`employment`. Every write goes through the services of the employment app:

- positionings at every status, on an open offer or SIAE position of one of the jobs the person
  looks for; a hire on a CDI or a CDD of six months or more records the exit from the pathway (the
  positionings service does it). The service dates a positioning on the day it is proposed, so the
  demo's positionings are today's;
- immersions at every status, prescribed by the person's référent for their structure;
- tutoring of people in their first months of work: those the pathways demo saw leave for a job,
  and two of today's hires; one ended;
- two social clauses of the council, with the hours done by a few people each month since they began.

Deterministic (seeded) and idempotent: once a département has the demo's clauses, nothing is added.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.demo.employment import appellation_of
from pacte.demo.structures import demo_email
from pacte.employment import clauses, immersions, positionings, tutoring
from pacte.employment.enums import ContractType, JobOfferStatus
from pacte.employment.models import EmployerProfile, InsertionPosition, JobOffer, SocialClause
from pacte.employment.placement_enums import (
    Attendance,
    ImmersionNextStep,
    ImmersionObjective,
    TutoringOutcome,
)
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import User
from pacte.pathways.enums import ExitKind
from pacte.pathways.models import EmploymentProject, PathwayExit, ReferentAssignment

SEEDS = {"87": 87_1206, "79": 79_1206}
IMMERSIONS = 10  # per département, the first persons with a project
# Shares of the positionings' outcomes: still proposed, interview, hired, not retained.
OUTCOMES = {"proposed": 3, "interview": 2, "hired": 3, "not_retained": 2}
CLAUSES = [
    # (reference pattern, title, holder's name start, required hours, months since the start, months
    # left, pace of the hours done against the even spread)
    ("{code}-2026-VOIRIE", "Réfection des voiries départementales", "Bâtiment", 1200, 8, 10, 0.8),
    ("{code}-2026-PROPRETE", "Nettoyage des collèges du département", "Propreté", 600, 5, 7, 1.15),
]
SKILLS = "Ponctualité, respect des consignes de sécurité, bon contact avec l'équipe."


def _add_months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


class Placements:
    def __init__(self, code, rng):
        self.code, self.rng = code, rng
        self.today = timezone.localdate()
        self.actor = User.objects.get(email=demo_email(Role.EMPLOYER_RELATIONS, code))
        self.counts = {
            "positionings": 0, "hires": 0, "exits": 0, "immersions": 0, "tutoring": 0, "clause_hours": 0,
        }  # fmt: skip
        projects = EmploymentProject.objects.filter(departement_code=code).prefetch_related("romes")
        self.wanted = {project.person_id: [rome.code for rome in project.romes.all()] for project in projects}
        self.assignments = [
            assignment
            for assignment in ReferentAssignment.objects.active()
            .filter(departement_code=code, person_id__in=self.wanted)
            .select_related("person", "referent", "organization")
            .order_by("person_id", "id")
        ]
        self.employers = list(
            EmployerProfile.objects.filter(departement_code=code)
            .select_related("organization")
            .order_by("organization__name", "id")
        )

    def openings(self, romes):
        """Open job offers and open SIAE positions on one of `romes` (any of the département's if none)."""
        offers = JobOffer.objects.filter(departement_code=self.code, status=JobOfferStatus.OPEN)
        positions = InsertionPosition.objects.filter(departement_code=self.code, is_open=True)
        found = [
            *offers.filter(rome_id__in=romes).order_by("id"),
            *positions.filter(rome_id__in=romes).order_by("id"),
        ]
        return found or [*offers.order_by("id")[:5], *positions.order_by("id")[:5]]

    @staticmethod
    def opened_on(target):
        """The first day a positioning on `target` makes sense: a job offer's opening (positions have none)."""
        return getattr(target, "opened_on", None) or datetime.date.min

    def employer_for(self, romes):
        recruiting = JobOffer.objects.filter(departement_code=self.code, rome_id__in=romes).values(
            "employer_id"
        )
        matching = [
            e for e in self.employers if e.pk in set(recruiting.values_list("employer_id", flat=True))
        ]
        return self.rng.choice(matching or self.employers)


# Positionings -----------------------------------------------------------------------------------


def _hire(env, positioning):
    offer = positioning.job_offer
    if offer is None:
        contract, months = positioning.insertion_position.contract_type, 4
    else:
        contract = env.rng.choice([ContractType.CDI, ContractType.CDD, ContractType.CDD])
        months = None if contract == ContractType.CDI else env.rng.choice([3, 6, 12])
    # Hired some days after the positioning, so that the recruitments spread over the past months.
    interview_on = min(env.today, positioning.proposed_on + datetime.timedelta(days=env.rng.randint(2, 10)))
    hired_on = min(env.today, interview_on + datetime.timedelta(days=env.rng.randint(3, 20)))
    positionings.record_interview(env.actor, positioning, interview_on=interview_on)
    positionings.record_hire(
        env.actor, positioning, hired_on=hired_on, contract_type=contract, contract_months=months
    )
    env.counts["hires"] += 1
    env.counts["exits"] += positioning.pathway_exit_id is not None


def _position_one(env, assignment, outcome):
    person = assignment.person
    target = env.rng.choice(env.openings(env.wanted[person.pk]))
    is_offer = isinstance(target, JobOffer)
    # Hires are dated over the past months (never before the référent took the person on); the others
    # are recent.
    back = env.rng.randint(20, 180) if outcome == "hired" else env.rng.randint(0, 10)
    proposed_on = max(env.today - datetime.timedelta(days=back), assignment.start_date, env.opened_on(target))
    positioning = positionings.propose(
        env.actor, person, job_offer=target if is_offer else None, insertion_position=None if is_offer else target,
        note="Positionnement de démonstration.", proposed_on=min(proposed_on, env.today),
    )  # fmt: skip
    env.counts["positionings"] += 1
    if outcome == "interview":
        later = env.today + datetime.timedelta(days=env.rng.randint(2, 15))
        positionings.record_interview(env.actor, positioning, interview_on=later)
    elif outcome == "hired":
        _hire(env, positioning)
    elif outcome == "not_retained":
        if env.rng.random() < 0.5:
            positionings.record_interview(env.actor, positioning, interview_on=env.today)
        reason = env.rng.choice(["employer_choice", "person_declined", "no_show", "constraints"])
        positionings.record_not_retained(env.actor, positioning, reason=reason, on=env.today)
    return positioning


def load_positionings(env, assignments):
    outcomes = [outcome for outcome, weight in OUTCOMES.items() for _ in range(weight)]
    hired = []
    for index, assignment in enumerate(assignments):
        outcome = outcomes[index % len(outcomes)]
        try:
            with transaction.atomic():
                positioning = _position_one(env, assignment, outcome)
        except DomainError:
            continue  # an offer filled meanwhile: the person stays unpositioned
        if positioning.status == "hired":
            hired.append(positioning)
    return hired


# Immersions -------------------------------------------------------------------------------------


def _immersion(env, assignment, status):
    person, romes = assignment.person, env.wanted[assignment.person_id]
    employer = env.employer_for(romes)
    past = status in ("carried_out", "evaluated")
    starts_on = (
        env.today - datetime.timedelta(days=env.rng.randint(20, 60))
        if past
        else env.today + datetime.timedelta(days=env.rng.randint(5, 30))
    )
    immersion = immersions.create_immersion(
        actor=assignment.referent, person=person, employer=employer,
        prescriber_organization=assignment.organization, appellation=appellation_of(env.rng.choice(romes)),
        starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=env.rng.choice([4, 11, 13])),
        weekly_hours=env.rng.choice([20, 28, 35]), objective=env.rng.choice(ImmersionObjective.values),
        tutor_name=f"Tuteur de {employer.organization.name}", tutor_job_title="Chef d'équipe",
        activities="Découverte des tâches du poste aux côtés du tuteur.",
    )  # fmt: skip
    env.counts["immersions"] += 1
    if status == "draft":
        if env.rng.random() < 0.5:
            immersions.sign(actor=assignment.referent, immersion=immersion, party="prescriber")
        return immersion
    signed_on = min(starts_on - datetime.timedelta(days=3), env.today)
    for party in ("prescriber", "person", "employer"):
        immersions.sign(actor=assignment.referent, immersion=immersion, party=party, day=signed_on)
    if status == "cancelled":
        return immersions.cancel(
            actor=assignment.referent,
            immersion=immersion,
            reason="La personne a trouvé un emploi entre-temps.",
        )
    if past:
        immersions.record_carried_out(actor=assignment.referent, immersion=immersion, day=immersion.ends_on)
    if status == "evaluated":
        immersions.evaluate(
            actor=assignment.referent, immersion=immersion, skills_observed=SKILLS,
            attendance=env.rng.choice(Attendance.values), next_step=env.rng.choice(ImmersionNextStep.values),
            notes="Bilan fait avec la personne et le tuteur.", day=min(immersion.ends_on + datetime.timedelta(days=3), env.today),
        )  # fmt: skip
    return immersion


def load_immersions(env, assignments):
    statuses = ["draft", "signed", "carried_out", "evaluated", "cancelled"]
    for index, assignment in enumerate(assignments):
        _immersion(env, assignment, statuses[index % len(statuses)])


# Tutoring ---------------------------------------------------------------------------------------


def load_tutoring(env, hired):
    """The persons the pathways demo saw leave for a job (their tutoring began that day), then two of
    today's hires; the oldest one has ended."""
    exits = (
        PathwayExit.objects.filter(departement_code=env.code, kind=ExitKind.EMPLOYMENT, positioning=None)
        .select_related("person")
        .order_by("exit_date", "id")
    )
    starts = [(exit_.person, exit_.exit_date, env.rng.choice(env.employers)) for exit_ in exits]
    starts += [(p.person, p.hired_on, p.employer) for p in hired[:2]]
    for index, (person, started_on, employer) in enumerate(starts):
        followed = tutoring.start_tutoring(
            actor=env.actor, person=person, employer=employer, job_title="Premier emploi après le parcours",
            tutor_name=f"Tuteur de {employer.organization.name}", started_on=started_on,
            planned_end_on=started_on + datetime.timedelta(days=180),
        )  # fmt: skip
        env.counts["tutoring"] += 1
        day = started_on + datetime.timedelta(days=30)
        while day <= env.today and day <= followed.planned_end_on:
            tutoring.add_meeting(
                actor=env.actor,
                tutoring=followed,
                held_on=day,
                notes="Point mensuel : intégration dans l'équipe.",
            )
            day += datetime.timedelta(days=30)
        if index == 0 and started_on < env.today - datetime.timedelta(days=60):
            last = (
                followed.meetings.order_by("-held_on").values_list("held_on", flat=True).first() or started_on
            )
            tutoring.end_tutoring(
                actor=env.actor, tutoring=followed, ended_on=last, outcome=TutoringOutcome.JOB_KEPT
            )


# Social clauses ---------------------------------------------------------------------------------


def load_clauses(env, council, persons):
    siae = [e for e in env.employers if e.organization.kind == OrganizationKind.SIAE_ETTI]
    this_month = env.today.replace(day=1)
    for pattern, title, holder_start, required, since, left, pace in CLAUSES:
        holder = next((e for e in env.employers if e.organization.name.startswith(holder_start)), None)
        clause = clauses.create_clause(
            actor=env.actor, departement_code=env.code, buyer_organization=council, buyer_name=council.name,
            title=title, reference=pattern.format(code=env.code), starts_on=_add_months(this_month, -since),
            ends_on=_add_months(this_month, left) - datetime.timedelta(days=1), required_hours=required,
            holder=holder, facilitator=env.actor,
        )  # fmt: skip
        workers = env.rng.sample(persons, min(len(persons), 4))
        # Hours spread evenly over the contract's months, the first clause a little behind its pace.
        monthly = required / (since + left) * pace
        for offset in range(since + 1):
            month = _add_months(clause.starts_on, offset)
            present = [person for person in workers if env.rng.random() < 0.8] or workers[:1]
            for person in present:
                hours = max(7, round(monthly / len(present) * env.rng.uniform(0.7, 1.3)))
                clauses.record_hours(
                    actor=env.actor, clause=clause, person=person, month=month, hours=hours,
                    employer=env.rng.choice(siae or [holder]),
                )  # fmt: skip
                env.counts["clause_hours"] += 1


def load_placements(code, structures, log):
    """Positionings, immersions, tutoring and clauses of the département (nothing once it has the clauses)."""
    if SocialClause.objects.filter(
        departement_code=code, created_by__email=demo_email(Role.EMPLOYER_RELATIONS, code)
    ).exists():
        return {}
    log("Emploi : positionnements, immersions, tutorats, clauses sociales…")
    env = Placements(code, random.Random(SEEDS[code]))
    with transaction.atomic():
        load_immersions(env, env.assignments[:IMMERSIONS])
        hired = load_positionings(env, env.assignments[IMMERSIONS:])
        load_tutoring(env, hired)
        load_clauses(env, structures["council"], [a.person for a in env.assignments[:IMMERSIONS]])
    return env.counts
