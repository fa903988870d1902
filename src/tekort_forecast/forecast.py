"""The entry point: :func:`run_forecast` and its :class:`ForecastResult`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from tekort_forecast.base import BaseYear
from tekort_forecast.levers import Scenario
from tekort_forecast.model import Projection, project
from tekort_forecast.montecarlo import central_draws, draw_parameters
from tekort_forecast.parameters import Parameters

__all__ = ["QUANTILE_LEVELS", "ForecastResult", "run_forecast"]

#: median and the 80 % and 95 % bands (methods §4.6)
QUANTILE_LEVELS = (0.025, 0.1, 0.5, 0.9, 0.975)


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """A forecast. Arrays are (region, sector, year[, draw | quantile]); year 0 = base year.

    ``demand``, ``supply``, ``shortage`` (FTE) and ``rate`` are the central run (every
    parameter at its central value). ``shortage_draws`` / ``rate_draws`` hold the Monte Carlo
    draws (None when ``draws=0``); ``shortage_quantiles`` / ``rate_quantiles`` their quantiles
    at :data:`QUANTILE_LEVELS` (None when ``draws=0``).
    """

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    years: np.ndarray  # (T,) calendar years of the peildatum 1 October
    scenario: Scenario
    vintage: str
    assumptions: tuple[str, ...]
    central: Projection
    demand_draws: np.ndarray | None
    supply_draws: np.ndarray | None
    quantile_levels: tuple[float, ...] = QUANTILE_LEVELS

    @property
    def demand(self) -> np.ndarray:
        return self.central.demand[..., 0]

    @property
    def supply(self) -> np.ndarray:
        return self.central.supply[..., 0]

    @property
    def shortage(self) -> np.ndarray:
        return self.central.shortage[..., 0]

    @property
    def rate(self) -> np.ndarray:
        return self.shortage / self.demand

    @cached_property
    def shortage_draws(self) -> np.ndarray | None:
        if self.demand_draws is None:
            return None
        return self.demand_draws - self.supply_draws

    @cached_property
    def rate_draws(self) -> np.ndarray | None:
        if self.demand_draws is None:
            return None
        return 1.0 - self.supply_draws / self.demand_draws

    @cached_property
    def shortage_quantiles(self) -> np.ndarray | None:
        draws = self.shortage_draws
        return None if draws is None else _quantiles(draws, self.quantile_levels)

    @cached_property
    def rate_quantiles(self) -> np.ndarray | None:
        draws = self.rate_draws
        return None if draws is None else _quantiles(draws, self.quantile_levels)

    def to_frame(self) -> pd.DataFrame:
        """One row per region x sector x year: central values, quantiles, scenario id, flag.

        ``flag`` is ``"f"`` for forecast years and empty for the measured base year.
        """
        R, S, T = self.demand.shape
        index = pd.MultiIndex.from_product(
            [self.regions, self.sectors, self.years.tolist()], names=["region", "sector", "year"]
        )
        columns = {
            "demand_fte": self.demand.reshape(-1),
            "supply_fte": self.supply.reshape(-1),
            "shortage_fte": self.shortage.reshape(-1),
            "shortage_rate": self.rate.reshape(-1),
        }
        if self.demand_draws is not None:
            for name, q in (
                ("shortage_fte", self.shortage_quantiles),
                ("shortage_rate", self.rate_quantiles),
            ):
                for i, level in enumerate(self.quantile_levels):
                    columns[f"{name}_q{level * 1000:03.0f}"] = q[..., i].reshape(-1)
        frame = pd.DataFrame(columns, index=index).reset_index()
        frame["flag"] = np.where(frame["year"] > self.years[0], "f", "")
        frame["scenario"] = self.scenario.id
        frame["vintage"] = self.vintage
        return frame


def _quantiles(draws: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """Quantiles over the last axis, numpy's default (linear) definition, one sort for all."""
    ordered = np.sort(draws, axis=-1)
    position = (ordered.shape[-1] - 1) * np.asarray(levels)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, ordered.shape[-1] - 1)
    weight = position - below
    return ordered[..., below] * (1.0 - weight) + ordered[..., above] * weight


def run_forecast(
    base: BaseYear,
    params: Parameters,
    scenario: Scenario | None = None,
    *,
    years: int,
    draws: int,
    rng: np.random.Generator,
) -> ForecastResult:
    """Project every region x sector ``years`` years beyond the base year.

    The central run uses the vintage's central values; ``draws`` Monte Carlo draws (0 for
    none) give the bands. ``rng`` makes the draws reproducible. The result has ``years + 1``
    year columns, the first being the measured base year (shortage = registered shortage).
    """
    scenario = Scenario() if scenario is None else scenario
    for sector in base.sectors:
        params.sector(sector)  # names a sector missing from the vintage
    if draws < 0:
        raise ValueError("draws must be 0 or more")
    central = project(
        base,
        params,
        scenario,
        central_draws(params, base.sectors, years),
        years,
        record_flows=True,
    )
    demand_draws = supply_draws = None
    if draws > 0:
        sample = draw_parameters(params, base.sectors, years, draws, rng)
        mc = project(base, params, scenario, sample, years)
        demand_draws, supply_draws = mc.demand, mc.supply
    return ForecastResult(
        regions=base.regions,
        sectors=base.sectors,
        years=np.arange(base.year, base.year + years + 1),
        scenario=scenario,
        vintage=params.vintage,
        assumptions=params.assumptions,
        central=central,
        demand_draws=demand_draws,
        supply_draws=supply_draws,
    )
