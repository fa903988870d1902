"""Bench: do the 95 % intervals cover? Coverage by domain type, method 1.0.0 and the current one.

The full run of the simulation in ``tekort_stats.coverage`` (the test runs 40 rounds): a synthetic
frame shaped like the register (8,630 locations, 322 municipalities of very unequal size), response
depending on sector, schoolweging band, labour-market region and G5, the production entry point
``estimate_round`` per round. "before" is method 1.0.0 (``Settings(small_domain_intervals=False)``:
no variance floor, no leverage adjustment, the round's n - H degrees of freedom for every domain);
"after" is the current method. Published = quality class A or E and the R1 threshold.

Run:  .venv/bin/python bench/coverage.py [rounds]      (default 200 rounds, a few minutes)
Target: every domain type's published cells cover >= 93 %; the last line is the figure; exit 1
if missed.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from tekort_stats import Settings
from tekort_stats.coverage import coverage_table, simulate

TARGET = 0.93


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    pd.set_option("display.width", 200)
    tables = {}
    for name, settings in (
        ("before (method 1.0.0)", Settings(small_domain_intervals=False)),
        ("after", Settings()),
    ):
        t0 = time.perf_counter()
        table = coverage_table(simulate(rounds, settings=settings))
        tables[name] = table.set_index("domain_type")
        print(f"\n{name}: {rounds} rounds in {time.perf_counter() - t0:.0f} s")
        print(table.round(3).to_string(index=False))
    after = tables["after"]
    judged = after[after["published"] >= 100]
    worst = judged["coverage_published"].min()
    ok = worst >= TARGET
    before = tables["before (method 1.0.0)"]
    print(
        f"\nlowest coverage of published cells by domain type: before "
        f"{before.loc[judged.index, 'coverage_published'].min():.3f}, after {worst:.3f} "
        f"(target >= {TARGET}): {'OK' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
