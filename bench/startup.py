"""Bench: how long a process of the site takes to start (issue 22).

A management command, a task worker and the scheduler each begin with ``django.setup()``; the
production-topology tests start dozens of them. Timed: ``manage.py shell -c pass`` (setup and
nothing else) and ``import tekort.wsgi`` (what gunicorn's master loads before it forks: every
view), each the median of RUNS fresh interpreters, wall clock.

Run:  .venv/bin/python bench/startup.py
Target: a management process starts in <= 1.2 s; the last line is the figure; exit 1 if missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
TARGET_SECONDS = 1.2
REPO = Path(__file__).resolve().parents[1]
ENV = {
    **os.environ,
    "PYTHONPATH": str(REPO / "src"),
    "DJANGO_SETTINGS_MODULE": "tekort.conf.test",
}


def median_seconds(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, env=ENV, check=True, capture_output=True)  # noqa: S603
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    web = median_seconds([sys.executable, "-c", "import tekort.wsgi"])
    print(f"web application with every view (gunicorn's master): {web:.2f} s")
    command = median_seconds(
        [sys.executable, str(REPO / "src" / "manage.py"), "shell", "-c", "pass"]
    )
    print(f"management process (manage.py shell -c pass): {command:.2f} s")
    ok = command <= TARGET_SECONDS
    print(
        f"{'OK' if ok else 'MISSED'} process start {command:.2f} s (target <= {TARGET_SECONDS} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
