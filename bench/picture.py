"""Bench: the figures issue 23 asks for, from the latest published release of the database
``make run`` / ``make setup`` built (var/tekort.sqlite3, or DATABASE_URL).

* po and vo (teachers): rate, 95 % interval, response, quality class (``/cijfers.json``'s
  ``po_vo``);
* the national vo formatie the release implies (vo shortage FTE ÷ rate) against the official
  total the test of the vo frame uses (``estimates/tests/test_vo_frame.py``);
* the correlation of the release's per-region rates with the published Oct 2023 ones
  (``/gepubliceerde-metingen.json``);
* the seasonal (February − October) effect from the rounds, with its interval
  (``/raming/nowcast.json``).

The share of onderwijsregio × {po, vo} cells with a value is ``bench/region_cells.py``'s.
Nothing is stored. Run:  .venv/bin/python bench/picture.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.test import Client

    from tekort.estimates.tests.cells import teachers_shortage
    from tekort.estimates.tests.test_vo_frame import (
        BAND,
        OFFICIAL_VO_TEACHER_FTE_2019,
        VO_SHORTAGE_SHARE,
    )
    from tekort.publications import public_figures

    release = public_figures.latest_release()
    if release is None:
        sys.exit("no published release: run `make run` or `make setup` first")
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"release {release.slug} (peildatum {release.round.peildatum:%d-%m-%Y})")
    for cell in client.get("/cijfers.json").json()["po_vo"]["teachers"]:
        print(
            f"  {cell['domain']}: {cell['percentage']} % ({cell['ci_low']}–{cell['ci_high']}), "
            f"response {cell['response_rate']} % ({cell['response_rate_formatie']} % by "
            f"formatie), class {cell['quality_class']}"
        )
    vo = teachers_shortage(release.cells, "sector", "sector=vo", is_model_based=False)
    official = OFFICIAL_VO_TEACHER_FTE_2019 / (1 - VO_SHORTAGE_SHARE)
    implied = vo.fte / vo.rate
    print(
        f"  implied vo formatie {implied:,.0f} fte against the official {official:,.0f} "
        f"({implied / official - 1:+.1%}; band ±{BAND:.0%})"
    )
    for group, c in client.get("/gepubliceerde-metingen.json").json()["correlation"].items():
        print(
            f"  correlation with the published per-region rates, {group}: r = {c['r']} "
            f"({c['n']} regions)"
        )
    season = client.get("/raming/nowcast.json").json()["february_effect_pp"]
    low, high = season["ci95"]
    print(
        f"seasonal effect (February − October): {season['estimate']:+.2f} pp "
        f"(SE {season['se']:.2f}; 95 % {low:+.2f} to {high:+.2f}), "
        f"{season['differences']} differences, from {season['source']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
