"""The nowcast: the forecast from the previous October release blended with the releases since.

Only published releases enter (the one road, :mod:`tekort.publications.public_figures`). The
*origin* is the current release of the latest October round before the latest published round
(if the latest release is of a February round, the October round just before it; if it is of an
October round, the October round a year earlier), else the latest October release. Its baseline
forecast (the same seed as the scenario page) is blended by the core's ``nowcast`` (methods
§4.7, Kalman filter on the rate in pp) with every later release of a February or October round:
its published rate and the SE² (pp²) read back from its published interval; February rounds go
in as February rounds and the core subtracts the February effect, **estimated from the system's
own published rounds** (:func:`seasonal_estimate`: Feb − Oct of the same school year over every
cell both releases show, weighted by formatie, with its interval; its variance is added to the
February round's SE²). With fewer than two such differences the vintage's prior is used, with a
wide SE (``PRIOR_SE_PP``), and the page says so. The filter starts
from the origin's published rate with P0 = its SE². A later release whose cell is withheld
adds nothing (it is listed as such).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tekort.forecasts.base_year import BaseTable, cached_base_table, measured
from tekort.forecasts.comparison import DRAWS, YEARS, seed_for
from tekort.publications import public_figures
from tekort.publications.models import Release
from tekort_forecast import Parameters, run_forecast
from tekort_forecast.nowcast import SeasonalEffect, nowcast, seasonal_effect
from tekort_stats.pooling import z_value

SHOWN_YEARS = 6  # origin year and five years ahead
PRIOR_SE_PP = 2.0  # SE of the vintage's February prior (pp) when the rounds give no estimate
Z95 = z_value(0.95)


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
    skipped: list[str]  # peildatums of later releases whose cell is withheld
    core: pd.DataFrame  # the core's nowcast output (all years)
    forecast_q025: list[float]
    forecast_q975: list[float]
    published: bool
    season: SeasonalEffect | None = None

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


def seasonal_differences() -> tuple[list[float], list[float], list[str]]:
    """Feb − Oct differences (pp) of every cell shown by both releases of a school year, their
    October formatie as weights, and the school years used ("2024/25")."""
    releases = {r.round.peildatum: r for r in public_figures.current_releases()}
    differences, weights, years = [], [], []
    for peildatum, october in sorted(releases.items()):
        if peildatum.month != 10:
            continue
        february = releases.get(date(peildatum.year + 1, 2, 1))
        if february is None:
            continue
        before, after = measured(october), measured(february)
        used = False
        for key, cell in before.items():
            later = after.get(key)
            if not (cell.published and later is not None and later.published):
                continue
            if not cell.formatie or not later.formatie:
                continue
            differences.append(100.0 * (later.rate - cell.rate))
            weights.append(cell.formatie)
            used = True
        if used:
            years.append(f"{peildatum.year}/{str(peildatum.year + 1)[-2:]}")
    return differences, weights, years


def seasonal_estimate(params: Parameters) -> tuple[SeasonalEffect, list[str]]:
    """The February effect from the published rounds, or the vintage's prior (bao) if fewer
    than two differences exist; and the school years it rests on."""
    differences, weights, years = seasonal_differences()
    prior = params.sector("bao").seasonal_feb_pp
    estimate = seasonal_effect(
        np.asarray(differences), weights=np.asarray(weights), prior=prior, prior_se=PRIOR_SE_PP
    )
    return estimate, years


def origin_release() -> Release | None:
    releases = public_figures.current_releases()
    if not releases:
        return None
    latest = releases[-1].round.peildatum
    october = [r for r in releases if r.round.peildatum.month == 10]
    earlier = [r for r in october if r.round.peildatum < latest]
    return earlier[-1] if earlier else (october[-1] if october else None)


def _observations(origin: Release, region: str, sector: str):
    observations, skipped = [], []
    later = [
        r
        for r in public_figures.current_releases()
        if r.round.peildatum > origin.round.peildatum and r.round.peildatum.month in (2, 10)
    ]
    for release in later:
        peildatum = release.round.peildatum
        cell = measured(release).get((region, sector))
        if cell is None or not cell.published or not cell.formatie or cell.se_rate is None:
            skipped.append(peildatum.isoformat())
            continue
        month = peildatum.month
        observations.append(
            Observation(
                peildatum=peildatum.isoformat(),
                month=month,
                model_year=peildatum.year - (1 if month == 2 else 0),
                rate_pct=100.0 * cell.rate,
                se2=(100.0 * cell.se_rate) ** 2,
                published=True,
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


def build_nowcast(origin: Release, params: Parameters, region: str, sector: str) -> Nowcast:
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
    season, _years = seasonal_estimate(params)
    core = nowcast(result, rounds_frame(region, sector, observations), params, p0=p0, season=season)
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
        season=season,
    )
