"""One explicit transition table per workflow, and `transition()`, the only way a state changes.

A table lists the allowed moves, the French labels of its states and the audit action of each
target state. `transition()` checks the move against the table, writes the state (and the other
fields the move sets), and logs the audit entry, in one transaction: "every transition is
checked and logged" holds by construction, not by each service remembering to.
"""

import datetime

from django.db import transaction

from pacte.audit.services import log
from pacte.core.errors import TransitionError

_TABLES = {}


class TransitionTable:
    def __init__(self, name, transitions, *, labels=None, actions=None):
        """`transitions`: {from_state: {to_state, ...}}; a state absent from the keys is final.

        `labels`: the states' `TextChoices` (for the French error message). `actions`: {to_state:
        audit action}; an action may hold `{model}`, the model's name (one table for several
        models); a target without one logs `<model>.<to_state>`.
        """
        self.name = name
        self.transitions = {source: frozenset(targets) for source, targets in transitions.items()}
        self.labels = dict(labels.choices) if labels is not None else {}
        self.actions = dict(actions or {})
        _TABLES[name] = self

    def allows(self, source, target):
        return target in self.transitions.get(source, ())

    def check(self, source, target, *, labels=None):
        if not self.allows(source, target):
            labels = labels or self.labels
            raise TransitionError(
                f"Passage impossible de « {labels.get(source, source)} » à « {labels.get(target, target)} »."
            )

    def targets(self, source):
        return sorted(self.transitions.get(source, ()))

    def states(self):
        """Every state the table knows: its labels', or those named in its moves."""
        named = set(self.transitions) | {t for targets in self.transitions.values() for t in targets}
        return sorted(set(self.labels) | named)

    def action(self, target, model):
        template = self.actions.get(target)
        if template is None:
            return f"{model._meta.model_name}.{target}"
        return template.format(model=model._meta.model_name)


def tables():
    """Every transition table declared, by name."""
    return dict(sorted(_TABLES.items()))


def jsonable(data):
    """Audit data as JSON values: dates as ISO strings, objects by their UUID."""
    clean = {}
    for key, value in data.items():
        if isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        elif hasattr(value, "uuid"):
            value = str(value.uuid)
        clean[key] = value
    return clean


def transition(obj, to, *, actor, table, field="status", changes=None, data=None, request=None, action=None):
    """Move `obj` from its current `field` value to `to`: raises `TransitionError` (in French, nothing
    written) if `table` does not allow it; else sets `field` and `changes` ({field: value}), saves
    those fields only and logs one audit entry (`action`, or the table's action for `to`) whose data
    hold the states before and after and `data`. Returns `obj`."""
    source = getattr(obj, field)
    table.check(source, to)
    changes = dict(changes or {})
    with transaction.atomic():
        for name, value in {field: to, **changes}.items():
            setattr(obj, name, value)
        update_fields = [field, *changes]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update_fields.append("updated_at")
        obj.save(update_fields=update_fields)
        log(
            actor=actor,
            action=action or table.action(to, type(obj)),
            obj=obj,
            request=request,
            data=jsonable({"from": str(source), "to": str(to), **(data or {})}),
        )
    return obj
