"""What the home page tells first: the latest release's shortage of teachers, and its change.

Everything comes from :mod:`tekort.publications.public_figures` (the one road): the national
cell and the sector cells of the latest current release, as published (rounded, with their
symbols and 95% intervals), and the same cells of the current release of the same peildatum a
year earlier, where one is published. po and vo as a whole are the release's estimated cells of
the po / vo groups (po = bao + sbo + (v)so, as the ministry publishes it). Nothing is estimated
here: where a release has no figure for po or vo as a whole (releases published before po was
estimated), the page says so and shows the sector figures the release has.
The change is the difference of the two published percentages, in percentage points.
"""

from __future__ import annotations

import datetime

from tekort.publications import public_figures, vocabulary
from tekort.publications.headline import release_meta
from tekort_stats.rounding import round_half_up

BREAKDOWNS = ("national", "sector", "sector_group", "school_type")
# po and vo in the published vocabulary: the total of each (sector_group; a release published
# before po was estimated has vo's as its sector "vo" and none for po), and the parts shown beside
# it: the letters' bao / sbo / (v)so (school_type), or for an older release its sectors.
GROUPS = {
    "po": {
        "totals": ("sector_group=po",),
        "sectors": (
            ("school_type=bao", "school_type=sbo", "school_type=(v)so"),
            ("sector=bao", "sector=sbo", "sector=so"),
        ),
    },
    "vo": {"totals": ("sector_group=vo", "sector=vo"), "sectors": (("sector=vo",),)},
}
SPECIAL = ("sector=vso", "sector=(v)so")  # an older release's special-education sectors


def year_earlier(peildatum: datetime.date) -> datetime.date:
    """The same peildatum a year earlier (29 February falls back to the 28th)."""
    try:
        return peildatum.replace(year=peildatum.year - 1)
    except ValueError:
        return peildatum.replace(year=peildatum.year - 1, day=28)


def _release_of(peildatum: datetime.date):
    for release in public_figures.current_releases():
        if release.round.peildatum == peildatum:
            return release
    return None


def _with_change(cell: dict, earlier: dict | None) -> dict:
    before = earlier.get("percentage") if earlier else None
    now = cell.get("percentage")
    change = round_half_up(now - before, 1) if before is not None and now is not None else None
    return {**cell, "percentage_year_earlier": before, "change_points": change}


def home_figures() -> dict:
    """The home page's figures (also its JSON): the latest release, po and vo, the change."""
    release = public_figures.latest_release()
    if release is None:
        return {"release": None}
    cells = {c["domain"]: c for c in public_figures.published_cells(release, BREAKDOWNS)}
    earlier_date = year_earlier(release.round.peildatum)
    earlier_release = _release_of(earlier_date)
    earlier = (
        {c["domain"]: c for c in public_figures.published_cells(earlier_release, BREAKDOWNS)}
        if earlier_release is not None
        else {}
    )

    def figure(domain: str) -> dict | None:
        cell = cells.get(domain)
        return _with_change(cell, earlier.get(domain)) if cell is not None else None

    groups = {}
    for name, group in GROUPS.items():
        total = next((f for d in group["totals"] if (f := figure(d)) is not None), None)
        parts = next((p for p in group["sectors"] if any(d in cells for d in p)), ())
        groups[name] = {
            "has_total": total is not None,
            "total": total,
            "sectors": [f for d in parts if (f := figure(d)) is not None]
            if total is None or len(parts) > 1
            else [],
        }
    letters_vso = "school_type=(v)so" in cells
    return {
        "release": release_meta(release),
        "national": figure("national"),
        "po": groups["po"],
        "vo": groups["vo"],
        "special": [] if letters_vso else [f for d in SPECIAL if (f := figure(d)) is not None],
        "year_earlier": {
            "peildatum": earlier_date.isoformat(),
            "release": earlier_release.slug if earlier_release is not None else None,
        },
        "symbols": {code: str(text) for code, text in vocabulary.SYMBOLS.items()},
    }
