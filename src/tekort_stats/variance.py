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


def leverage_factors(x, stratum, n_strata: int) -> np.ndarray:
    """``1/sqrt(1 - h_i)`` with ``h_i = x_i / sum_{s_h} x`` the leverage of respondent ``i`` in
    its stratum's ratio fit (the model ``y = B x`` with variance proportional to ``x``).

    Residuals from a line fitted on the same few respondents are too small on average (a
    stratum of n_h loses about one of its n_h - 1 degrees of freedom to the fit); dividing each by
    ``sqrt(1 - h_i)`` undoes that (the HC2 / leverage-adjusted residual of Valliant, Dorfman &
    Royall 2000, §5). 1 where the leverage is 1 (a stratum of one respondent)."""
    x = np.asarray(x, dtype=float)
    x_h = np.bincount(stratum, weights=x, minlength=n_strata)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(x_h[stratum] > 0, x / x_h[stratum], 0.0)
    return np.where(h < 1.0, 1.0 / np.sqrt(np.maximum(1.0 - h, 1e-300)), 1.0)


def domain_variances(
    z, w, x, stratum, domain, n_h, N_h, n_domains: int, *, with_df=False, leverage=False
):
    """Linearised variance of ``sum_s w z 1_D`` for every domain ``D`` of a partition at once.

    ``z_i`` is the respondent's linearised variable inside its own domain (``y_i`` for a total,
    ``y_i - R_D f_i`` for a ratio, before scaling); ``z`` may be an (n x k) matrix, giving a
    (k x n_domains) result. It is residualised within each stratum on the calibration variable
    ``x`` (ratio model: ``B_hD = sum_{s_h cap D} z / sum_{s_h} x``), so that
    ``e_i = z_i 1_D(i) - B_hD x_i`` (oracle B2). Vectorised over (stratum, domain) pairs.
    ``with_df=True`` also returns each variance's Satterthwaite degrees of freedom;
    ``leverage=True`` divides every residual by ``sqrt(1 - h_i)`` (``leverage_factors``).
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
    if leverage:
        w = w * leverage_factors(x, stratum, n_strata)
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
    if not with_df:
        return out[0] if single else out
    # Satterthwaite: each (stratum, domain) piece is estimated on min(n_h - 1, n_hD) degrees of
    # freedom (the stratum's spread, but seen through only the domain's n_hD respondents)
    n_pair = np.bincount(pair, minlength=n_pairs)
    df_pair = np.maximum(np.minimum(np.asarray(n_h)[h_of_pair] - 1, n_pair), 1).astype(float)
    den = group_sums(d_of_pair, contrib * contrib / df_pair[:, None], n_domains).T
    nu = satterthwaite(out, den)
    return (out[0], nu[0]) if single else (out, nu)


def satterthwaite(total, sum_sq_over_df):
    """nu = (sum_h v_h)^2 / sum_h (v_h^2 / df_h); infinite when there is no variance at all."""
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = np.where(sum_sq_over_df > 0, total * total / sum_sq_over_df, np.inf)
    return np.where(np.isnan(total), np.nan, np.maximum(nu, 1.0))


def floor_variances(e, w, stratum, domain, n_h, N_h, n_domains: int, x=None):
    """The variance floor of every domain total, with its Satterthwaite degrees of freedom.

    ``e`` is the (n x k) residual of every respondent from its *stratum's* ratio line
    (``y_i - R_h f_i``). The floor is the variance the domain's total would have if its
    respondents' residuals spread as much as their whole stratum's:
    ``V_floor(D) = sum_h (1 - n_h/N_h) s2_h sum_{s_h cap D} w_i^2`` with ``s2_h`` the stratum's
    residual variance (divisor ``n_h - 1``), estimated on ``n_h - 1`` degrees of freedom. For a
    domain that is a whole stratum it equals the linearised variance; it keeps a domain whose
    few respondents happen to agree (one respondent, or all without shortage) from an SE of 0.
    A complete stratum contributes 0; one respondent in an incomplete stratum makes it NaN.
    With ``x`` the residuals are leverage-adjusted first (``leverage_factors``).
    """
    e = np.asarray(e, dtype=float)
    e = e[:, None] if e.ndim == 1 else e
    if x is not None:
        e = e * leverage_factors(x, stratum, len(n_h))[:, None]
    w = np.asarray(w, dtype=float)
    n = np.asarray(n_h, dtype=float)
    n_strata = len(n_h)
    s1 = group_sums(stratum, e, n_strata)
    s2 = group_sums(stratum, e * e, n_strata)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_h = np.maximum(s2 - s1 * s1 / n[:, None], 0.0) / (n[:, None] - 1.0)
        fpc = 1.0 - n / np.asarray(N_h, dtype=float)
    complete = n >= np.asarray(N_h)
    var_h = np.where(complete[:, None], 0.0, var_h)
    var_h = np.where(((n <= 1) & ~complete)[:, None], np.nan, var_h)
    pair_key, pair = np.unique(stratum.astype(np.int64) * n_domains + domain, return_inverse=True)
    h_of_pair = pair_key // n_domains
    d_of_pair = pair_key % n_domains
    ww = np.bincount(pair, weights=w * w, minlength=pair_key.size)
    contrib = (fpc[h_of_pair] * ww)[:, None] * var_h[h_of_pair]
    contrib = np.where(complete[h_of_pair][:, None], 0.0, contrib)
    df_pair = np.maximum(n[h_of_pair] - 1.0, 1.0)[:, None]
    total = group_sums(d_of_pair, contrib, n_domains).T
    den = group_sums(d_of_pair, np.nan_to_num(contrib) ** 2 / df_pair, n_domains).T
    return total, satterthwaite(total, den)


def design_df(n_respondents: int, n_strata: int) -> int:
    """Design degrees of freedom: respondents minus strata (at least 1)."""
    return max(int(n_respondents) - int(n_strata), 1)


@lru_cache(maxsize=256)
def _t_quantile(level: float, df: int) -> float:
    return stats.t.ppf(0.5 + level / 2.0, df)


def t_quantiles(df, level: float = 0.95) -> np.ndarray:
    """t quantiles for an array of degrees of freedom, rounded down to whole degrees (the
    conservative side) so that each distinct value is computed once; NaN stays NaN."""
    df = np.asarray(df, dtype=float)
    # a whole number a rounding error below it (5 - 1e-15) counts as that whole number
    whole = np.where(np.isfinite(df), np.floor(np.maximum(df, 1.0) + 1e-9), np.inf)
    out = np.full(df.shape, np.nan)
    finite = ~np.isnan(df)
    distinct, inverse = np.unique(whole[finite], return_inverse=True)
    # one vectorised call for every distinct value (t with infinite df is the normal)
    qs = stats.t.ppf(0.5 + level / 2.0, np.where(np.isinf(distinct), 1.0, distinct))
    qs = np.where(np.isinf(distinct), stats.norm.ppf(0.5 + level / 2.0), qs)
    out[finite] = qs[inverse.ravel()] if distinct.size else np.nan
    return out


def t_interval(estimate, se, df, level: float = 0.95):
    """estimate +/- t(df) se; ``df`` one number or an array (per domain, see ``t_quantiles``)."""
    if isinstance(df, int | np.integer) and isinstance(level, float):
        q = _t_quantile(level, int(df))  # the same quantile, computed once per (level, df)
    elif isinstance(df, np.ndarray):
        q = t_quantiles(df, level)
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
