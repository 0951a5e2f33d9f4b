"""Serving Pacte on one machine: the web server and the task workers side by side, in the foreground
(`pacte demo`); Ctrl+C, or the end of either, stops them all."""

import os
import signal
import subprocess
import sys
import time

# The path without its query string, and no referrer: a search must not land in the log.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


def web_command(bind):
    """A production WSGI server."""
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", bind, "--workers", "2", "--threads", "4", "--timeout", "120",
        "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
    ]  # fmt: skip


def worker_command():
    """One `pacte db_worker`; several of them share the queue."""
    return [sys.executable, "-m", "pacte.cli", "db_worker", "--no-reload", "--verbosity", "0"]


def run_together(commands, *, env=None, poll_seconds=0.2):
    """Start every command, wait until one ends or we are interrupted, then stop the others.

    Returns the exit status of the first one that ended (0 on Ctrl+C or SIGTERM).
    """
    processes = [subprocess.Popen(command, env=env) for command in commands]
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    status = 0
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(poll_seconds)
        status = next(process.returncode for process in processes if process.returncode is not None)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(processes)
    return status


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(processes, grace_seconds=10):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serving_environment(settings_module):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", settings_module)}
