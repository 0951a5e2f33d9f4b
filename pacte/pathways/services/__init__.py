"""Every write of the pathways app. Web pages, the API and commands call these functions only.

Each function takes keyword-only arguments, checks its preconditions (raising `DomainError` with a
French message), checks state changes against the workflow's transition table, runs in a
transaction and writes the audit log.
"""

from pacte.pathways.services.appointments import (
    cancel_appointment,
    record_attendance,
    schedule_appointment,
    send_appointment_reminders,
)
from pacte.pathways.services.contracts import (
    create_contract,
    delete_contract,
    end_contract,
    renew_contract,
    sign_contract,
    update_contract,
)
from pacte.pathways.services.diagnostics import record_diagnostic
from pacte.pathways.services.employment_project import record_employment_project
from pacte.pathways.services.exits import record_exit
from pacte.pathways.services.history import import_history
from pacte.pathways.services.orientation import (
    decide_orientation,
    propose_orientations,
    refuse_orientation,
    resolve_body,
    validate_cohort,
    validate_orientation,
)
from pacte.pathways.services.plan import (
    add_action,
    add_objective,
    delete_plan_item,
    set_plan_item_status,
    update_plan_item,
)
from pacte.pathways.services.referents import (
    assign_referent,
    assign_referent_to_many,
    end_referent_assignment,
    transfer_caseload,
)
from pacte.pathways.services.reorientation import decide_reorientation, request_reorientation
from pacte.pathways.services.rules import create_rule, install_default_rules, reorder_rules, update_rule
from pacte.pathways.services.teams import (
    add_team_case,
    create_team_session,
    decide_team_case,
    postpone_team_case,
)

__all__ = [
    "add_action",
    "add_objective",
    "add_team_case",
    "assign_referent",
    "assign_referent_to_many",
    "cancel_appointment",
    "create_contract",
    "create_rule",
    "create_team_session",
    "decide_orientation",
    "decide_reorientation",
    "decide_team_case",
    "delete_contract",
    "install_default_rules",
    "delete_plan_item",
    "end_contract",
    "end_referent_assignment",
    "import_history",
    "postpone_team_case",
    "propose_orientations",
    "record_attendance",
    "record_diagnostic",
    "record_employment_project",
    "record_exit",
    "refuse_orientation",
    "renew_contract",
    "reorder_rules",
    "request_reorientation",
    "resolve_body",
    "schedule_appointment",
    "send_appointment_reminders",
    "set_plan_item_status",
    "sign_contract",
    "transfer_caseload",
    "update_contract",
    "update_plan_item",
    "update_rule",
    "validate_cohort",
    "validate_orientation",
]
