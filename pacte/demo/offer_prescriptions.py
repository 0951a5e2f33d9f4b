"""Demo prescriptions at every stage (sent, waiting list, accepted, refused, started with attendance,
completed or abandoned with an outcome, cancelled), for the persons the demo's référents follow,
sent by those référents to the demo catalogue, written through `offers.prescriptions` with dates
that follow the person's accompaniment. A good share goes to the offers of the partner demo
account's structure, so that it sees its people (and only them) while their prescriptions run.

Deterministic (seeded) and idempotent: once a département has the demo's prescriptions, nothing
is added. The history is not news: its e-mails are not sent (they would only fill `var/mail/`).
"""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.demo import offer_catalogue as catalogue
from pacte.demo.offers import demo_offers
from pacte.demo.structures import demo_email
from pacte.offers import prescriptions as services
from pacte.offers.enums import AttendanceStatus, OfferStatus, PrescriptionOutcome, PrescriptionStatus
from pacte.offers.models import Prescription
from pacte.organizations.enums import Role
from pacte.organizations.models import User
from pacte.pathways.models import DiagnosticBarrier, ReferentAssignment

S = PrescriptionStatus
SEEDS = {"87": 87_2027, "79": 79_2027}
# The partner demo account's structure receives this share of the prescriptions.
PARTNER_SHARE = 0.35
# Stage: (weight, (fewest, most) days since it was sent).
STAGES = {
    S.SENT: (14, (0, 12)),
    S.WAITLISTED: (8, (8, 45)),
    S.ACCEPTED: (10, (6, 30)),
    S.REFUSED: (10, (8, 150)),
    S.STARTED: (18, (20, 90)),
    S.COMPLETED: (20, (70, 320)),
    S.ABANDONED: (10, (35, 240)),
    S.CANCELLED: (6, (6, 120)),
}
GOOD_OUTCOMES = [
    PrescriptionOutcome.EMPLOYMENT,
    PrescriptionOutcome.TRAINING,
    PrescriptionOutcome.NEXT_ACTION,
    PrescriptionOutcome.BARRIER_LIFTED,
    PrescriptionOutcome.GOAL_REACHED,
    PrescriptionOutcome.GOAL_REACHED,
]
ABANDON_OUTCOMES = [
    PrescriptionOutcome.HEALTH,
    PrescriptionOutcome.MOVED,
    PrescriptionOutcome.NO_RESULT,
    PrescriptionOutcome.EMPLOYMENT,
    PrescriptionOutcome.OTHER,
]
ABANDON_NOTES = {
    PrescriptionOutcome.EMPLOYMENT: "A trouvé un emploi en cours d'action.",
    PrescriptionOutcome.OTHER: "Difficultés de garde en cours d'action.",
}
REFERENT_PREFIXES = ("referent", "referente-mdd", "conseiller-ft")


def _day(value, today):
    return min(value, today)


def _working_day(day, floor, today):
    """`day` moved to a working day within [floor, today]: the next one, else the one before, else None."""
    if day.weekday() < 5:
        return day
    ahead, behind = (
        day + datetime.timedelta(days=7 - day.weekday()),
        day - datetime.timedelta(days=day.weekday() - 4),
    )
    if ahead <= today:
        return ahead
    return behind if behind >= floor else None


def _weekdays(start, end, count):
    """Up to `count` working days from `start` to `end`, the first ones."""
    days, day = [], start
    while day <= end and len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


class Prescriber:
    """Writes one prescription through the services, moved to its stage."""

    def __init__(self, code, rng, today):
        self.rng, self.today = rng, today
        self.direction = User.objects.get(email=demo_email(Role.DIRECTION, code))
        self.partner = User.objects.get(email=demo_email(Role.PARTNER, code))
        self.themes = {
            template.name: theme for theme, templates in catalogue.TEMPLATES.items() for template in templates
        }
        self.counts = dict.fromkeys(S.values, 0)

    def theme(self, offer):
        return next((theme for name, theme in self.themes.items() if offer.name.startswith(name)), "")

    def answerer(self, offer, own):
        return self.partner if offer.organization_id == own else self.direction

    def session(self, offer, sent_on):
        """The first of the offer's sessions still open on the day it was sent."""
        for session in offer.demo_sessions:
            if (session.end_date or session.start_date) >= sent_on:
                return session
        return None

    def write(self, *, assignment, offer, stage, sent_on, own):
        prescription = services.prescribe(
            actor=assignment.referent,
            person=assignment.person,
            offer=offer,
            session=self.session(offer, sent_on),
            barrier_theme=offer.demo_need,
            motive=catalogue.MOTIVES.get(self.theme(offer), ""),
            today=sent_on,
        )
        if stage != S.SENT:
            self._move(prescription, stage, self.answerer(offer, own), assignment.referent)
        self.counts[prescription.status] += 1
        return prescription

    def _move(self, prescription, stage, partner, referent):
        rng, today = self.rng, self.today
        answered = _day(prescription.sent_on + datetime.timedelta(days=rng.randint(1, 6)), today)
        if stage == S.CANCELLED:
            if rng.random() < 0.5:
                services.accept(actor=partner, prescription=prescription, today=answered)
            services.cancel(actor=referent, prescription=prescription)
            return
        if stage == S.REFUSED:
            reason = rng.choice(list(catalogue.REFUSAL_NOTES))
            services.refuse(
                actor=partner,
                prescription=prescription,
                reason=reason,
                note=catalogue.REFUSAL_NOTES[reason] if reason == "autre" or rng.random() < 0.5 else "",
                today=answered,
            )
            return
        if stage == S.WAITLISTED or (stage != S.ACCEPTED and rng.random() < 0.15):
            services.accept(actor=partner, prescription=prescription, waiting_list=True, today=answered)
            if stage == S.WAITLISTED:
                return
            answered = _day(answered + datetime.timedelta(days=rng.randint(3, 15)), today)
        services.accept(actor=partner, prescription=prescription, today=answered)
        session = prescription.session
        if session is not None and session.start_date > today:
            return  # accepted on a session to come: nobody has entered it yet
        if stage in (S.STARTED, S.COMPLETED, S.ABANDONED):
            self._run(prescription, stage, partner, answered)

    def _run(self, prescription, stage, partner, answered):
        rng, today = self.rng, self.today
        if stage == S.ABANDONED and rng.random() < 0.25:
            services.end(
                actor=partner, prescription=prescription, status=S.ABANDONED,
                outcome=PrescriptionOutcome.NO_SHOW, on=answered, today=today,
            )  # fmt: skip
            return
        started = _day(answered + datetime.timedelta(days=rng.randint(2, 12)), today)
        floor = answered
        if prescription.session is not None:  # the person enters with the session
            floor = max(answered, prescription.session.start_date)
            started = max(started, floor)
        started = _working_day(started, floor, today)
        if started is None:
            return  # no working day yet to enter the action on: still accepted
        services.start(actor=partner, prescription=prescription, on=started, today=today)
        weeks = prescription.offer.weeks or 6
        ended = _day(started + datetime.timedelta(weeks=weeks, days=rng.randint(-3, 3)), today)
        if stage == S.ABANDONED:
            ended = _day(started + datetime.timedelta(days=rng.randint(5, 7 * weeks)), today)
        last = today if stage == S.STARTED else ended
        self._attendance(prescription, partner, started, last, abandoning=stage == S.ABANDONED)
        if stage == S.STARTED:
            return
        outcome = rng.choice(GOOD_OUTCOMES if stage == S.COMPLETED else ABANDON_OUTCOMES)
        services.end(
            actor=partner, prescription=prescription, status=stage, outcome=outcome,
            note=ABANDON_NOTES.get(outcome, "") if stage == S.ABANDONED else "", on=ended, today=today,
        )  # fmt: skip

    def _attendance(self, prescription, partner, first, last, *, abandoning):
        """The first days of the action, as the partner reported them (absences before an abandon)."""
        hours = prescription.offer.weekly_hours
        per_day = min(hours / 3, 7) if hours else 3
        weights = [4, 3, 3] if abandoning else [16, 2, 1]
        for day in _weekdays(first, last, self.rng.randint(3, 6)):
            status = self.rng.choices(
                [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT], weights
            )[0]
            services.record_attendance(
                actor=partner,
                prescription=prescription,
                day=day,
                status=status,
                hours=round(per_day, 1) if status == AttendanceStatus.PRESENT else None,
                today=self.today,
            )


def _assignments(code):
    """The accompaniments the demo's référents hold, oldest first."""
    emails = [f"{prefix}.{code}@demo.pacte.example" for prefix in REFERENT_PREFIXES]
    return list(
        ReferentAssignment.objects.active()
        .filter(departement_code=code, referent__email__in=emails)
        .select_related("person", "person__dossier__commune", "referent", "organization")
        .order_by("person__sort_key", "id")
    )


def _offers(code, prescriber):
    """The published demo offers, each with its sessions in order and the need it answers."""
    offers = list(
        demo_offers(code)
        .filter(status=OfferStatus.PUBLISHED)
        .select_related("organization", "commune")
        .prefetch_related("sessions")
        .order_by("name", "id")
    )
    for offer in offers:
        offer.demo_sessions = sorted(offer.sessions.all(), key=lambda s: (s.start_date, s.pk))
        offer.demo_need = catalogue.BARRIER_BY_THEME.get(prescriber.theme(offer), "")
    return offers


def _stage(rng, days_followed):
    """A stage whose dates fit in the accompaniment so far, and the day the prescription was sent."""
    stages = list(STAGES)
    stage = rng.choices(stages, [STAGES[s][0] for s in stages])[0]
    low, high = STAGES[stage][1]
    if days_followed < low:
        stage, (low, high) = S.SENT, STAGES[S.SENT][1]
    return stage, rng.randint(low, max(low, min(high, days_followed)))


def _needs(code):
    """{person id: barrier themes of their diagnostics}."""
    needs = {}
    rows = DiagnosticBarrier.objects.filter(diagnostic__person__departement_code=code).values_list(
        "diagnostic__person_id", "barrier__theme"
    )
    for person_id, theme in rows:
        needs.setdefault(person_id, set()).add(theme)
    return needs


def _pick(rng, pool, *, own, territory_id, needs):
    """An offer of the partner account's structure for a share, else most often one that answers
    a barrier of the diagnostic, near the person when there is one."""
    mine = [o for o in pool if o.organization_id == own]
    if mine and rng.random() < PARTNER_SHARE:
        return rng.choice(mine)
    answering = [o for o in pool if o.demo_need in needs]
    if answering and rng.random() < 0.7:
        pool = answering
    near = [o for o in pool if o.commune is not None and o.commune.territory_id == territory_id]
    return rng.choice(near if near and rng.random() < 0.6 else pool) if pool else None


def load_prescriptions(code, structures, log):
    """Prescriptions for the followed persons; returns {status: count} ({} once they exist)."""
    emails = [f"{prefix}.{code}@demo.pacte.example" for prefix in REFERENT_PREFIXES]
    if Prescription.objects.filter(departement_code=code, prescriber__email__in=emails).exists():
        return {}
    log("Prescriptions de démonstration : envoyées, acceptées, en cours, terminées…")
    rng, today = random.Random(SEEDS.get(code, 0)), timezone.localdate()
    own = structures["association"].pk if "association" in structures else None
    prescriber = Prescriber(code, rng, today)
    offers = _offers(code, prescriber)
    if not offers:
        return {}
    needs = _needs(code)
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with quiet, transaction.atomic():
        for assignment in _assignments(code):
            person_needs = needs.get(assignment.person_id, set())
            _prescribe_for(prescriber, assignment, offers, own=own, needs=person_needs)
    return prescriber.counts


def _prescribe_for(prescriber, assignment, offers, *, own, needs):
    """One to three prescriptions for the person, sent after the accompaniment began."""
    rng, today = prescriber.rng, prescriber.today
    first_day = assignment.start_date + datetime.timedelta(days=3)
    if first_day > today:
        return
    commune = assignment.person.dossier.commune
    territory_id = commune.territory_id if commune else None
    taken = set()
    for _ in range(rng.choices([1, 2, 3], [50, 35, 15])[0]):
        pool = [offer for offer in offers if offer.pk not in taken]
        offer = _pick(rng, pool, own=own, territory_id=territory_id, needs=needs)
        if offer is None:
            return
        taken.add(offer.pk)
        stage, days_ago = _stage(rng, (today - first_day).days)
        sent_on = max(first_day, today - datetime.timedelta(days=days_ago))
        try:
            with transaction.atomic():
                prescriber.write(assignment=assignment, offer=offer, stage=stage, sent_on=sent_on, own=own)
        except DomainError:
            continue  # a date the services refuse: this one is left out
