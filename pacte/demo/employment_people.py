"""The demo people's employment projects: the persons oriented towards employment (professional or
socio-professional track) who have a référent, recorded by that référent. The jobs looked for are
among those the département's employers and SIAE recruit on, a good share on métiers en tension;
the mobility radius and the hours follow the barriers of the person's diagnostic (no driving
licence or vehicle: close to home; young children: part time, no staggered hours).

Deterministic (seeded) and idempotent: a person who has a project keeps it, and once the demo's
référents have recorded projects in the département, none is added.
"""

import random

from django.db import transaction

from pacte.demo.employment import EMPLOYERS, SIAE
from pacte.demo.structures import DEMO_DOMAIN
from pacte.employment import tension
from pacte.employment.matching import CHILDCARE, NO_CAR
from pacte.pathways.enums import Track
from pacte.pathways.models import DiagnosticBarrier, EmploymentProject, Orientation, ReferentAssignment
from pacte.pathways.services import record_employment_project
from pacte.referentials.models import RomeCode

SEEDS = {"87": 87_1205, "79": 79_1205}
EMPLOYMENT_TRACKS = (Track.PROFESSIONAL, Track.SOCIO_PROFESSIONAL)
PROJECT_SHARE = 0.8  # of the persons oriented towards employment
TENSION_SHARE = 0.5  # of the projects, at least one job en tension


def demo_romes():
    """The ROME codes the demo's employers and SIAE recruit on, in a stable order."""
    codes = {code for *_, romes in EMPLOYERS for code in romes}
    codes |= {position[0] for _, _, positions in SIAE.values() for position in positions}
    return sorted(codes)


def employment_seekers(code):
    """[(person, référent)] of the persons with an employment orientation and an active référent."""
    oriented = set(
        Orientation.objects.current()
        .filter(departement_code=code, track__in=EMPLOYMENT_TRACKS)
        .values_list("person_id", flat=True)
    )
    assignments = (
        ReferentAssignment.objects.active()
        .filter(departement_code=code, person_id__in=oriented)
        .select_related("person", "referent")
        .order_by("person__id", "id")
    )
    seen, seekers = set(), []
    for assignment in assignments:
        if assignment.person_id not in seen:
            seen.add(assignment.person_id)
            seekers.append((assignment.person, assignment.referent))
    return seekers


def _barriers(person_ids):
    """{person id: barrier codes of their diagnostics} (mobility and childcare are what counts here)."""
    found = {}
    rows = DiagnosticBarrier.objects.filter(diagnostic__person_id__in=person_ids).values_list(
        "diagnostic__person_id", "barrier__code"
    )
    for person_id, barrier in rows:
        found.setdefault(person_id, set()).add(barrier)
    return found


def _project(rng, romes, in_tension, barriers):
    tense = [rome for rome in romes if rome.code in in_tension]
    others = [rome for rome in romes if rome.code not in in_tension]
    wanted = rng.sample(others, rng.randint(1, 2))
    if tense and rng.random() < TENSION_SHARE:
        wanted = [rng.choice(tense), *wanted[:1]]
    radius = rng.choice([5, 8, 10]) if barriers & set(NO_CAR) else rng.choice([15, 20, 30, 40])
    low, high = (None, None)
    if barriers & CHILDCARE:
        low, high = 15, 26
    elif rng.random() < 0.4:
        low, high = 20, 35
    return {
        "romes": wanted,
        "mobility_radius_km": radius,
        "weekly_hours_min": low,
        "weekly_hours_max": high,
        "accepts_staggered_hours": not (barriers & CHILDCARE) and rng.random() < 0.7,
    }


def load_projects(code, log):
    """Projects for most of the persons oriented towards employment; returns how many were recorded
    (none once the demo's référents have recorded projects in the département: the hires of the
    placements end some pathways, and the draws must not start again on the persons left)."""
    if EmploymentProject.objects.filter(
        departement_code=code, updated_by__email__endswith=f"@{DEMO_DOMAIN}"
    ).exists():
        return 0
    seekers = employment_seekers(code)
    having = set(EmploymentProject.objects.filter(departement_code=code).values_list("person_id", flat=True))
    rng = random.Random(SEEDS[code])
    romes = list(RomeCode.objects.filter(code__in=demo_romes()).order_by("code"))
    in_tension = tension.tension_codes([code]).get(code, set())
    barriers = _barriers([person.pk for person, _ in seekers])
    recorded = 0
    with transaction.atomic():
        for person, referent in seekers:
            draw = rng.random()
            fields = _project(rng, romes, in_tension, barriers.get(person.pk, set()))
            if person.pk in having or draw >= PROJECT_SHARE:
                continue
            record_employment_project(actor=referent, person=person, **fields)
            recorded += 1
    if recorded:
        log(f"Emploi : {recorded} projets d'emploi.")
    return recorded
