"""Back-test: past forecasts against the later measurement (show the model's own errors)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tekort_forecast.forecast import ForecastResult

__all__ = ["backtest", "summarise_backtest"]


def backtest(forecasts: Iterable[ForecastResult], measured: pd.DataFrame) -> pd.DataFrame:
    """Pair every forecast year after its origin with the measured shortage of that year.

    ``measured``: columns region, sector, year, shortage_fte (registered, grossed up).
    Returns one row per origin x region x sector x year that was measured later: origin,
    horizon (years ahead), forecast (central), lower80/upper80 (NaN without draws),
    measured, error (forecast - measured) and within80.
    """
    needed = {"region", "sector", "year", "shortage_fte"}
    if not needed <= set(measured.columns):
        raise ValueError(f"measured needs columns {sorted(needed)}")
    later = measured.assign(
        region=measured["region"].astype(str), sector=measured["sector"].astype(str)
    ).rename(columns={"shortage_fte": "measured"})[["region", "sector", "year", "measured"]]
    frames = []
    for result in forecasts:
        frame = result.to_frame()
        frame = frame[frame["year"] > result.years[0]]
        band = ("shortage_fte_q100", "shortage_fte_q900")
        lower = frame[band[0]] if band[0] in frame else np.nan
        upper = frame[band[1]] if band[1] in frame else np.nan
        frames.append(
            pd.DataFrame(
                {
                    "origin": int(result.years[0]),
                    "region": frame["region"].astype(str),
                    "sector": frame["sector"].astype(str),
                    "year": frame["year"],
                    "horizon": frame["year"] - int(result.years[0]),
                    "forecast": frame["shortage_fte"],
                    "lower80": lower,
                    "upper80": upper,
                    "scenario": frame["scenario"],
                }
            )
        )
    if not frames:
        raise ValueError("no forecasts to back-test")
    paired = pd.concat(frames, ignore_index=True).merge(
        later, on=["region", "sector", "year"], how="inner"
    )
    paired["error"] = paired["forecast"] - paired["measured"]
    paired["within80"] = (paired["measured"] >= paired["lower80"]) & (
        paired["measured"] <= paired["upper80"]
    )
    return paired.sort_values(["origin", "region", "sector", "year"], ignore_index=True)


def summarise_backtest(paired: pd.DataFrame) -> pd.DataFrame:
    """Per horizon: number of pairs, mean error (bias), mean absolute error, 80 % coverage."""
    grouped = paired.assign(abs_error=paired["error"].abs()).groupby("horizon")
    return pd.DataFrame(
        {
            "n": grouped.size(),
            "mean_error": grouped["error"].mean(),
            "mean_abs_error": grouped["abs_error"].mean(),
            "coverage80": grouped["within80"].mean(),
        }
    ).reset_index()
