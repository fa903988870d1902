"""Bench: a full 0.2–1.2 FTE curve in 100 steps must take ≤ 20 ms (median of several runs).

Run: .venv/bin/python bench/calculator.py
Prints the median in ms on its last line; exits non-zero when the target is missed.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tekort_calc import curve, preset  # noqa: E402

TARGET_MS = 20.0
RUNS = 15


def main() -> int:
    # the heaviest preset: partner, two children in childcare, every toeslag
    household = preset("stel_jonge_kinderen", "0.6")
    curve(household, 2026)  # warm-up: parameter files are read and cached once
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        curve(household, 2026, "0.2", "1.2", 100)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    ok = median <= TARGET_MS
    print(f"runs={RUNS} min={min(times):.2f} ms max={max(times):.2f} ms target={TARGET_MS} ms")
    print(f"calculator curve 100 steps median {median:.2f} ms {'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
