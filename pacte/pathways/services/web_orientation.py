"""Writes the orientation pages of the web UI need beyond the core services."""

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.models import PreOrientationRule
from pacte.pathways.services.common import audit, today
from pacte.pathways.services.rules import reorder_rules


@transaction.atomic
def record_letter_issued(*, actor, orientation, on=None):
    """The notification letter of a decided orientation was produced: dated once, logged each time."""
    if orientation.status != OrientationStatus.VALIDATED:
        raise DomainError("Seule une orientation décidée donne lieu à un courrier de notification.")
    on = on or today()
    if orientation.notified_on is None:
        orientation.notified_on = on
        orientation.save(update_fields=["notified_on"])
    audit(actor, "orientation.letter", orientation, on=on)
    return orientation


def move_rule(*, actor, rule, offset):
    """Move a rule one step up (`offset=-1`) or down (`offset=1`) in its département's order."""
    rules = list(
        PreOrientationRule.objects.filter(departement_code=rule.departement_code).order_by("position", "id")
    )
    index = next(i for i, item in enumerate(rules) if item.pk == rule.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(rules):
        raise DomainError("Cette règle ne peut pas aller plus loin dans l'ordre.")
    rules[index], rules[target] = rules[target], rules[index]
    return reorder_rules(actor=actor, departement_code=rule.departement_code, rules=rules)
