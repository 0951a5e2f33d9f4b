"""What the benchmarks share: a throwaway SQLite database's environment, percentiles, and the
writing of one section of docs/benchmarks.md (the others kept)."""

import os
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# Benchmarks\n\nRatios against a limit measured in the same run (DESIGN.md, Targets).\n\n"


def sqlite_environment(folder):
    """The environment of `pacte` commands on a SQLite database in `folder`, with the dev settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
        "DEBUG": "False",
    }
    env.pop("PYTHONPATH", None)
    return env


def percentiles(durations):
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "max_ms": round(max(durations), 2)}


def write_section(output, marker, section):
    """Replace the section of `output` that starts with `marker` by `section` (or add it at the end)."""
    output = Path(output)
    text = output.read_text() if output.exists() else HEADER
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    output.write_text(text)
