"""Configuration of the pre-orientation rules of a département."""

from django.db import transaction
from django.db.models import Max

from pacte.core.errors import DomainError
from pacte.pathways.enums import RuleCondition, Track
from pacte.pathways.models import PreOrientationRule
from pacte.pathways.rules import validate_params
from pacte.pathways.services.common import audit

RULE_FIELDS = {"label", "condition", "params", "track", "body_kind", "body", "is_active"}


def _check(rule):
    errors = validate_params(rule.condition, rule.params or {})
    if not rule.label.strip():
        errors.append("Indiquez un libellé.")
    if rule.body is not None:
        if rule.body.departement_id != rule.departement_code:
            errors.append("L'organisme proposé n'appartient pas au département.")
        elif rule.body.orientation_body_kind != rule.body_kind:
            errors.append("L'organisme proposé n'est pas du type d'organisme de la règle.")
    if errors:
        raise DomainError(" ".join(errors))


@transaction.atomic
def create_rule(*, actor, departement_code, label, condition, track, body_kind, params=None, body=None):
    """A new rule, placed last."""
    last = PreOrientationRule.objects.filter(departement_code=departement_code).aggregate(p=Max("position"))[
        "p"
    ]
    rule = PreOrientationRule(
        departement_code=departement_code,
        position=(last or 0) + 1,
        label=label.strip(),
        condition=condition,
        params=params or {},
        track=track,
        body_kind=body_kind,
        body=body,
    )
    _check(rule)
    rule.save()
    audit(actor, "preorientation_rule.create", rule, explanation=rule.explain())
    return rule


@transaction.atomic
def update_rule(*, actor, rule, **changes):
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(rule, name, value)
    _check(rule)
    rule.save()
    audit(actor, "preorientation_rule.update", rule, explanation=rule.explain())
    return rule


@transaction.atomic
def reorder_rules(*, actor, departement_code, rules):
    """Give `rules` (every rule of the département, in the wanted order) positions 1, 2, 3..."""
    current = PreOrientationRule.objects.filter(departement_code=departement_code)
    if {rule.pk for rule in rules} != set(current.values_list("pk", flat=True)) or len(
        rules
    ) != current.count():
        raise DomainError("Le nouvel ordre doit reprendre chaque règle du département une fois.")
    # Two passes: positions are unique per département at every moment.
    offset = len(rules) + (current.aggregate(p=Max("position"))["p"] or 0)
    for index, rule in enumerate(rules, start=1):
        PreOrientationRule.objects.filter(pk=rule.pk).update(position=offset + index)
    for index, rule in enumerate(rules, start=1):
        PreOrientationRule.objects.filter(pk=rule.pk).update(position=index)
        rule.position = index
    audit(
        actor,
        "preorientation_rule.reorder",
        None,
        departement_code=departement_code,
        order=[rule.pk for rule in rules],
    )
    return rules


DEFAULT_RULES = [
    (
        "Inscrit·e à France Travail",
        RuleCondition.FRANCE_TRAVAIL_REGISTERED,
        {},
        Track.PROFESSIONAL,
        "france_travail",
    ),
    ("Moins de 26 ans", RuleCondition.AGE_RANGE, {"max_age": 25}, Track.SOCIO_PROFESSIONAL, "spe_autre"),
    ("Sans domicile fixe", RuleCondition.NO_FIXED_ADDRESS, {}, Track.SOCIAL, "departement"),
    ("Frein de santé", RuleCondition.HEALTH_BARRIER, {}, Track.SOCIAL, "departement"),
    ("Difficultés de langue", RuleCondition.LANGUAGE_BARRIER, {}, Track.SOCIO_PROFESSIONAL, "departement"),
    ("Parent isolé", RuleCondition.LONE_PARENT, {}, Track.SOCIO_PROFESSIONAL, "departement"),
    ("Activité récente", RuleCondition.RECENT_WORK, {"months": 12}, Track.PROFESSIONAL, "france_travail"),
    ("Autres situations", RuleCondition.ALWAYS, {}, Track.SOCIO_PROFESSIONAL, "departement"),
]


@transaction.atomic
def install_default_rules(*, actor, departement_code):
    """A starting set of rules for a département that has none yet (then configured by the direction)."""
    existing = PreOrientationRule.objects.filter(departement_code=departement_code)
    if existing.exists():
        return list(existing.order_by("position", "id"))
    return [
        create_rule(
            actor=actor,
            departement_code=departement_code,
            label=label,
            condition=condition,
            params=params,
            track=track,
            body_kind=body_kind,
        )
        for label, condition, params, track, body_kind in DEFAULT_RULES
    ]
