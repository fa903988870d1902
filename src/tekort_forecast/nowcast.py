"""Nowcasting: blend registration rounds with the forecast (methods §4.7).

1. :func:`anchor_external`: carry the gap between a measured shortage and an external model
   (e.g. MIRROR) forward with decay lambda (oracle M6).
2. :func:`kalman_filter`: a local-level filter for the shortage rate theta_t (pp) whose drift
   is the model's year-on-year change; years without a registration keep the prediction.
3. :func:`fit_seasonality`: y = a + b t + sigma 1_Feb by least squares (oracle G2);
   :func:`seasonal_effect`: the February effect estimated from paired rounds (Feb - Oct of the
   same school year, one difference per cell) with its standard error and 95 % interval.
4. :func:`nowcast`: the filter applied to a :class:`ForecastResult` and a table of rounds,
   February rounds corrected by the sector's February effect (never compare a February figure
   with an October figure without it).

Everything is vectorised over leading axes (regions, sectors); the loop runs over years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort_forecast.forecast import ForecastResult
from tekort_forecast.parameters import Parameters

__all__ = [
    "KalmanResult",
    "SeasonalEffect",
    "SeasonalFit",
    "anchor_external",
    "fit_seasonality",
    "kalman_filter",
    "kalman_update",
    "nowcast",
    "seasonal_effect",
]


def anchor_external(model: np.ndarray, measured: np.ndarray | float, decay: float) -> np.ndarray:
    """U_hat_t0+k = U_mod_t0+k + c decay^k with c = measured - U_mod_t0 (last axis = k)."""
    if not 0.0 <= decay <= 1.0:
        raise ValueError("decay must lie in [0, 1]")
    model = np.asarray(model, dtype=float)
    gap = np.asarray(measured, dtype=float) - model[..., 0]
    return model + gap[..., None] * decay ** np.arange(model.shape[-1])


@dataclass(frozen=True)
class KalmanResult:
    """Per step t = 1..T (last axis): prediction, its variance, gain (NaN: no data), filtered."""

    predicted: np.ndarray
    predicted_variance: np.ndarray
    gain: np.ndarray
    filtered: np.ndarray
    variance: np.ndarray


def kalman_update(
    theta: np.ndarray, p: np.ndarray, y: np.ndarray, se2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One measurement update; where ``y`` is NaN the state is kept and the gain is NaN."""
    theta, p, y, se2 = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (theta, p, y, se2))
    )
    seen = ~np.isnan(y)
    gain = np.where(seen, p / np.where(seen, p + se2, 1.0), np.nan)
    k = np.where(seen, gain, 0.0)
    filtered = np.where(seen, theta + k * (np.where(seen, y, 0.0) - theta), theta)
    return filtered, np.where(seen, (1.0 - k) * p, p), gain


def kalman_filter(
    theta0: np.ndarray | float,
    p0: np.ndarray | float,
    drift: np.ndarray,
    observations: np.ndarray,
    se2: np.ndarray,
    q: float,
    season: np.ndarray | float = 0.0,
) -> KalmanResult:
    """theta_t = theta_t-1 + drift_t + eta (var q); y_t = theta_t + season_t + eps (var se2_t).

    ``drift``, ``observations`` (NaN = no registration), ``se2`` and ``season`` run over
    t = 1..T on the last axis and broadcast over leading axes.
    """
    drift, y, se2, season = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (drift, observations, se2, season))
    )
    theta = np.broadcast_to(np.asarray(theta0, dtype=float), drift.shape[:-1]).copy()
    p = np.broadcast_to(np.asarray(p0, dtype=float), drift.shape[:-1]).copy()
    out = {k: np.empty(drift.shape) for k in ("pred", "ppred", "gain", "filt", "p")}
    for t in range(drift.shape[-1]):
        theta, p = theta + drift[..., t], p + q
        out["pred"][..., t], out["ppred"][..., t] = theta, p
        theta, p, gain = kalman_update(theta, p, y[..., t] - season[..., t], se2[..., t])
        out["gain"][..., t], out["filt"][..., t], out["p"][..., t] = gain, theta, p
    return KalmanResult(out["pred"], out["ppred"], out["gain"], out["filt"], out["p"])


@dataclass(frozen=True)
class SeasonalFit:
    """y = a + b t + sigma 1_Feb (t in years; rates in pp)."""

    a: float
    b: float
    sigma: float


def fit_seasonality(t: np.ndarray, y: np.ndarray, february: np.ndarray) -> SeasonalFit:
    """Least-squares fit of level, trend and February effect (exact when 3 points)."""
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    feb = np.asarray(february, dtype=bool)
    if t.shape != y.shape or t.shape != feb.shape or t.size < 3:
        raise ValueError("need at least three (t, y, february) observations of equal length")
    if feb.all() or not feb.any():
        raise ValueError("need both February and October observations")
    design = np.column_stack([np.ones_like(t), t, feb.astype(float)])
    if np.linalg.matrix_rank(design) < 3:
        raise ValueError("level, trend and February effect are not identified")
    a, b, sigma = np.linalg.lstsq(design, y, rcond=None)[0]
    return SeasonalFit(float(a), float(b), float(sigma))


@dataclass(frozen=True)
class SeasonalEffect:
    """February minus October effect on the shortage rate (pp) with its uncertainty."""

    sigma: float  # estimate, pp
    se: float  # standard error, pp
    n: int  # number of Feb - Oct differences behind it (0: the prior)
    low: float  # 95 % interval
    high: float
    source: str  # "rounds" or "prior"


def seasonal_effect(
    differences: np.ndarray,
    *,
    prior: float,
    prior_se: float,
    weights: np.ndarray | None = None,
) -> SeasonalEffect:
    """Mean of the Feb - Oct differences (pp) of the same cells in the same school year.

    With ``weights`` (e.g. the cells' formatie) the mean is weighted and its SE uses Kish's
    effective n; the 95 % interval uses Student's t with n - 1 degrees of freedom. Each
    difference counts once even when cells overlap (a region and the nation), so the SE is, if
    anything, too small; with fewer than two differences the prior is returned with
    ``prior_se``.
    """
    from scipy import stats

    d = np.asarray(differences, dtype=float)
    w = np.ones_like(d) if weights is None else np.asarray(weights, dtype=float)
    keep = np.isfinite(d) & np.isfinite(w) & (w > 0)
    d, w = d[keep], w[keep]
    if d.size < 2:
        z = stats.norm.ppf(0.975)
        return SeasonalEffect(
            prior, prior_se, int(d.size), prior - z * prior_se, prior + z * prior_se, "prior"
        )
    w = w / w.sum()
    mean = float((w * d).sum())
    n_eff = 1.0 / float((w**2).sum())
    variance = float((w * (d - mean) ** 2).sum()) * d.size / (d.size - 1)
    se = float(np.sqrt(variance / n_eff))
    half = float(stats.t.ppf(0.975, d.size - 1)) * se
    return SeasonalEffect(mean, se, int(d.size), mean - half, mean + half, "rounds")


def nowcast(
    result: ForecastResult,
    rounds: pd.DataFrame,
    params: Parameters,
    *,
    q: float | None = None,
    p0: float | None = None,
    season: SeasonalEffect | None = None,
) -> pd.DataFrame:
    """Blend registration rounds with the central forecast rate, per region x sector.

    ``rounds``: columns region, sector, year, month (2 = February, 10 = October), rate_pct
    (registered shortage rate, pp) and se2 (its variance, pp^2, methods §2.4). A February round
    of calendar year Y belongs to school year Y-1/Y and updates model year Y-1 after that year's
    October round, corrected by the sector's February effect (``seasonal_feb_pp``).
    Returns one row per region x sector x year with the forecast, the filtered rate (pp), its
    variance and how many rounds were used. ``season`` (an estimate from the rounds) replaces
    the vintage's ``seasonal_feb_pp`` for every sector and adds its variance to the February
    rounds' SE².
    """
    q = params.kalman_q if q is None else q
    p0 = params.kalman_p0 if p0 is None else p0
    forecast_pp = 100.0 * result.rate  # (R, S, T)
    R, S, T = forecast_pp.shape
    obs = np.full((2, R, S, T), np.nan)
    se2 = np.ones((2, R, S, T))
    region_ix = {r: i for i, r in enumerate(result.regions)}
    sector_ix = {s: i for i, s in enumerate(result.sectors)}
    for row in rounds.itertuples(index=False):
        if row.month not in (2, 10):
            raise ValueError(f"month must be 2 (February) or 10 (October), got {row.month}")
        slot = 0 if row.month == 10 else 1
        t = int(row.year) - int(result.years[0]) - (1 if row.month == 2 else 0)
        if str(row.region) not in region_ix or str(row.sector) not in sector_ix:
            raise ValueError(f"round for unknown region/sector {row.region}/{row.sector}")
        if not 0 <= t < T:
            continue
        i, j = region_ix[str(row.region)], sector_ix[str(row.sector)]
        obs[slot, i, j, t], se2[slot, i, j, t] = row.rate_pct, row.se2
    if season is None:
        season_pp = params.stack("seasonal_feb_pp", result.sectors)[None, :]  # (1, S)
    else:
        season_pp = np.full((1, S), season.sigma)
        se2[1] = se2[1] + season.se**2

    theta, p = forecast_pp[..., 0], np.full((R, S), float(p0))
    filtered, variance = np.empty((R, S, T)), np.empty((R, S, T))
    for t in range(T):
        if t > 0:
            theta = theta + (forecast_pp[..., t] - forecast_pp[..., t - 1])
            p = p + q
        theta, p, _ = kalman_update(theta, p, obs[0, ..., t], se2[0, ..., t])
        theta, p, _ = kalman_update(theta, p, obs[1, ..., t] - season_pp, se2[1, ..., t])
        filtered[..., t], variance[..., t] = theta, p
    index = pd.MultiIndex.from_product(
        [result.regions, result.sectors, result.years.tolist()], names=["region", "sector", "year"]
    )
    return pd.DataFrame(
        {
            "forecast_pct": forecast_pp.reshape(-1),
            "nowcast_pct": filtered.reshape(-1),
            "variance_pp2": variance.reshape(-1),
            "rounds": (~np.isnan(obs)).sum(axis=0).reshape(-1),
        },
        index=index,
    ).reset_index()
