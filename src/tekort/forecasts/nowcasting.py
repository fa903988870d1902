"""The nowcast: the forecast from the previous October round blended with the rounds since.

The *origin* is the latest October round before the latest round with registrations (if the
latest round is a February round, the October round just before it; if it is an October
round, the October round a year earlier). Its baseline forecast (the same seed as the
scenario page) is blended by the core's ``nowcast`` (methods §4.7, Kalman filter on the rate in
pp) with every later round that has an estimate run: its rate and SE² (pp²) from the
estimate cells; February rounds go in as February rounds and the core subtracts the sector's
February effect. The filter starts from the origin's measured rate with P0 = the origin
estimate's SE² (the vintage's ``kalman_p0`` when the origin has only the naive estimate).
Rounds without an estimate run have no standard error and are not used (listed as such).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort.forecasts import estimated_base
from tekort.forecasts.base_year import BaseTable, cached_base_table, measured_from_estimates
from tekort.forecasts.comparison import DRAWS, YEARS, seed_for
from tekort.submissions.models import Round
from tekort_forecast import Parameters, run_forecast
from tekort_forecast.nowcast import nowcast

SHOWN_YEARS = 6  # origin year and five years ahead
Z95 = estimated_base.Z95


@dataclass(frozen=True)
class Observation:
    peildatum: str
    month: int
    model_year: int
    rate_pct: float
    se2: float
    published: bool


@dataclass(frozen=True)
class Nowcast:
    origin: BaseTable
    region: str
    sector: str
    observations: list[Observation]
    skipped: list[str]  # peildatums of later rounds without an estimate run
    core: pd.DataFrame  # the core's nowcast output (all years)
    forecast_q025: list[float]
    forecast_q975: list[float]
    published: bool

    def rows(self) -> list[dict]:
        rows = []
        for i, rec in enumerate(self.core.head(SHOWN_YEARS).itertuples(index=False)):
            half = Z95 * math.sqrt(rec.variance_pp2)
            measured = [o for o in self.observations if o.model_year == rec.year]
            rows.append(
                {
                    "year": int(rec.year),
                    "forecast_pct": float(rec.forecast_pct),
                    "forecast_ci95_pct": [self.forecast_q025[i], self.forecast_q975[i]],
                    "measurements": [
                        {
                            "peildatum": o.peildatum,
                            "month": o.month,
                            "rate_pct": o.rate_pct,
                            "ci95_pct": [
                                o.rate_pct - Z95 * math.sqrt(o.se2),
                                o.rate_pct + Z95 * math.sqrt(o.se2),
                            ],
                        }
                        for o in measured
                    ]
                    if self.published
                    else None,
                    "nowcast_pct": float(rec.nowcast_pct) if self.published else None,
                    "nowcast_ci95_pct": [rec.nowcast_pct - half, rec.nowcast_pct + half]
                    if self.published
                    else None,
                    "rounds": int(rec.rounds),
                }
            )
        return rows


def origin_round() -> Round | None:
    rounds = Round.objects.filter(registrations__isnull=False).distinct().order_by("peildatum")
    latest = rounds.last()
    if latest is None:
        return None
    october = rounds.filter(peildatum__month=10)
    return october.filter(peildatum__lt=latest.peildatum).last() or october.last()


def _observations(origin: Round, region: str, sector: str):
    observations, skipped = [], []
    later = (
        Round.objects.filter(registrations__isnull=False, peildatum__gt=origin.peildatum)
        .filter(peildatum__month__in=(2, 10))
        .distinct()
        .order_by("peildatum")
    )
    for round_ in later:
        run = estimated_base.estimate_run(round_)
        if run is None:
            skipped.append(round_.peildatum.isoformat())
            continue
        cell = measured_from_estimates(run).get((region, sector))
        if cell is None or not cell.formatie > 0 or cell.se_rate is None:
            continue
        month = round_.peildatum.month
        observations.append(
            Observation(
                peildatum=round_.peildatum.isoformat(),
                month=month,
                model_year=round_.peildatum.year - (1 if month == 2 else 0),
                rate_pct=100.0 * cell.rate,
                se2=(100.0 * cell.se_rate) ** 2,
                published=cell.published,
            )
        )
    return observations, skipped


def rounds_frame(region: str, sector: str, observations: list[Observation]) -> pd.DataFrame:
    """The core's ``rounds`` table (calendar year and month of each round)."""
    return pd.DataFrame(
        [
            {
                "region": region,
                "sector": sector,
                "year": int(o.peildatum[:4]),
                "month": o.month,
                "rate_pct": o.rate_pct,
                "se2": o.se2,
            }
            for o in observations
        ],
        columns=["region", "sector", "year", "month", "rate_pct", "se2"],
    )


def build_nowcast(origin: Round, params: Parameters, region: str, sector: str) -> Nowcast:
    table = cached_base_table(origin, params)
    cell = table.cell(region, sector)
    if cell is None:
        raise KeyError((region, sector))
    rng = np.random.default_rng(seed_for(table, region, sector))
    result = run_forecast(
        table.base_year(region, sector, YEARS), params, years=YEARS, draws=DRAWS, rng=rng
    )
    observations, skipped = _observations(origin, region, sector)
    p0 = (100.0 * cell.se_rate) ** 2 if cell.se_rate else None
    core = nowcast(result, rounds_frame(region, sector, observations), params, p0=p0)
    quantiles = 100.0 * result.rate_quantiles[0, 0]
    return Nowcast(
        origin=table,
        region=region,
        sector=sector,
        observations=observations,
        skipped=skipped,
        core=core,
        forecast_q025=quantiles[:, 0].tolist(),
        forecast_q975=quantiles[:, -1].tolist(),
        published=cell.published and all(o.published for o in observations),
    )
