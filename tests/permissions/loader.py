"""The permission matrix: every URL of the web and the API × every role → expected outcome.

Each domain keeps its rows in its own `tests/permissions/matrix_<domain>.py` module, which defines
`CASES = {"namespace:url_name": Case(...) or [Case(...), ...]}` and optionally `build(world)` to add
objects to the shared world (see `tests/permissions/world.py`). This module merges them.

Regenerate the table of docs/permissions.md with:
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m tests.permissions.loader
"""

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from pacte.organizations.enums import Role

ANONYMOUS = "anonymous"
SUPERUSER = "superuser"
# Direction in the 87 and référent in the 79: a second membership elsewhere must open nothing of
# the 79 that a référent without persons there would not see.
DIRECTION_87_REFERENT_79 = "direction_87_referent_79"
ROLES = [*(role.value for role in Role), ANONYMOUS, SUPERUSER, DIRECTION_87_REFERENT_79]

# Outcomes besides HTTP status codes.
LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 somewhere else (e.g. the login page sends a logged-in user home)

OUTCOME_LABELS = {
    200: "200",
    400: "400",
    401: "401",
    403: "403",
    404: "404",
    405: "405",
    LOGIN: "→ connexion",
    REDIRECT: "→ accueil",
}


def no_kwargs(world):
    return {}


@dataclasses.dataclass(frozen=True)
class Case:
    expected: dict
    kwargs: Callable = no_kwargs
    method: str = "get"
    note: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expected)
        unknown = set(self.expected) - set(ROLES)
        if missing or unknown:
            raise ValueError(f"Matrix row must cover every role: missing {missing}, unknown {unknown}")


def expect(default=None, **per_role):
    """Outcomes for every role: `default` for the roles not named. `anonymous` defaults to LOGIN,
    the direction of the 87 who is référent in the 79 to the direction's outcome."""
    per_role.setdefault(ANONYMOUS, LOGIN)
    per_role.setdefault(DIRECTION_87_REFERENT_79, per_role.get(Role.DIRECTION.value, default))
    expected = {role: per_role.get(role, default) for role in ROLES}
    missing = [role for role, outcome in expected.items() if outcome is None]
    if missing:
        raise ValueError(f"No outcome for {missing}")
    return expected


def everyone(outcome, anonymous=None):
    return expect(default=outcome, anonymous=outcome if anonymous is None else anonymous)


def uuid_of(key, kwarg="uuid"):
    """URL kwargs pointing at the world's object `key` by its UUID."""

    def kwargs(world):
        return {kwarg: world.objects[key].uuid}

    kwargs.label = f"{kwarg}={key}"
    return kwargs


def pk_of(key, kwarg="pk"):
    def kwargs(world):
        return {kwarg: world.objects[key].pk}

    kwargs.label = f"{kwarg}={key}"
    return kwargs


def value_of(key, attribute, kwarg):
    def kwargs(world):
        return {kwarg: getattr(world.objects[key], attribute)}

    kwargs.label = f"{kwarg}={key}.{attribute}"
    return kwargs


def matrix_modules():
    package = Path(__file__).parent
    names = sorted(
        info.name for info in pkgutil.iter_modules([str(package)]) if info.name.startswith("matrix_")
    )
    return [importlib.import_module(f"tests.permissions.{name}") for name in names]


def load_matrix():
    """{url name: [Case, ...]} merged from every matrix module; a name in two modules is an error."""
    merged = {}
    for module in matrix_modules():
        for name, cases in module.CASES.items():
            if name in merged:
                raise ValueError(f"{name} is in two matrix modules")
            merged[name] = list(cases) if isinstance(cases, list | tuple) else [cases]
    return merged


def world_builders():
    return [module.build for module in matrix_modules() if hasattr(module, "build")]


def render_markdown(routes):
    """The matrix as a Markdown table, for docs/permissions.md. `routes` maps names to paths."""
    header = ["URL", "nom", "objet", *ROLES]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, cases in sorted(load_matrix().items()):
        for case in cases:
            target = getattr(case.kwargs, "label", "") if case.kwargs is not no_kwargs else ""
            target = f"{target} ({case.note})" if target and case.note else target or case.note
            method = "" if case.method == "get" else f"{case.method.upper()} "
            cells = [f"{method}`/{routes.get(name, '?')}`", f"`{name}`", target]
            cells += [OUTCOME_LABELS.get(case.expected[role], str(case.expected[role])) for role in ROLES]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    import django

    django.setup()
    from tests.permissions.urls import named_routes

    print(render_markdown(named_routes()), end="")


if __name__ == "__main__":
    main()
