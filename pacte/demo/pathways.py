"""Demo pathways at every stage, written through the pathway services on a sample of the imported
persons, with dates that follow theirs: entry into rights and duties (the later of the RSA demand
and `sdd_since`), orientation within or past the 6 weeks, référent, contract within or past the
month, plan, appointments past and future, reorientation requests, a team session, exits; and a
diagnostic for each (barriers with their level), which the national criteria read.

Deterministic (seeded) and idempotent: once a département has demo orientations, nothing is added.
"""

import dataclasses
import datetime
import random

from django.db import transaction
from django.utils import timezone

from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.demo.structures import DEMO_PASSWORD, demo_email
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import Organization, User
from pacte.organizations.perms import can_read_health
from pacte.organizations.services import add_membership, ensure_user
from pacte.pathways import services
from pacte.pathways.dates import ORIENTATION_DEADLINE_DAYS
from pacte.pathways.enums import (
    AppointmentKind,
    AppointmentStatus,
    BarrierLevel,
    EducationLevel,
    EmploymentContractType,
    ExitKind,
    JobProjection,
    PlanItemStatus,
    ProfessionalSituation,
    TeamCaseKind,
    TeamDecision,
    Track,
)
from pacte.pathways.models import Orientation
from pacte.referentials.enums import BarrierTheme
from pacte.referentials.models import Barrier

SEEDS = {"87": 87_2026, "79": 79_2026}
SAMPLE_SIZE = 160
CASELOAD_SIZE = 30
CONTRACT_ERA = datetime.date(2025, 1, 1)  # the contrat d'engagement replaces CER and PPAE
OBJECTIVES = [
    (
        "Retrouver un emploi dans la logistique",
        ["Atelier CV et lettre de motivation", "Immersion en entrepôt"],
    ),
    ("Lever les freins de mobilité", ["Passer le code de la route", "Demande d'aide à la mobilité"]),
    ("Stabiliser la situation de logement", ["Rendez-vous avec le CCAS", "Dossier de logement social"]),
    (
        "Accéder à une formation qualifiante",
        ["Information collective de l'organisme", "Dossier de financement"],
    ),
    ("Prendre soin de sa santé", ["Bilan de santé", "Rendez-vous avec le médecin traitant"]),
]
REORIENTATION_REASONS = [
    "Projet professionnel confirmé : un accompagnement vers l'emploi convient mieux.",
    "Difficultés de santé qui empêchent la recherche d'emploi pour l'instant.",
    "Situation de logement à stabiliser avant toute démarche d'emploi.",
]


@dataclasses.dataclass
class Actors:
    agent: User
    direction: User
    referents: list  # [(user, organization)], the demo référent first


def _accounts(code, structures):
    """The demo's accounts, plus two more référents so that caseloads can be compared and transferred."""
    agent = User.objects.get(email=demo_email(Role.ORIENTATION_AGENT, code))
    direction = User.objects.get(email=demo_email(Role.DIRECTION, code))
    main = User.objects.get(email=demo_email(Role.REFERENT, code))
    referents = [(main, structures["mdd"])]
    extra = [
        ("referente-mdd", "Camille", "Bernard", _second_mdd(code, structures)),
        ("conseiller-ft", "Yanis", "Robert", structures["france_travail"]),
    ]
    for prefix, first, last, organization in extra:
        user = ensure_user(
            email=f"{prefix}.{code}@demo.pacte.example",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        add_membership(actor=None, user=user, organization=organization, role=Role.REFERENT)
        referents.append((user, organization))
    return Actors(agent=agent, direction=direction, referents=referents)


def _second_mdd(code, structures):
    mdds = Organization.objects.filter(departement_id=code, kind=OrganizationKind.MAISON_DEPARTEMENT)
    return mdds.exclude(pk=structures["mdd"].pk).order_by("name", "id").first() or structures["mdd"]


def entry_date(person):
    """The entry into rights and duties as the import dated it (`Person.sdd_since`)."""
    return person.sdd_since or person.dossier.dtdemrsa


def _sample(code, rng):
    """Adults subject to rights and duties with an open right, entered since the contract era."""
    candidates = list(
        Person.objects.filter(departement_code=code, is_adult=True, is_sdd=True, dossier__right_state="2")
        .select_related("dossier")
        .order_by("dossier__numdemrsa", "rsa_role", "id")
    )
    recent = [p for p in candidates if entry_date(p) >= CONTRACT_ERA]
    return rng.sample(recent, min(SAMPLE_SIZE, len(recent)))


def _day(start, days, today):
    return min(start + datetime.timedelta(days=days), today)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Builder:
    """Writes one person's pathway; every write goes through a service."""

    def __init__(self, actors, structures, rng, today):
        self.actors, self.structures, self.rng, self.today = actors, structures, rng, today
        self.now = timezone.now()
        self.counts = {"oriented": 0, "contracts": 0, "appointments": 0, "exits": 0, "reorientations": 0}
        # A generator of its own: the diagnostics leave the other draws (and the demo's stages) as they were.
        self.diagnostic_rng = random.Random(hash(rng.getstate()[1]))
        barriers = Barrier.objects.filter(is_active=True).order_by("theme", "position", "code")
        if not can_read_health(actors.agent):
            barriers = barriers.exclude(theme=BarrierTheme.HEALTH)
        self.barriers = list(barriers)

    def diagnostic(self, person):
        """A first diagnostic a few days after entry: situation, projection, barriers with their level."""
        rng = self.diagnostic_rng
        made_on = _day(entry_date(person), rng.randint(1, 7), self.today)
        situation = rng.choice(
            [
                ProfessionalSituation.EMPLOYED,
                *[ProfessionalSituation.JOB_SEEKER] * 3,
                ProfessionalSituation.INACTIVE,
            ]
        )
        last_end = made_on - datetime.timedelta(days=rng.randint(60, 1500)) if rng.random() < 0.6 else None
        chosen = rng.sample(self.barriers, k=min(len(self.barriers), rng.choice([0, 1, 1, 2, 3])))
        services.record_diagnostic(
            actor=self.actors.agent,
            person=person,
            made_on=made_on,
            professional_situation=situation,
            education_level=rng.choice(EducationLevel.values),
            job_projection=rng.choice(JobProjection.values),
            barriers=dict.fromkeys(chosen, ""),
            levels={barrier: rng.choice(BarrierLevel.values) for barrier in chosen},
            last_employment_end=last_end,
        )

    def orient(self, person, referent_index):
        user, organization = self.actors.referents[referent_index]
        track = (
            Track.PROFESSIONAL
            if organization.kind == OrganizationKind.FRANCE_TRAVAIL
            else self.rng.choice([Track.SOCIO_PROFESSIONAL, Track.SOCIAL])
        )
        entry = entry_date(person)
        late = self.rng.random() < 0.2
        delay = self.rng.randint(45, 80) if late else self.rng.randint(8, ORIENTATION_DEADLINE_DAYS - 2)
        decided = _day(entry, delay, self.today - datetime.timedelta(days=1))
        orientation = services.decide_orientation(
            actor=self.actors.agent, person=person, track=track, body=organization, decision_date=decided
        )
        self.counts["oriented"] += 1
        start = _day(decided, self.rng.randint(0, 10), self.today)
        services.assign_referent(
            actor=self.actors.agent, person=person, referent=user, organization=organization, start_date=start
        )
        return orientation, user, organization

    def contract(self, person, orientation, referent, organization):
        roll = self.rng.random()
        if roll < 0.2:
            return None  # no contract yet (late once the month is past)
        hours, reason = (15, "") if self.rng.random() < 0.85 else (8, "Problème de santé, activité adaptée")
        contract = services.create_contract(
            actor=referent, person=person, weekly_hours=hours, hours_reason=reason, referent=referent,
            organization=organization,
        )  # fmt: skip
        if roll < 0.3:
            return None  # a draft waiting for the signature
        late = roll > 0.9
        delay = self.rng.randint(35, 60) if late else self.rng.randint(5, 28)
        signed_on = _day(orientation.decision_date, delay, self.today)
        services.sign_contract(actor=referent, contract=contract, signed_on=signed_on)
        self.counts["contracts"] += 1
        self.plan(person, contract, referent)
        return contract

    def plan(self, person, contract, referent):
        for title, actions in self.rng.sample(OBJECTIVES, 1 if self.rng.random() < 0.7 else 2):
            objective = services.add_objective(
                actor=referent, person=person, title=title, contract=contract,
                due_date=_day(contract.signed_on, 180, self.today + datetime.timedelta(days=365)),
            )  # fmt: skip
            for index, action_title in enumerate(actions):
                action = services.add_action(actor=referent, objective=objective, title=action_title)
                if index == 0 and self.rng.random() < 0.6:
                    services.set_plan_item_status(actor=referent, item=action, status=PlanItemStatus.DONE)
            if self.rng.random() < 0.5:
                services.set_plan_item_status(
                    actor=referent, item=objective, status=PlanItemStatus.IN_PROGRESS
                )

    def appointments(self, person, orientation, referent, organization):
        """The convocation after the orientation, then the last two follow-ups (kept few: the demo
        must load fast), and for most an appointment to come."""
        start = orientation.decision_date
        neglected = self.rng.random() < 0.15  # no appointment for months: shown as late
        horizon = self.today - datetime.timedelta(days=100 if neglected else 1)
        days, day = [], _day(start, self.rng.randint(3, 20), self.today)
        while day < horizon:
            days.append(day)
            day += datetime.timedelta(days=self.rng.randint(30, 60))
        for index, day in enumerate(days[:1] + days[1:][-2:]):
            kind = AppointmentKind.CONVOCATION if index == 0 else AppointmentKind.FOLLOW_UP
            appointment = self._schedule(person, referent, organization, day, kind)
            status = self.rng.choices(
                [AppointmentStatus.SEEN, AppointmentStatus.EXCUSED, AppointmentStatus.ABSENT], [8, 1, 1]
            )[0]
            services.record_attendance(actor=referent, appointment=appointment, status=status)
        if not neglected and self.rng.random() < 0.7:
            upcoming = self.today + datetime.timedelta(days=self.rng.randint(1, 30))
            self._schedule(person, referent, organization, upcoming, AppointmentKind.FOLLOW_UP)

    def _schedule(self, person, referent, organization, day, kind):
        if day.weekday() >= 5:
            day += datetime.timedelta(days=7 - day.weekday())
        self.counts["appointments"] += 1
        return services.schedule_appointment(
            actor=referent,
            person=person,
            organization=organization,
            referent=referent,
            starts_at=_at(day, self.rng.choice([9, 10, 11, 14, 15, 16]), self.rng.choice([0, 30])),
            place=organization.address or f"{organization.name}, accueil",
            kind=kind,
        )

    def reorientation(self, person, referent):
        services.request_reorientation(
            actor=referent,
            person=person,
            reason=self.rng.choice(REORIENTATION_REASONS),
            proposed_track=Track.PROFESSIONAL,
            proposed_body_kind="france_travail",
            proposed_body=self.structures["france_travail"],
            requested_on=self.today - datetime.timedelta(days=self.rng.randint(1, 15)),
        )
        self.counts["reorientations"] += 1

    def exit(self, person, orientation):
        kind = self.rng.choice([ExitKind.EMPLOYMENT, ExitKind.EMPLOYMENT, ExitKind.TRAINING, ExitKind.MOVED])
        services.record_exit(
            actor=self.actors.direction,
            person=person,
            kind=kind,
            employment_contract_type=self.rng.choice(
                [EmploymentContractType.CDI, EmploymentContractType.CDD_LONG]
            )
            if kind == ExitKind.EMPLOYMENT
            else "",
            exit_date=_day(orientation.decision_date, self.rng.randint(60, 120), self.today),
        )
        self.counts["exits"] += 1


def _team_session(code, actors, followed, today):
    session = services.create_team_session(
        actor=actors.direction,
        departement_code=code,
        held_on=today - datetime.timedelta(days=7),
        place="Salle du conseil, hôtel du département",
        members=[actors.direction, actors.agent, actors.referents[0][0]],
    )
    kinds = [TeamCaseKind.REORIENTATION, TeamCaseKind.NON_COMPLIANCE, TeamCaseKind.NON_COMPLIANCE]
    for person, kind in zip(followed, kinds, strict=False):
        services.add_team_case(
            actor=actors.agent, session=session, person=person, kind=kind, summary="Exposé en séance."
        )
    first = session.cases.order_by("id").first()
    if first is not None:
        services.decide_team_case(
            actor=actors.direction,
            case=first,
            decision=TeamDecision.MAINTAIN,
            note="L'accompagnement actuel est maintenu.",
            decided_at=session.held_on,
        )
    return session


def load_pathways(code, structures, log):
    """Give the département's demo persons pathways (nothing happens once they have some)."""
    if Orientation.objects.filter(
        departement_code=code, decided_by__email=demo_email(Role.ORIENTATION_AGENT, code)
    ).exists():
        return {}
    log("Parcours de démonstration : orientations, contrats, rendez-vous…")
    rng = random.Random(SEEDS.get(code, 0))
    today = timezone.localdate()
    with transaction.atomic():
        actors = _accounts(code, structures)
        builder = Builder(actors, structures, rng, today)
        followed = []
        for index, person in enumerate(_sample(code, rng)):
            try:
                with transaction.atomic():
                    if _build_one(builder, person, index, followed):
                        followed.append(person)
            except DomainError:
                continue  # a date the services refuse (e.g. an entry too recent): the person stays in the queue
        _team_session(code, actors, followed[-3:], today)
    return builder.counts


def _build_one(builder, person, index, followed):
    """The first persons fill the demo référent's caseload; a share stays in the orientation queue."""
    rng, today = builder.rng, builder.today
    builder.diagnostic(person)
    if index >= CASELOAD_SIZE and rng.random() < 0.2:
        return False  # not oriented yet (overdue once the 6 weeks are past)
    if entry_date(person) > today - datetime.timedelta(days=10):
        return False
    referent_index = 0 if index < CASELOAD_SIZE else rng.randint(1, len(builder.actors.referents) - 1)
    orientation, referent, organization = builder.orient(person, referent_index)
    builder.contract(person, orientation, referent, organization)
    builder.appointments(person, orientation, referent, organization)
    if index % 25 == 7:
        builder.reorientation(person, referent)
    elif index % 25 == 11 and index >= CASELOAD_SIZE:
        builder.exit(person, orientation)
        return False
    return True
