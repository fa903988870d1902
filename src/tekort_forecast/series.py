"""Dated national series of a vintage turned into model inputs per calendar year.

* :func:`graduates`: teacher-training graduates G_y = K_(y - lag) c (intake K, completion c);
* :func:`zij_instroom`: zij-instromers per year for one sector group;
* :func:`pupil_index`: the national pupil prognosis as P_y / P_y0;
* :func:`regional_pupils`: pupil paths per region: each region's own trend (log-linear over its
  recent counts) scaled so that the regions together follow the national prognosis.

Between two known years a series is interpolated (linearly; pupil counts log-linearly), outside
them it is held at the nearest known value. That holding is an assumption; the vintage says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tekort_forecast.parameters import ParameterError, Parameters, Series, Training

__all__ = [
    "graduates",
    "interpolate",
    "pupil_index",
    "regional_pupils",
    "zij_instroom",
]


def interpolate(series: Series, years: Sequence[int] | np.ndarray, *, log: bool = False):
    """The series at ``years``: interpolated between known years, held flat outside them."""
    x = np.asarray(years, dtype=float)
    values = np.log(series.values) if log else series.values
    out = np.interp(x, series.years, values)  # np.interp holds the end values flat
    return np.exp(out) if log else out


def graduates(training: Training, years: Sequence[int] | np.ndarray) -> np.ndarray:
    """Graduates per calendar year: intake of ``year - lag`` times completion."""
    intake_years = np.asarray(years, dtype=float) - training.lag_years
    return interpolate(training.intake, intake_years) * training.completion


def _group(params: Parameters, sector: str) -> str:
    try:
        return params.sector_group[sector]
    except KeyError:
        raise ParameterError(f"groups.{sector}", "the vintage names no group") from None


def zij_instroom(params: Parameters, sector_group: str, years) -> np.ndarray:
    """Zij-instromers per calendar year who start in ``sector_group`` (before completion)."""
    if params.zij_instroom is None:
        raise ParameterError("zij_instroom", "the vintage has no zij-instroom series")
    share = params.zij_group_share.get(sector_group, 0.0)
    return interpolate(params.zij_instroom, years) * share


def pupil_index(params: Parameters, sector: str, base_year: int, horizon: int) -> np.ndarray:
    """P_y / P_base for y = base_year .. base_year + horizon (national prognosis)."""
    group = _group(params, sector)
    if group not in params.pupils:
        raise ParameterError(f"pupils.{group}", "the vintage has no pupil prognosis")
    path = interpolate(params.pupils[group], base_year + np.arange(horizon + 1), log=True)
    return path / path[0]


def regional_pupils(
    history: pd.DataFrame,
    base: pd.Series,
    national: np.ndarray,
    *,
    trend_years: int = 10,
    max_relative_trend: float = 0.02,
) -> pd.DataFrame:
    """Pupils per region and year ahead, the regions together following ``national``.

    ``history``: region x year pupil counts (columns = calendar years, the last one the base
    year or earlier); ``base``: base-year pupils per region; ``national``: P_t / P_0 for t = 0..T.
    Each region's trend g_r is the least-squares slope of log pupils over its last
    ``trend_years`` counts (0 when it has fewer than three); its path relative to the nation is
    exp((g_r - g_bar) t), with g_bar the base-weighted mean trend and g_r - g_bar capped at
    ``max_relative_trend`` per year either way, and the paths are rescaled each year so that
    their sum follows ``national`` exactly. Returns region x t (t = 0..T).
    """
    regions = list(base.index)
    horizon = len(national) - 1
    trend = pd.Series(0.0, index=regions)
    if history is not None and len(history.columns):
        recent = history.reindex(regions)[sorted(history.columns)[-trend_years:]]
        years = np.asarray(recent.columns, dtype=float)
        for region, row in recent.iterrows():
            ok = row.to_numpy(float) > 0
            if ok.sum() >= 3:
                trend[region] = np.polyfit(years[ok], np.log(row.to_numpy(float)[ok]), 1)[0]
    weights = base.to_numpy(float)
    total = weights.sum()
    mean = float((trend.to_numpy() * weights).sum() / total) if total > 0 else 0.0
    relative = np.clip(trend.to_numpy() - mean, -max_relative_trend, max_relative_trend)
    steps = np.arange(horizon + 1)
    raw = weights[:, None] * np.exp(relative[:, None] * steps[None, :])
    scale = total * np.asarray(national, float) / np.where(raw.sum(axis=0) > 0, raw.sum(axis=0), 1)
    return pd.DataFrame(raw * scale[None, :], index=regions, columns=steps)
