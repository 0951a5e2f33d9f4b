import pytest

from pacte.core.errors import TransitionError
from pacte.pathways.enums import (
    APPOINTMENT_TRANSITIONS,
    CONTRACT_TRANSITIONS,
    ORIENTATION_TRANSITIONS,
    PLAN_ITEM_TRANSITIONS,
    REORIENTATION_TRANSITIONS,
    TEAM_CASE_TRANSITIONS,
)

ALLOWED = [
    (ORIENTATION_TRANSITIONS, "proposed", "validated"),
    (ORIENTATION_TRANSITIONS, "proposed", "refused"),
    (CONTRACT_TRANSITIONS, "draft", "signed"),
    (CONTRACT_TRANSITIONS, "signed", "ended"),
    (CONTRACT_TRANSITIONS, "signed", "renewed"),
    (APPOINTMENT_TRANSITIONS, "scheduled", "seen"),
    (APPOINTMENT_TRANSITIONS, "scheduled", "excused"),
    (APPOINTMENT_TRANSITIONS, "scheduled", "absent"),
    (APPOINTMENT_TRANSITIONS, "scheduled", "cancelled"),
    (REORIENTATION_TRANSITIONS, "pending", "accepted"),
    (REORIENTATION_TRANSITIONS, "pending", "rejected"),
    (PLAN_ITEM_TRANSITIONS, "planned", "in_progress"),
    (PLAN_ITEM_TRANSITIONS, "in_progress", "done"),
    (TEAM_CASE_TRANSITIONS, "pending", "decided"),
    (TEAM_CASE_TRANSITIONS, "postponed", "decided"),
]

REFUSED = [
    (ORIENTATION_TRANSITIONS, "validated", "refused"),
    (ORIENTATION_TRANSITIONS, "refused", "validated"),
    (CONTRACT_TRANSITIONS, "draft", "ended"),
    (CONTRACT_TRANSITIONS, "ended", "signed"),
    (CONTRACT_TRANSITIONS, "renewed", "signed"),
    (APPOINTMENT_TRANSITIONS, "seen", "absent"),
    (APPOINTMENT_TRANSITIONS, "cancelled", "scheduled"),
    (REORIENTATION_TRANSITIONS, "accepted", "rejected"),
    (PLAN_ITEM_TRANSITIONS, "done", "planned"),
    (TEAM_CASE_TRANSITIONS, "decided", "pending"),
]


@pytest.mark.parametrize(("table", "source", "target"), ALLOWED)
def test_allowed_transitions(table, source, target):
    assert table.allows(source, target)
    table.check(source, target)


@pytest.mark.parametrize(("table", "source", "target"), REFUSED)
def test_refused_transitions_raise_in_french(table, source, target):
    assert not table.allows(source, target)
    with pytest.raises(TransitionError, match="Passage impossible"):
        table.check(source, target)
