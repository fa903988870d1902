"""Reality beside tekort: OCW's and Centerdata's published measurements next to tekort's release.

The published figures come from the reference data (:mod:`tekort.registry.published_measurements`)
as published, each with its source; tekort's figures come only through the one road
(:mod:`tekort.publications.public_figures`): the latest current release's cells for the same
units, as published (rounded, with symbols). The two are never merged: a reader sees which is
which, and a demo release says it is a demo.

For the arbeidsmarktregio's the published table (Oct 2023) splits the G5 cities off their
regions; tekort's region cells include the city. A region compares like for like when it has no
G5 city and the release has its po or vo cell (breakdown ``sector_group:labour_market_region``);
only those enter the correlation. Otherwise the all-sector region cell is shown, marked.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict

from tekort.publications import public_figures
from tekort.publications.headline import release_meta
from tekort.registry.published_measurements import (
    Measurement,
    g5_cities,
    national,
    per_labour_market_region,
)

# tekort's cell for a published national figure (sector as published -> domain)
NATIONAL_DOMAINS = {
    ("po", "Nederland"): ("sector_group", "sector_group=po"),
    ("vo", "Nederland"): ("sector_group", "sector_group=vo"),
    ("bao", "Nederland"): ("school_type", "school_type=bao"),
    ("sbo", "Nederland"): ("school_type", "school_type=sbo"),
    ("(v)so", "Nederland"): ("school_type", "school_type=(v)so"),
}
BREAKDOWNS = (
    "sector_group",
    "school_type",
    "sector_group:labour_market_region",
    "labour_market_region",
    "municipality_code",
)


def _published(measurement: Measurement) -> dict:
    """The figure as published; ``publisher_name`` is the publisher without the file's
    (English) note on whom it cites, for the page: the link leads to the source itself."""
    return {
        **{
            key: value
            for key, value in asdict(measurement).items()
            if key not in ("note",) or value  # keep the note only where there is one
        },
        "publisher_name": measurement.publisher.split(" (")[0].strip(),
    }


def _tekort_cells(release) -> dict[str, dict]:
    if release is None:
        return {}
    return {c["domain"]: c for c in public_figures.published_cells(release, BREAKDOWNS)}


def _figure(cell: dict | None) -> dict | None:
    if cell is None:
        return None
    keys = ("percentage", "ci_low", "ci_high", "quality_class", "symbol", "n_responding")
    return {key: cell.get(key) for key in keys}


def correlation(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r of the pairs (None with fewer than three, or without spread)."""
    if len(pairs) < 3:
        return None
    xs, ys = zip(*pairs, strict=True)
    try:
        return round(statistics.correlation(xs, ys), 2)
    except statistics.StatisticsError:
        return None


def comparison() -> dict:
    """The page's data (also its JSON and CSV): published figures, tekort's beside them."""
    release = public_figures.latest_release()
    cells = _tekort_cells(release)
    national_rows = []
    for m in national():
        row = {"published": _published(m), "tekort": None}
        if m.group == "leraren" and m.measure == "pct":
            breakdown_domain = NATIONAL_DOMAINS.get((m.sector, m.area))
            if breakdown_domain:
                row["tekort"] = _figure(cells.get(breakdown_domain[1]))
        national_rows.append(row)
    region_rows, correlations = [], {}
    for sector in ("po", "vo"):
        pairs = []
        for m in per_labour_market_region():
            if m.sector != sector:
                continue
            if m.area_code.startswith("GM"):
                cell, scope = cells.get(f"municipality_code={m.area_code}"), "all"
            else:
                # the region's po or vo cell where the release has one, else all sectors
                cell = cells.get(f"sector_group={sector}|labour_market_region={m.area_code}")
                scope = sector
                if cell is None:
                    cell, scope = cells.get(f"labour_market_region={m.area_code}"), "all"
            figure = _figure(cell)
            if figure is not None:
                figure["scope"] = scope
            like_for_like = (
                m.area_code.startswith("AM") and "zonder G5" not in m.area and scope == sector
            )
            if figure and figure["percentage"] is not None and like_for_like:
                pairs.append((m.value, float(figure["percentage"])))
            region_rows.append(
                {"published": _published(m), "tekort": figure, "like_for_like": like_for_like}
            )
        correlations[sector] = {"n": len(pairs), "r": correlation(pairs)}
    return {
        "release": release_meta(release) if release is not None else None,
        "is_demo": bool(release is not None and release.round.is_demo),
        "national": national_rows,
        "g5_cities": [_published(m) for m in g5_cities()],
        "labour_market_regions": region_rows,
        "correlation": correlations,
    }
