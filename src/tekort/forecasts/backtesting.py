"""Back-test: forecasts made from earlier October rounds against what later rounds measured.

Uses the core's ``backtest``; the origins and the "measured" values are the current releases
of the October rounds (the one road: only published figures, as published; a withheld cell is
neither an origin nor a measurement). Demo releases are labelled as such on the page. Every origin uses today's vintage,
not the one that would have existed then, and February rounds are left out (seasonality).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tekort.forecasts.base_year import cached_base_table, october_releases
from tekort.forecasts.comparison import YEARS, seed_for
from tekort_forecast import Parameters, run_forecast
from tekort_forecast.backtest import backtest, summarise_backtest

BACKTEST_DRAWS = 500


def run_backtest(params: Parameters, region: str) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """(paired rows, summary per horizon, whether any round is demo data) for one region."""
    tables = [cached_base_table(r, params) for r in october_releases()]
    measured = pd.DataFrame(
        [
            {
                "region": region,
                "sector": s,
                "year": t.year,
                "shortage_fte": t.cell(region, s).shortage,
            }
            for t in tables
            for s in t.usable_sectors(region)
        ],
        columns=["region", "sector", "year", "shortage_fte"],
    )
    forecasts = []
    for table in tables[:-1]:
        for sector in table.usable_sectors(region):
            rng = np.random.default_rng(seed_for(table, region, sector))
            base = table.base_year(region, sector, YEARS)
            forecasts.append(run_forecast(base, params, years=YEARS, draws=BACKTEST_DRAWS, rng=rng))
    demo = any(t.is_demo for t in tables)
    if not forecasts:
        return pd.DataFrame(), pd.DataFrame(), demo
    paired = backtest(forecasts, measured)
    summary = summarise_backtest(paired) if len(paired) else pd.DataFrame()
    return paired, summary, demo
