"""Every action string written in the code is registered (so that no typo reaches production)."""

import ast
import pathlib
import re

import pacte
from pacte.audit import registry
from pacte.core.transitions import tables

SOURCES = pathlib.Path(pacte.__file__).parent
LOGGING_CALLS = {"log", "audit", "log_read", "log_list", "person_for", "transition"}
ACTION_KEYWORDS = {"action", "audit_action"}


def _constant_strings(node):
    """The actions an expression may evaluate to (`"a" if x else "b"` gives both); an f-string gives
    a pattern, each `{...}` standing for one dot-separated part of a name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constant_strings(node.body) + _constant_strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)]
    return []


def actions_in(source):
    """The actions `source` writes: the action argument of the logging calls and of `transition()`,
    and the class attributes the API views log by (`audit_action`, `audit_name` for
    `person.read.<audit_name>`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            names = {getattr(target, "id", None) for target in node.targets}
            for action in _constant_strings(node.value):
                if "audit_action" in names and action:
                    found.append(action)
                if "audit_name" in names:
                    found.append(f"person.read.{action}")
            continue
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in LOGGING_CALLS:
            continue
        values = [kw.value for kw in node.keywords if kw.arg in ACTION_KEYWORDS]
        if name == "audit" and len(node.args) >= 2:
            values.append(node.args[1])
        for value in values:
            found.extend(_constant_strings(value))
    return found


def written_actions():
    found = {}
    for path in SOURCES.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for action in actions_in(path.read_text(encoding="utf-8")):
            found.setdefault(action, str(path.relative_to(SOURCES)))
    return found


def is_registered(action, registered):
    if "{}" not in action:
        return action in registered
    pattern = re.compile("[^.]+".join(re.escape(part) for part in action.split("{}")))
    return any(pattern.fullmatch(known) for known in registered)


def test_the_scan_reads_every_way_of_naming_an_action():
    source = """
log(actor=a, action="a.one")
audit(actor, "a.two" if x else "a.three", obj)
audit(actor, f"plan.{item._meta.model_name}.delete", item)
transition(obj, to, actor=a, table=t, action="a.four")
log_read(request, obj, action="a.five")
person_for(request, uuid, audit_action="a.six")
class View:
    audit_action = "a.seven"
    audit_name = "eight"
"""
    assert actions_in(source) == [
        "a.one", "a.two", "a.three", "plan.{}.delete", "a.four", "a.five", "a.six",
        "a.seven", "person.read.eight",
    ]  # fmt: skip


def test_the_scan_finds_the_actions():
    actions = written_actions()
    assert actions["territory.update"] == "territory/services.py"
    assert "spreadsheet_mapping.update" in actions
    assert actions["person.read.exits"] == "api/pathways/followup_views.py"
    assert actions["plan.{}.delete"] == "pathways/services/plan.py"


def test_a_pattern_matches_only_registered_names():
    registered = {"plan.planaction.delete"}
    assert is_registered("plan.{}.delete", registered)
    assert not is_registered("plan.{}.remove", registered)
    assert not is_registered("plan.{}", registered)


def test_every_action_written_in_the_code_is_registered():
    registered = dict(registry.actions())
    missing = {
        action: path for action, path in written_actions().items() if not is_registered(action, registered)
    }
    assert missing == {}


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
