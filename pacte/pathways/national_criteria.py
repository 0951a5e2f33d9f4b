"""The national orientation criteria: the default rule set of the pre-orientation.

Sources: the common orientation criteria adopted at a plenary of the Comité national pour
l'emploi (CNE) in July, as reported by Localtis (Banque des territoires), « Le Comité national pour
l'emploi adopte les critères d'orientation des demandeurs d'emploi »
(https://banquedesterritoires.fr/le-comite-national-pour-lemploi-adopte-les-criteres-dorientation-des-demandeurs-demploi;
Localtis's later article dates it July 2024, the issue July 2025), and the « Référentiel relatif
aux critères d'orientation des demandeurs d'emploi » (CNE, 7 November 2024, article L. 5411-5-1 of
the code du travail), approved by the arrêté of 21 November 2024 (JORF n° 0288 of 6 December 2024,
https://banquedesterritoires.fr/loi-plein-emploi-un-arrete-approuve-les-criteres-et-modalites-dorientation-des-demandeurs-demploi),
in force since 1 January 2025. The CNE's "logigramme d'aide à la décision" reads, in order:

1. a professional activity at the time of registration or within the last two years;
2. then the capacity to project oneself into a professional activity, and the level of education;
3. then the level of each peripheral barrier: strong, medium, or without impact on the search for
   a job.

and leads to one of three tracks: professional ("emploi": a qualifying or higher education, no
difficulty bearing on the search for a job, a recent activity or a short-term projection into one),
socio-professional ("global": social barriers bearing on the search for or the holding of a job),
social ("remobilisation", a track before any job search: persons without activity whose
difficulties stand in the way of a job search for the time being).

Where the public texts left the table open, Pacte reads them this way (its interpretation):
- "recent activity" is being employed or self-employed at the diagnostic, or a last employment
  ended within 24 months of the day the rules run;
- a qualifying education is any diploma (CAP/BEP, level 3, or above); "none" is not qualifying;
- with a recent activity the social track is never proposed (it is for persons without activity):
  any barrier with an impact leads to the socio-professional track;
- without a recent activity, a strong barrier leads to the social track whatever else;
- without a recent activity and without a capacity to project oneself into a job, a medium barrier
  also leads to the social track (the difficulties stand in the way of a job search), and no barrier
  with an impact to the socio-professional one (a project to build);
- a capacity to project oneself "with support", or without a qualifying education, leads to the
  socio-professional track;
- a capacity to project left blank ("non renseignée", the diagnostics recorded before it was asked)
  lets the criteria decide only for persons with a recent activity; otherwise they do not decide,
  nor do they without a diagnostic: the département's fallback rule, or the agent, does;
- the body: France Travail for the professional track, the département's services for the two
  others (the CNE's summary table lets a département agree otherwise with its partners: its own
  rules then say so, on top of these).

The sentence kept on the proposal names the criterion that decided, and the barriers at the level
that decided them ("Critère national : frein fort « Logement : Hébergement précaire », sans
activité professionnelle depuis 24 mois → parcours social vers Services du département."). A
health barrier is never named: it counts as « Santé », as the health rule of a département says.
"""

import dataclasses

from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.dates import add_months
from pacte.pathways.enums import (
    BARRIER_LEVEL_ORDER,
    BarrierLevel,
    EducationLevel,
    JobProjection,
    NationalCriterion,
    ProfessionalSituation,
    Track,
)
from pacte.referentials.enums import BarrierTheme

ACTIVITY_MONTHS = 24
BODY_KIND_BY_TRACK = {
    Track.PROFESSIONAL: OrientationBodyKind.FRANCE_TRAVAIL,
    Track.SOCIO_PROFESSIONAL: OrientationBodyKind.DEPARTEMENT,
    Track.SOCIAL: OrientationBodyKind.DEPARTEMENT,
}
# "Parcours" is masculine; the tracks' labels agree with "orientation".
TRACK_NAMES = {
    Track.PROFESSIONAL: "parcours professionnel",
    Track.SOCIO_PROFESSIONAL: "parcours socioprofessionnel",
    Track.SOCIAL: "parcours social",
}
ACTIVITY = f"activité professionnelle en cours ou dans les {ACTIVITY_MONTHS} derniers mois"
NO_ACTIVITY = f"sans activité professionnelle depuis {ACTIVITY_MONTHS} mois"

# The track of each cell of the decision table.
OUTCOMES = {
    NationalCriterion.ACTIVITY_NO_IMPACT: Track.PROFESSIONAL,
    NationalCriterion.ACTIVITY_WITH_BARRIER: Track.SOCIO_PROFESSIONAL,
    NationalCriterion.STRONG_BARRIER: Track.SOCIAL,
    NationalCriterion.NO_PROJECTION_WITH_BARRIER: Track.SOCIAL,
    NationalCriterion.NO_PROJECTION: Track.SOCIO_PROFESSIONAL,
    NationalCriterion.PROJECTION_QUALIFIED: Track.PROFESSIONAL,
    NationalCriterion.PROJECTION_WITH_BARRIER: Track.SOCIO_PROFESSIONAL,
    NationalCriterion.PROJECT_TO_BUILD: Track.SOCIO_PROFESSIONAL,
}

# The decision table in French, for the rules page (read-only: it is the national text).
SUMMARY = [
    f"Activité professionnelle en cours ou dans les {ACTIVITY_MONTHS} derniers mois, sans frein ayant "
    "un impact : parcours professionnel (France Travail).",
    f"Activité professionnelle en cours ou dans les {ACTIVITY_MONTHS} derniers mois, avec un frein fort "
    "ou modéré : parcours socioprofessionnel (services du département).",
    "Sans activité récente, un frein fort : parcours social (services du département).",
    "Sans activité récente et sans capacité à se projeter dans un emploi : parcours social avec un frein "
    "modéré, socioprofessionnel sans frein ayant un impact.",
    "Sans activité récente, capacité à se projeter à court terme et formation qualifiante (CAP, BEP ou "
    "plus), sans frein ayant un impact : parcours professionnel (France Travail).",
    "Sans activité récente, capacité à se projeter avec un appui ou sans formation qualifiante, ou un "
    "frein modéré : parcours socioprofessionnel (services du département).",
    "Sans diagnostic, ou sans activité récente quand la capacité à se projeter n'est pas renseignée : "
    "les critères ne décident pas (règle « toute personne » du département, sinon décision de l'agent).",
]


@dataclasses.dataclass(frozen=True)
class Decision:
    criterion: str
    track: str
    body_kind: str
    explanation: str


def worked_within(diagnostic, months, today):
    """Employed or self-employed at the diagnostic, or a last employment ended within `months`."""
    if diagnostic.professional_situation in (
        ProfessionalSituation.EMPLOYED,
        ProfessionalSituation.SELF_EMPLOYED,
    ):
        return True
    end = diagnostic.last_employment_end
    return end is not None and end >= add_months(today, -months)


def heaviest(links):
    """The heaviest level among barrier links, with the links at that level (no link: no impact)."""
    for level in BARRIER_LEVEL_ORDER:
        at_level = [link for link in links if link.level == level]
        if at_level:
            return level, at_level
    return BarrierLevel.NO_IMPACT, []


def barrier_names(links):
    """« Theme : label » of each barrier, in the nomenclature's order; health ones only as « Santé »."""
    names = []
    ordered = sorted(links, key=lambda link: (link.barrier.theme, link.barrier.position, link.barrier_id))
    for link in ordered:
        barrier = link.barrier
        if barrier.theme == BarrierTheme.HEALTH:
            name = f"« {BarrierTheme.HEALTH.label} »"
        else:
            name = f"« {BarrierTheme(barrier.theme).label} : {barrier.label} »"
        if name not in names:
            names.append(name)
    return ", ".join(names)


def _barrier_phrase(level, links):
    plural = len({barrier_names([link]) for link in links}) > 1
    word = {
        BarrierLevel.STRONG: "freins forts" if plural else "frein fort",
        BarrierLevel.MEDIUM: "freins modérés" if plural else "frein modéré",
    }[level]
    return f"{word} {barrier_names(links)}"


def _criterion(diagnostic, active, level):
    """(criterion, reasons in French) of the table's cell, or None when the criteria do not decide."""
    with_impact = level != BarrierLevel.NO_IMPACT
    projection = diagnostic.job_projection
    if active:
        if with_impact:
            return NationalCriterion.ACTIVITY_WITH_BARRIER, [ACTIVITY]
        return NationalCriterion.ACTIVITY_NO_IMPACT, [ACTIVITY, "sans frein ayant un impact"]
    if level == BarrierLevel.STRONG:
        return NationalCriterion.STRONG_BARRIER, [NO_ACTIVITY]
    if not projection:
        return None
    if projection == JobProjection.NO:
        reason = "sans capacité à se projeter dans un emploi pour le moment"
        if with_impact:
            return NationalCriterion.NO_PROJECTION_WITH_BARRIER, [NO_ACTIVITY, reason]
        return NationalCriterion.NO_PROJECTION, [NO_ACTIVITY, reason, "sans frein ayant un impact"]
    if with_impact:
        return NationalCriterion.PROJECTION_WITH_BARRIER, [NO_ACTIVITY]
    qualified = diagnostic.education_level != EducationLevel.NONE
    if projection == JobProjection.YES and qualified:
        reasons = [
            NO_ACTIVITY,
            "capacité à se projeter dans un emploi à court terme",
            "formation qualifiante",
            "sans frein ayant un impact",
        ]
        return NationalCriterion.PROJECTION_QUALIFIED, reasons
    reason = (
        "capacité à se projeter dans un emploi avec un appui"
        if projection == JobProjection.WITH_SUPPORT
        else "sans formation qualifiante"
    )
    return NationalCriterion.PROJECT_TO_BUILD, [NO_ACTIVITY, reason, "projet professionnel à construire"]


def decide(diagnostic, today):
    """The national criteria's proposal from `diagnostic` (its barrier links loaded), or None.

    `diagnostic.barrier_links` must hold every barrier, health ones included: the criteria run for
    the system, and the sentence they write never names a health barrier.
    """
    if diagnostic is None:
        return None
    links = list(diagnostic.barrier_links.all())
    level, decisive = heaviest(links)
    active = worked_within(diagnostic, ACTIVITY_MONTHS, today)
    found = _criterion(diagnostic, active, level)
    if found is None:
        return None
    criterion, reasons = found
    if level != BarrierLevel.NO_IMPACT:
        # The barrier comes first when it decides; after the activity when the activity does.
        barrier = _barrier_phrase(level, decisive)
        reasons = [*reasons, barrier] if active else [barrier, *reasons]
    track = OUTCOMES[criterion]
    body_kind = BODY_KIND_BY_TRACK[track]
    explanation = (
        f"Critère national : {', '.join(reasons)} → {TRACK_NAMES[track]} "
        f"vers {OrientationBodyKind(body_kind).label}."
    )
    return Decision(criterion=criterion, track=track, body_kind=body_kind, explanation=explanation)
