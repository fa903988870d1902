"""Bench: how many onderwijsregio × {po, vo} cells carry a value (issue 23's target: >= 90 % in
the demo's latest round).

Computes the estimates of the demo's two latest rounds with the current method, each as the
first release of its round (earlier releases, which a revision must respect, would keep their
pattern), on the database ``make run`` / ``make setup`` built (var/tekort.sqlite3, or
DATABASE_URL). Nothing is stored. Per round it prints, for the teachers' shortage:

* onderwijsregio × {po, vo}: direct rates shown (classes A and E), rates too uncertain to show
  (class F) that the Fay–Herriot model fills (marked e, methods.md §2.6), class F without a
  shown model rate, and the cells withheld by the primary rules (R1, R2) and as complements;
* the onderwijsregio all-sector totals withheld, and every teachers' shortage cell withheld as a
  complement (secondary suppression).

Run:  .venv/bin/python bench/region_cells.py
The last line is the latest round's share; exit 1 if it is below the target.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.90
AREAS = "onderwijsregio:sector_group"


def figures(round_) -> dict:
    from tekort.estimates import run

    # as the round's first release: compute() would otherwise read the stored releases' cells
    run.earlier_versions = lambda _round: []
    _frame, _responses, _digest, results, _coping, _subjects = run.compute(
        round_, seed=run.DEFAULT_SEED, n_bootstrap=0
    )
    cells = results[0].cells
    teachers = cells[(cells.function == "leraar") & (cells.measure == "tekort")]
    areas = teachers[teachers.breakdown == AREAS].set_index("domain")
    sae = results[0].small_area
    model = sae[(sae.function == "leraar") & (sae.breakdown == AREAS)].set_index("domain")
    published = areas.disclosure_status == "published"
    uncertain = published & (areas.quality_class == "F")
    model_shown = model.reindex(areas.index).disclosure_status == "published"
    out = {
        "cells": len(areas),
        "direct": int((published & ~uncertain).sum()),
        "model": int((uncertain & model_shown).sum()),
        "uncertain": int((uncertain & ~model_shown).sum()),
        "primary": int((areas.disclosure_status == "primary_suppressed").sum()),
        "secondary": int((areas.disclosure_status == "secondary_suppressed").sum()),
    }
    totals = teachers[teachers.breakdown == "onderwijsregio"]
    out["totals_withheld"] = (
        f"{int((totals.disclosure_status != 'published').sum())} of {len(totals)}"
    )
    out["complements"] = int((teachers.disclosure_status == "secondary_suppressed").sum())
    return out


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from tekort.submissions.models import Round

    rounds = list(
        Round.objects.filter(registrations__isnull=False).distinct().order_by("-peildatum")[:2]
    )
    if not rounds:
        sys.exit("no round with registrations: run `make run` or `make setup` first")
    share = 0.0
    for round_ in reversed(rounds):
        f = figures(round_)
        share = (f["direct"] + f["model"]) / f["cells"]
        print(
            f"peildatum {round_.peildatum:%d-%m-%Y}: onderwijsregio × po/vo {f['cells']} cells: "
            f"{f['direct']} direct, {f['model']} model-based (class F filled), "
            f"{f['uncertain']} class F without a model rate, {f['primary']} primary, "
            f"{f['secondary']} complements; region totals withheld {f['totals_withheld']}; "
            f"teachers' shortage cells withheld as complements {f['complements']}"
        )
    ok = share >= TARGET
    print(
        f"latest round: {share:.1%} of onderwijsregio × {{po, vo}} cells carry a value "
        f"(target >= {TARGET:.0%}): {'OK' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
