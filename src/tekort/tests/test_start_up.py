"""What a process of the site loads when it starts (issue 22).

A management command, a task worker and the scheduler set Django up without the statistics
libraries (pandas, SciPy): they are imported by the work that needs them. The web application
loads every view before gunicorn forks its workers, so the workers share that memory.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]


# what a process must not load before its work needs it, and what the web application loads
HEAVY = (
    "pandas",
    "scipy",
    "tekort_stats.estimate",
    "tekort.monitor.views",
    "tekort.publications.table_views",
)


def loaded_after(code: str) -> list[str]:
    """Which of ``HEAVY`` a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "tekort.conf.test"}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_statistics_vocabulary_comes_without_the_estimator():
    """Every process imports ``tekort_stats.shortage_cells`` (the apps' shared vocabulary);
    the package's entry point, with pandas and SciPy, is imported when it is asked for."""
    assert loaded_after("import tekort_stats.shortage_cells") == []
    asked = loaded_after("import tekort_stats; tekort_stats.estimate_round")
    assert asked == ["pandas", "scipy", "tekort_stats.estimate"]


def test_setting_django_up_loads_no_statistics_library():
    assert loaded_after("import django; django.setup()") == []


def test_the_web_application_loads_every_view_before_the_workers_fork():
    assert loaded_after("import tekort.wsgi") == sorted(HEAVY)
