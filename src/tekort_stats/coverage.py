"""Do the published intervals cover? A seeded simulation with a known truth (methods.md §2.4).

A synthetic population shaped like the real register (about 8,600 locations, a few hundred
municipalities of very unequal size, sbo and (v)so thin, the G5 about a tenth) is estimated round
after round with the production entry point ``estimate_round``. Each round draws which locations
respond with a propensity that depends on sector, schoolweging band, labour-market region and G5
(missing at random *within* strata, which are built from exactly those). For every cell the
question is whether its 95 % interval contains the census ratio of the domain.

Coverage is reported by *domain type* (the breakdown; municipalities also by their number of
respondents) over all cells and over the cells that would be **published** with an interval:
quality class A or E (§2.6) and the R1 threshold of disclosure control (§3.3; the p % rule
decides only whether a cell is suppressed, not how wide its interval is, and is left out to keep
the simulation fast). Used by ``tests/test_coverage.py`` (a short run) and ``bench/coverage.py``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from tekort_stats import disclosure
from tekort_stats.domains import partition
from tekort_stats.estimate import Settings, estimate_round
from tekort_stats.frame import COMPONENTS, prepare_frame
from tekort_stats.synthetic import synthetic_frame, synthetic_population

N_LOCATIONS = 8630  # the register's po + vo locations
FUNCTION = "leraar"
MEASURE = "tekort"
BREAKDOWNS = (
    "sector",
    "g5",
    "schoolweging_band",
    "labour_market_region",
    "onderwijsregio",
    "province",
    "municipality_code",
    "sector:g5",
)
# domain types: one per breakdown; the national cell and the one-way breakdowns with a handful of
# large cells are pooled (a few cells per round say little about coverage on their own)
DOMAIN_TYPE = {
    "national": "national, sector, g5, band",
    "sector": "national, sector, g5, band",
    "g5": "national, sector, g5, band",
    "schoolweging_band": "national, sector, g5, band",
    "labour_market_region": "labour_market_region",
    "onderwijsregio": "onderwijsregio",
    "province": "province",
    "municipality_code": "municipality",
    "sector:g5": "sector:g5",
}
RESPONDENT_BANDS = ((1, 9), (10, 19), (20, 49), (50, None))


def population(seed: int = 2026) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fixed frame and the census (every location's true figures) for teachers."""
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(N_LOCATIONS, rng)
    census = synthetic_population(frame, rng, functions=(FUNCTION,))
    return frame, census


def response_propensity(frame: pd.DataFrame, seed: int = 7) -> np.ndarray:
    """Per location, its probability to respond: by sector, band, region and G5 (0.3 to 0.95)."""
    rng = np.random.default_rng(seed)
    logit = np.full(len(frame), 0.2)
    logit += frame["sector"].map({"bao": 0.2, "sbo": -0.4, "so": -0.6, "vo": -0.3}).to_numpy()
    band = frame["schoolweging_band"].astype(object).fillna("none").to_numpy()
    logit += np.select([band == "high", band == "low"], [-0.5, 0.3], 0.0)
    regions = np.unique(frame["labour_market_region"])
    effect = dict(zip(regions, rng.normal(0.0, 0.5, regions.size), strict=True))
    logit += frame["labour_market_region"].map(effect).to_numpy()
    logit += np.where(frame["g5"].to_numpy(), 1.5, 0.0)  # mandatory in the G5, still not all
    return np.clip(1.0 / (1.0 + np.exp(-logit)), 0.3, 0.95)


def truth(frame: pd.DataFrame, census: pd.DataFrame, breakdown: str) -> pd.Series:
    """The census ratio of every domain of a breakdown, keyed like the cells' ``domain``."""
    fr = prepare_frame(frame)
    cen = census.set_index("location_id").loc[fr["location_id"]]
    part = partition(fr, breakdown)
    y = cen[list(COMPONENTS)].sum(axis=1).to_numpy()
    f = cen["formatie_fte"].to_numpy()
    k = len(part.keys)
    ratio = np.bincount(part.code, weights=y, minlength=k) / np.bincount(
        part.code, weights=f, minlength=k
    )
    return pd.Series(ratio, index=part.keys)


def simulate(
    n_rounds: int,
    seed: int = 2026,
    settings: Settings | None = None,
    breakdowns=BREAKDOWNS,
) -> pd.DataFrame:
    """One row per round x cell (teachers, measure ``tekort``): whether its interval covers."""
    settings = replace(settings or Settings(), disclosure_control=False)
    frame, census = population(seed)
    p = response_propensity(frame)
    truths = {b: truth(frame, census, b) for b in ("national", *breakdowns)}
    rng = np.random.default_rng(seed + 1)
    ids = frame["location_id"].to_numpy()
    rows = []
    for r in range(n_rounds):
        responding = ids[rng.random(len(frame)) < p]
        responses = census[census["location_id"].isin(responding)]
        res = estimate_round(
            frame, responses, list(breakdowns), rng=rng, n_bootstrap=0, settings=settings
        )
        c = res.cells
        c = c[(c["function"] == FUNCTION) & (c["measure"] == MEASURE)]
        true = np.concatenate(
            [
                truths[str(b)].reindex(c.loc[c["breakdown"] == b, "domain"].astype(str)).to_numpy()
                for b in c["breakdown"].cat.categories
                if (c["breakdown"] == b).any()
            ]
        )
        c = pd.concat([c[c["breakdown"] == b] for b in c["breakdown"].cat.categories])
        published = c["quality_class"].astype(str).isin(
            ["A", "E"]
        ).to_numpy() & ~disclosure.threshold_sensitive(
            c["n_responding"].to_numpy(),
            c["n_boards_responding"].to_numpy(),
            settings.min_locations,
            settings.min_boards,
        )
        lo, hi = c["ci_low"].to_numpy(), c["ci_high"].to_numpy()
        rows.append(
            pd.DataFrame(
                {
                    "round": r,
                    "breakdown": c["breakdown"].astype(str).to_numpy(),
                    "domain": c["domain"].astype(str).to_numpy(),
                    "n_responding": c["n_responding"].to_numpy(),
                    "quality_class": c["quality_class"].astype(str).to_numpy(),
                    "published": published,
                    "estimated": np.isfinite(lo) & np.isfinite(hi),
                    "covered": (lo <= true) & (true <= hi),
                    "se_rate": c["se_rate"].to_numpy(),
                    "error": c["rate"].to_numpy() - true,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _respondent_band(n: np.ndarray) -> np.ndarray:
    out = np.full(n.shape, "", dtype=object)
    for lo, hi in RESPONDENT_BANDS:
        sel = (n >= lo) & (n <= (hi if hi is not None else np.inf))
        out[sel] = f"{lo}-{hi}" if hi is not None else f"{lo}+"
    return out


def coverage_table(sim: pd.DataFrame) -> pd.DataFrame:
    """Coverage by domain type (and municipality by respondents): all cells with an interval,
    and the published cells only. ``se_ratio`` = mean SE / empirical spread of the errors."""
    sim = sim.assign(domain_type=sim["breakdown"].map(DOMAIN_TYPE))
    mun = sim[sim["breakdown"] == "municipality_code"]
    mun = mun.assign(
        domain_type="municipality, " + _respondent_band(mun["n_responding"].to_numpy())
    )
    both = pd.concat([sim, mun[mun["n_responding"] > 0]], ignore_index=True)
    out = []
    for name, g in both.groupby("domain_type", sort=False):
        est = g[g["estimated"]]
        pub = g[g["published"] & g["estimated"]]
        spread = pub.groupby("domain")["error"].std(ddof=1)
        se = pub.groupby("domain")["se_rate"].mean()
        ratio = (se / spread).replace([np.inf, -np.inf], np.nan).dropna()
        out.append(
            {
                "domain_type": name,
                "cells": len(g),
                "with_interval": len(est),
                "coverage_all": est["covered"].mean() if len(est) else np.nan,
                "published": len(pub),
                "coverage_published": pub["covered"].mean() if len(pub) else np.nan,
                "se_ratio": float(ratio.median()) if len(ratio) else np.nan,
            }
        )
    return pd.DataFrame(out)
