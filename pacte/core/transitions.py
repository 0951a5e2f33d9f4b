"""One explicit transition table per workflow; every service checks it before changing a state."""

from pacte.core.errors import TransitionError


class TransitionTable:
    def __init__(self, name, transitions):
        # transitions: {from_state: {to_state, ...}}; a state absent from the keys is final.
        self.name = name
        self.transitions = {source: frozenset(targets) for source, targets in transitions.items()}

    def allows(self, source, target):
        return target in self.transitions.get(source, ())

    def check(self, source, target, *, labels=None):
        if not self.allows(source, target):
            labels = labels or {}
            raise TransitionError(
                f"Passage impossible de « {labels.get(source, source)} » à « {labels.get(target, target)} »."
            )

    def targets(self, source):
        return sorted(self.transitions.get(source, ()))
