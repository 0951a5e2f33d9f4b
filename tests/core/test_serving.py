"""`pacte demo` serves the web server and the task workers together, and stops them together."""

import os
import signal
import sys
import threading
import time

from pacte.core import serving

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_when_one_process_ends_the_others_are_stopped():
    started = time.monotonic()
    status = serving.run_together([SLEEPER, [sys.executable, "-c", "import sys; sys.exit(3)"], SLEEPER])
    assert status == 3 and time.monotonic() - started < 15


def test_an_interruption_stops_every_process(tmp_path):
    marker = tmp_path / "pids"
    recorder = [
        sys.executable,
        "-c",
        f"import os, time; open({str(marker)!r}, 'a').write(f'{{os.getpid()}}\\n'); time.sleep(60)",
    ]
    timer = threading.Timer(1.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        assert serving.run_together([recorder, recorder]) == 0
    finally:
        timer.cancel()
    pids = [int(line) for line in marker.read_text().split()]
    assert len(pids) == 2
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"process {pid} still runs")


def test_the_worker_is_pactes_db_worker_command():
    assert serving.worker_command()[1:4] == ["-m", "pacte.cli", "db_worker"]
