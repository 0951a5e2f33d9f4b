"""Pre-orientation rules: what each condition means, how it is tested on a person, in French.

A rule is tested on a person prepared with `prepare_persons()` (dossier and latest diagnostic with
its barriers loaded), so that proposing for a cohort costs a fixed number of queries.
"""

import dataclasses
import datetime

from django.db.models import Prefetch

from pacte.beneficiaries.caf.codes import COUPLE_SITFAM
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.dates import add_months
from pacte.pathways.enums import ProfessionalSituation, RuleCondition, Track
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.referentials.enums import BarrierTheme

DEFAULT_RECENT_WORK_MONTHS = 12


@dataclasses.dataclass(frozen=True)
class Match:
    rule: object
    explanation: str


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
    if diagnostic is None:
        return False
    if diagnostic.professional_situation in (
        ProfessionalSituation.EMPLOYED,
        ProfessionalSituation.SELF_EMPLOYED,
    ):
        return True
    end = diagnostic.last_employment_end
    return end is not None and end >= add_months(today, -months)


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


def first_match(rules, person, today=None):
    """The first rule (in the given order) whose condition holds, with the sentence explaining it."""
    today = today or datetime.date.today()
    for rule in rules:
        if holds(rule, person, today):
            return Match(rule=rule, explanation=explain_rule(rule))
    return None


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
