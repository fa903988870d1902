"""Bench: hostile board files through the upload reader (tekort.submissions.upload.reading).

A dimension bomb (a tiny XLSX whose sheet declares A1:XFD1048576, 16,384 x 1,048,576 cells) and a
zip bomb (a sheet part that unpacks to 300 MB) must be refused fast and in little memory, with a
Dutch reason. Prints the time and the peak of traced memory per file.

Run:  .venv/bin/python bench/hostile_upload.py
Target: each file refused in <= 1 s; the last line is the figure; exit 1 if missed.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

TARGET_SECONDS = 1.0
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.test")


def measure(name: str, content: bytes) -> float:
    from tekort.submissions.upload import reading

    tracemalloc.start()
    started = time.perf_counter()
    try:
        table = reading.read(content, "bestuur.xlsx")
        outcome = f"accepted, {len(table.rows)} row(s) with data"
    except reading.Unreadable as exc:
        outcome = f"refused: {exc.errors[0].reason}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{name}: {len(content) / 1024:.1f} KB, {seconds:.3f} s, peak {peak / 2**20:.1f} MB, {outcome}"
    )
    return seconds


def main() -> int:
    import django

    django.setup()
    from django.utils import translation

    translation.activate("nl")
    from tekort.submissions.tests.hostile_files import dimension_bomb, zip_bomb

    worst = max(
        measure("dimension bomb (far cell in column XFD)", dimension_bomb()),
        measure("dimension bomb (far cell in column B)", dimension_bomb(b"B")),
        measure("zip bomb", zip_bomb()),
    )
    print(f"slowest hostile file refused in {worst:.3f} s (target {TARGET_SECONDS} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
