"""PACTE_LOG_FORMAT=json: one JSON object per line, a request's path without its query string."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from pacte.core.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def record(message, *args, **extra):
    made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_line_holds_time_level_logger_message_and_the_path_without_the_query_string():
    request = RequestFactory().get("/personnes/", {"q": "Dupont"})
    line = JsonFormatter().format(record("Not Found: %s", request.path, request=request, status_code=404))
    assert json.loads(line) == {
        "timestamp": json.loads(line)["timestamp"],
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /personnes/",
        "path": "/personnes/",
        "status": 404,
    }
    assert json.loads(line)["timestamp"].endswith("+00:00")
    assert "Dupont" not in line


def test_a_traceback_stays_on_the_one_line():
    try:
        raise ValueError("première\nseconde")
    except ValueError:
        failed = record("échec")
        failed.exc_info = sys.exc_info()
    line = JsonFormatter().format(failed)
    assert "\n" not in line
    assert "ValueError: première\nseconde" in json.loads(line)["exception"]


def test_the_setting_makes_every_logger_write_json(tmp_path):
    script = (
        "import django, logging; django.setup(); logging.getLogger('pacte.essai').warning('été %s', 2026)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PACTE_DATA_DIR": str(tmp_path),
        "PACTE_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    (line,) = done.stderr.splitlines()
    assert json.loads(line) | {"timestamp": None} == {
        "timestamp": None,
        "level": "WARNING",
        "logger": "pacte.essai",
        "message": "été 2026",
    }
