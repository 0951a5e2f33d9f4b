"""The documents a newcomer reads stay true to the code: every setting read from the environment is in
docs/environment.md, every `pacte` command in README's table."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_the_settings_read_is_documented():
    settings_source = "\n".join(path.read_text() for path in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    rows = re.findall(r"^\|([^|]+)\|", (ROOT / "docs" / "environment.md").read_text(), re.M)
    documented = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}
    assert "PACTE_TASK_HEARTBEAT_TIMEOUT" in read
    assert sorted(read - documented) == []
    # A documented variable is read by the settings, or by the tests (PACTE_REQUIRE_BROWSER).
    tests_source = "\n".join(path.read_text() for path in (ROOT / "tests").rglob("*.py"))
    assert sorted(name for name in documented - read if f'"{name}"' not in tests_source) == []


def test_every_pacte_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = [name for name, app in get_commands().items() if app.startswith("pacte.")] + ["db_worker"]
    assert len(commands) >= 15
    assert [name for name in commands if f"| `pacte {name}" not in readme] == []
