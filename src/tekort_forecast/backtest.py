"""Back-test: past forecasts against the later measurement (show the model's own errors)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tekort_forecast.forecast import ForecastResult

__all__ = ["backtest", "error_table", "summarise_backtest"]


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


def error_table(paired: pd.DataFrame, by: tuple[str, ...] = ("series",)) -> pd.DataFrame:
    """Errors in percentage points against a measured series, per group.

    ``paired``: one row per forecast of a measured value with columns forecast_pct,
    measured_pct, naive_pct (the last measured level carried forward), lower80_pct,
    upper80_pct, lower95_pct, upper95_pct and the ``by`` columns. Returns per group: n, mean
    error (bias), mean absolute error, the naive forecast's mean absolute error, and the share
    of measurements inside the 80 % and 95 % bands (coverage).
    """
    needed = {"forecast_pct", "measured_pct", "naive_pct"} | {
        f"{side}{level}_pct" for side in ("lower", "upper") for level in (80, 95)
    }
    missing = needed - set(paired.columns)
    if missing:
        raise ValueError(f"paired needs columns {sorted(missing)}")
    frame = paired.assign(
        error=paired["forecast_pct"] - paired["measured_pct"],
        abs_error=(paired["forecast_pct"] - paired["measured_pct"]).abs(),
        naive_abs_error=(paired["naive_pct"] - paired["measured_pct"]).abs(),
        within80=(paired["measured_pct"] >= paired["lower80_pct"])
        & (paired["measured_pct"] <= paired["upper80_pct"]),
        within95=(paired["measured_pct"] >= paired["lower95_pct"])
        & (paired["measured_pct"] <= paired["upper95_pct"]),
    )
    grouped = frame.groupby(list(by), sort=False)
    return pd.DataFrame(
        {
            "n": grouped.size(),
            "mean_error_pp": grouped["error"].mean(),
            "mae_pp": grouped["abs_error"].mean(),
            "naive_mae_pp": grouped["naive_abs_error"].mean(),
            "coverage80": grouped["within80"].mean(),
            "coverage95": grouped["within95"].mean(),
        }
    ).reset_index()
