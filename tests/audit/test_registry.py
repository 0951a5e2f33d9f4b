"""Every action string written in the code is registered (so that no typo reaches production)."""

import ast
import pathlib

import pacte
from pacte.api.pathways import followup_views, views
from pacte.audit import registry
from pacte.core.transitions import tables

SOURCES = pathlib.Path(pacte.__file__).parent
LOGGING_CALLS = {"log", "audit", "log_read", "log_list", "person_for"}
ACTION_KEYWORDS = {"action", "audit_action"}


def _constant_strings(node):
    """The string constants an expression may evaluate to (`"a" if x else "b"` gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constant_strings(node.body) + _constant_strings(node.orelse)
    return []


def written_actions():
    found = {}
    for path in SOURCES.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in LOGGING_CALLS:
                continue
            values = [kw.value for kw in node.keywords if kw.arg in ACTION_KEYWORDS]
            if name == "audit" and len(node.args) >= 2:
                values.append(node.args[1])
            for value in values:
                for action in _constant_strings(value):
                    found.setdefault(action, str(path.relative_to(SOURCES)))
    return found


def test_the_scan_finds_the_actions():
    actions = written_actions()
    assert actions["territory.update"] == "territory/services.py"
    assert "spreadsheet_mapping.update" in actions


def test_every_action_written_in_the_code_is_registered():
    registered = dict(registry.actions())
    missing = {action: path for action, path in written_actions().items() if action not in registered}
    assert missing == {}


def test_every_api_audit_name_is_registered():
    """`PersonScopedList` views log `person.read.<audit_name>`."""
    for module in (views, followup_views):
        for value in vars(module).values():
            name = getattr(value, "audit_name", None)
            if isinstance(name, str):
                registry.check(f"person.read.{name}")


def test_every_label_is_french_and_filled():
    for action, label in registry.actions():
        assert label.strip() and label[0].isupper(), action


def test_every_action_of_the_transition_tables_is_registered():
    """`transition()` logs the table's action of the target state (`{model}`: the model's name)."""
    for table in tables().values():
        for target in {t for targets in table.transitions.values() for t in targets}:
            template = table.actions.get(target)
            if template is None:
                continue
            for model_name in ("planobjective", "planaction") if "{model}" in template else ("",):
                registry.check(template.format(model=model_name))
