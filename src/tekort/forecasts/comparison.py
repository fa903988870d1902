"""Baseline against scenario for one region × sector: runs the core twice with one seed.

The seed depends only on the round, region and sector, so that every URL reproduces its
numbers exactly and baseline and scenario share their Monte Carlo draws (a paired
comparison: a zero-lever scenario equals the baseline bit for bit).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort.forecasts.base_year import BaseTable
from tekort_forecast import ForecastResult, Parameters, Scenario, run_forecast

YEARS = 15  # projection years after the base year
DRAWS = 1_000  # Monte Carlo draws per run (a page render stays well below 100 ms)
BANDS = {"q025": 0, "q100": 1, "q500": 2, "q900": 3, "q975": 4}


def seed_for(table: BaseTable, region: str, sector: str) -> int:
    text = f"{table.round_id}|{table.vintage}|{region}|{sector}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Comparison:
    table: BaseTable
    region: str
    sector: str
    scenario: Scenario
    seed: int
    draws: int
    baseline: ForecastResult
    result: ForecastResult

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.baseline.years]

    def series(self, which: str) -> dict[str, list[float]]:
        """Central values and shortage quantiles per year (region × sector 0, 0)."""
        run = self.baseline if which == "baseline" else self.result
        out = {
            "demand_fte": run.demand[0, 0].tolist(),
            "supply_fte": run.supply[0, 0].tolist(),
            "shortage_fte": run.shortage[0, 0].tolist(),
            "shortage_rate": run.rate[0, 0].tolist(),
        }
        for name, i in BANDS.items():
            out[f"shortage_fte_{name}"] = run.shortage_quantiles[0, 0, :, i].tolist()
        return out

    def rows(self) -> list[dict]:
        """One row per year for the page's table."""
        base, scen = self.series("baseline"), self.series("scenario")
        return [
            {
                "year": year,
                "measured": i == 0,
                "baseline": {key: values[i] for key, values in base.items()},
                "scenario": {key: values[i] for key, values in scen.items()},
                "difference": scen["shortage_fte"][i] - base["shortage_fte"][i],
                "scenario_rate_pct": scen["shortage_rate"][i] * 100,
            }
            for i, year in enumerate(self.years)
        ]

    def frame(self) -> pd.DataFrame:
        """The long table of both runs (the core's ``to_frame``) with a ``variant`` column."""
        frames = [
            run.to_frame().assign(variant=name)
            for name, run in (("baseline", self.baseline), ("scenario", self.result))
        ]
        frame = pd.concat(frames, ignore_index=True)
        first = ["variant", "region", "sector", "year", "flag"]
        return frame[first + [c for c in frame.columns if c not in first]]


def compare(
    table: BaseTable,
    params: Parameters,
    region: str,
    sector: str,
    scenario: Scenario,
    *,
    draws: int = DRAWS,
    borrowed: bool = False,
) -> Comparison:
    base = table.base_year(region, sector, YEARS, borrowed=borrowed)
    seed = seed_for(table, region, sector)

    def run(s: Scenario) -> ForecastResult:
        rng = np.random.default_rng(seed)
        return run_forecast(base, params, s, years=YEARS, draws=draws, rng=rng)

    return Comparison(
        table=table,
        region=region,
        sector=sector,
        scenario=scenario,
        seed=seed,
        draws=draws,
        baseline=run(Scenario()),
        result=run(scenario),
    )
