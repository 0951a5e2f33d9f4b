"""Pre-orientation rules: what each condition means, how it is tested on a person, in French.

A rule is tested on a person prepared with `prepare_persons()` (dossier and latest diagnostic with
its barriers loaded), so that proposing for a cohort costs a fixed number of queries.

The département's own rules come first; the national criteria (`national_criteria.py`) follow
them as the default, before the département's "toute personne" rules, which keep the persons the
national criteria cannot judge (docs/decisions/003-pathways.md).
"""

import dataclasses
import datetime

from django.db.models import Prefetch

from pacte.beneficiaries.caf.codes import COUPLE_SITFAM
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways import national_criteria
from pacte.pathways.enums import RuleCondition, Track
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.referentials.enums import BarrierTheme

DEFAULT_RECENT_WORK_MONTHS = 12


@dataclasses.dataclass(frozen=True)
class Match:
    """What makes a proposal: a rule of the département, or the national criteria (`rule` None)."""

    rule: object
    track: str
    body_kind: str
    body: object
    explanation: str
    criterion: str = ""


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def condition_text(rule):
    """The condition of a rule, as a French phrase ("la personne a entre 18 et 25 ans")."""
    params = rule.params or {}
    condition = rule.condition
    if condition == RuleCondition.AGE_RANGE:
        low, high = params.get("min_age"), params.get("max_age")
        if low is not None and high is not None:
            return f"la personne a entre {low} et {high} ans"
        if low is not None:
            return f"la personne a {low} ans ou plus"
        return f"la personne a {high} ans ou moins"
    if condition == RuleCondition.RECENT_WORK:
        months = params.get("months", DEFAULT_RECENT_WORK_MONTHS)
        return f"la personne travaille ou a travaillé au cours des {months} derniers mois"
    return {
        RuleCondition.LONE_PARENT: "la personne élève seule au moins un enfant",
        RuleCondition.NO_FIXED_ADDRESS: "la personne est sans domicile fixe",
        RuleCondition.LANGUAGE_BARRIER: "le diagnostic relève une difficulté de langue",
        RuleCondition.HEALTH_BARRIER: "le diagnostic relève un frein de santé",
        RuleCondition.FRANCE_TRAVAIL_REGISTERED: "la personne est inscrite à France Travail",
        RuleCondition.ALWAYS: "aucune règle précédente ne s'applique",
    }[condition]


def outcome_text(rule):
    track = Track(rule.track).label.lower()
    body = rule.body.name if rule.body_id else OrientationBodyKind(rule.body_kind).label
    return f"orientation {track} vers {body}"


def explain_rule(rule):
    sentence = f"Règle n° {rule.position} « {rule.label} » : si {condition_text(rule)}, {outcome_text(rule)}."
    return sentence[0].upper() + sentence[1:]


def prepare_persons(persons):
    """Load what the conditions read: the dossier and the latest diagnostic with its barriers."""
    latest = Diagnostic.objects.latest_per_person().prefetch_related(
        Prefetch("barrier_links", queryset=DiagnosticBarrier.objects.select_related("barrier"))
    )
    return persons.select_related("dossier").prefetch_related(
        Prefetch("diagnostics", queryset=latest, to_attr="latest_diagnostics")
    )


def _latest_diagnostic(person):
    diagnostics = getattr(person, "latest_diagnostics", None)
    if diagnostics is None:
        diagnostics = list(person.diagnostics.order_by("-version")[:1])
    return diagnostics[0] if diagnostics else None


def _has_barrier(person, theme):
    diagnostic = _latest_diagnostic(person)
    return diagnostic is not None and any(
        link.barrier.theme == theme for link in diagnostic.barrier_links.all()
    )


def _worked_recently(person, months, today):
    diagnostic = _latest_diagnostic(person)
    return diagnostic is not None and national_criteria.worked_within(diagnostic, months, today)


def holds(rule, person, today):
    """Whether `rule`'s condition holds for `person` on `today`."""
    params = rule.params or {}
    condition = rule.condition
    dossier = person.dossier
    if condition == RuleCondition.AGE_RANGE:
        age = age_on(person.birth_date, today)
        return params.get("min_age", 0) <= age <= params.get("max_age", 200)
    if condition == RuleCondition.LONE_PARENT:
        return dossier.children_count > 0 and dossier.family_situation not in COUPLE_SITFAM
    if condition == RuleCondition.NO_FIXED_ADDRESS:
        return dossier.no_fixed_address
    if condition == RuleCondition.LANGUAGE_BARRIER:
        return _has_barrier(person, BarrierTheme.LANGUAGE)
    if condition == RuleCondition.HEALTH_BARRIER:
        return _has_barrier(person, BarrierTheme.HEALTH)
    if condition == RuleCondition.RECENT_WORK:
        return _worked_recently(person, params.get("months", DEFAULT_RECENT_WORK_MONTHS), today)
    if condition == RuleCondition.FRANCE_TRAVAIL_REGISTERED:
        return bool(person.france_travail_id)
    return condition == RuleCondition.ALWAYS


def _rule_match(rule):
    return Match(
        rule=rule, track=rule.track, body_kind=rule.body_kind, body=rule.body, explanation=explain_rule(rule)
    )


def _national_match(person, today):
    decision = national_criteria.decide(_latest_diagnostic(person), today)
    if decision is None:
        return None
    return Match(
        rule=None,
        track=decision.track,
        body_kind=decision.body_kind,
        body=None,
        explanation=decision.explanation,
        criterion=decision.criterion,
    )


def first_match(rules, person, today=None):
    """What proposes for `person`: the first rule (in the given order) whose condition holds, the
    national criteria once the rules with a condition are exhausted (before the first "toute
    personne" rule), with the sentence explaining it; None when nothing applies."""
    today = today or datetime.date.today()
    national_tried = False
    for rule in rules:
        if rule.condition == RuleCondition.ALWAYS and not national_tried:
            national_tried = True
            match = _national_match(person, today)
            if match is not None:
                return match
        if holds(rule, person, today):
            return _rule_match(rule)
    return None if national_tried else _national_match(person, today)


def validate_params(condition, params):
    """A French message per problem in a rule's parameters (empty when they are fine)."""
    errors = []
    if condition == RuleCondition.AGE_RANGE:
        low, high = params.get("min_age"), params.get("max_age")
        if low is None and high is None:
            errors.append("Indiquez un âge minimum, un âge maximum ou les deux.")
        for value in (low, high):
            if value is not None and (not isinstance(value, int) or value < 0):
                errors.append("Les âges doivent être des nombres entiers positifs.")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            errors.append("L'âge minimum dépasse l'âge maximum.")
    if condition == RuleCondition.RECENT_WORK:
        months = params.get("months", DEFAULT_RECENT_WORK_MONTHS)
        if not isinstance(months, int) or months <= 0:
            errors.append("Le nombre de mois doit être un entier positif.")
    return errors
