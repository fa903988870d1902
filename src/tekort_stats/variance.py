"""Variance by linearisation with finite-population correction, and intervals (methods.md §2.4).

Respondents are a stratified simple random sample without replacement of ``n_h`` from ``N_h``:

    V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_{s_h} (u_i - ubar_h)^2

with ``u_i = w_i e_i / F`` and ``e_i`` the calibration residuals. A complete stratum (n_h = N_h)
contributes zero; a stratum with ``n_h = 1 < N_h`` makes the variance undefined (NaN).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import stats
from scipy.sparse import csr_matrix


def stratum_factors(n_h, N_h) -> np.ndarray:
    """c_h = (1 - phi_h) n_h/(n_h - 1); 0 for complete strata; inf for n_h = 1 < N_h."""
    n_h = np.asarray(n_h, dtype=float)
    N_h = np.asarray(N_h, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = (1.0 - n_h / N_h) * n_h / (n_h - 1.0)
    c = np.where(n_h >= N_h, 0.0, c)
    return np.where((n_h <= 1) & (n_h < N_h), np.inf, c)


def stratified_variance(u, stratum, n_h, N_h) -> float:
    """The stratified SRSWOR variance of the total of ``u``."""
    u = np.asarray(u, dtype=float)
    n_strata = len(n_h)
    s1 = np.bincount(stratum, weights=u, minlength=n_strata)
    s2 = np.bincount(stratum, weights=u * u, minlength=n_strata)
    n = np.asarray(n_h, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        within = np.where(n > 0, s2 - s1 * s1 / n, 0.0)
    c = stratum_factors(n_h, N_h)
    contrib = np.where(within == 0, 0.0, c * within)  # 0 * inf (complete) is 0 by definition
    return float(np.sum(contrib))


def group_sums(codes, values, n_groups: int) -> np.ndarray:
    """Column sums of the (n x k) ``values`` per group code: an (n_groups x k) array.

    One sparse (n_groups x n) indicator product: each sum adds its rows in row order starting
    from zero, exactly as ``np.bincount`` would, so the results are bit-identical to it."""
    values = np.ascontiguousarray(values, dtype=float)
    n = values.shape[0]
    indicator = csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(n_groups, n))
    return np.asfortranarray(indicator @ values)


def domain_variances(z, w, x, stratum, domain, n_h, N_h, n_domains: int) -> np.ndarray:
    """Linearised variance of ``sum_s w z 1_D`` for every domain ``D`` of a partition at once.

    ``z_i`` is the respondent's linearised variable inside its own domain (``y_i`` for a total,
    ``y_i - R_D f_i`` for a ratio, before scaling); ``z`` may be an (n x k) matrix, giving a
    (k x n_domains) result. It is residualised within each stratum on the calibration variable
    ``x`` (ratio model: ``B_hD = sum_{s_h cap D} z / sum_{s_h} x``), so that
    ``e_i = z_i 1_D(i) - B_hD x_i`` (oracle B2). Vectorised over (stratum, domain) pairs.
    """
    z = np.asarray(z, dtype=float)
    single = z.ndim == 1
    z = z[:, None] if single else z
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    n_strata = len(n_h)
    pair_key, pair = np.unique(stratum.astype(np.int64) * n_domains + domain, return_inverse=True)
    n_pairs = pair_key.size
    h_of_pair = pair_key // n_domains
    d_of_pair = pair_key % n_domains
    wz = w[:, None] * z
    a = group_sums(pair, np.hstack([z, wz, wz * wz, wz * (w * x)[:, None]]), n_pairs)
    k = z.shape[1]
    a_z, a_wz, a_wwzz, a_wwzx = (a[:, j * k : (j + 1) * k] for j in range(4))
    h_x = np.bincount(stratum, weights=x, minlength=n_strata)[h_of_pair][:, None]
    h_wx = np.bincount(stratum, weights=w * x, minlength=n_strata)[h_of_pair][:, None]
    h_wwxx = np.bincount(stratum, weights=(w * x) ** 2, minlength=n_strata)[h_of_pair][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(h_x > 0, a_z / h_x, 0.0)
    s1 = a_wz - b * h_wx
    s2 = a_wwzz - 2.0 * b * a_wwzx + b * b * h_wwxx
    n = np.asarray(n_h, dtype=float)[h_of_pair][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        within = np.maximum(np.where(n > 0, s2 - s1 * s1 / n, 0.0), 0.0)
    c = np.broadcast_to(stratum_factors(n_h, N_h)[h_of_pair][:, None], within.shape)
    with np.errstate(invalid="ignore"):
        contrib = np.where(within > 0, c * within, 0.0)
    # an undefined stratum (n_h = 1 < N_h) that the domain touches makes its variance undefined
    contrib = np.where(np.isinf(c), np.nan, contrib)
    out = group_sums(d_of_pair, contrib, n_domains).T
    return out[0] if single else out


def design_df(n_respondents: int, n_strata: int) -> int:
    """Design degrees of freedom: respondents minus strata (at least 1)."""
    return max(int(n_respondents) - int(n_strata), 1)


@lru_cache(maxsize=256)
def _t_quantile(level: float, df: int) -> float:
    return stats.t.ppf(0.5 + level / 2.0, df)


def t_interval(estimate, se, df, level: float = 0.95):
    if isinstance(df, int | np.integer) and isinstance(level, float):
        q = _t_quantile(level, int(df))  # the same quantile, computed once per (level, df)
    else:
        q = stats.t.ppf(0.5 + level / 2.0, df)
    estimate = np.asarray(estimate, dtype=float)
    return estimate - q * np.asarray(se), estimate + q * np.asarray(se)


def z_interval(estimate, se, level: float = 0.95):
    q = stats.norm.ppf(0.5 + level / 2.0)
    estimate = np.asarray(estimate, dtype=float)
    return estimate - q * np.asarray(se), estimate + q * np.asarray(se)


def logit_interval(rate, se, level: float = 0.95):
    """logit^-1(logit R +/- z SE / (R(1-R))): stays inside (0, 1) for rates near zero."""
    rate = np.asarray(rate, dtype=float)
    q = stats.norm.ppf(0.5 + level / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.log(rate / (1.0 - rate))
        half = q * np.asarray(se) / (rate * (1.0 - rate))
    return 1.0 / (1.0 + np.exp(-(centre - half))), 1.0 / (1.0 + np.exp(-(centre + half)))
