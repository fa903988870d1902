"""The separate ratio estimator per stratum (methods.md §2.2).

Respondents in stratum ``h`` represent its non-respondents (response-homogeneity groups). With the
registry total ``X_h`` of an auxiliary ``x`` (formatie or DUO FTE) the calibrated weight is
``w_i = X_h / sum_{s_h} x_i``; any rate is the ratio of two weighted totals
``R = sum w y / sum w f``. With ``x = f`` this is ``R_G = sum_h W_h R_h``, ``W_h = F_h / F_G``.

Strata are integer codes ``0..H-1`` per respondent.
"""

from __future__ import annotations

import numpy as np


def stratum_sums(values, stratum, n_strata: int) -> np.ndarray:
    """Sum of ``values`` per stratum code."""
    return np.bincount(stratum, weights=np.asarray(values, dtype=float), minlength=n_strata)


def design_weights(stratum, n_h, N_h) -> np.ndarray:
    """d_i = N_h / n_h."""
    n_h = np.asarray(n_h, dtype=float)
    N_h = np.asarray(N_h, dtype=float)
    return (N_h / n_h)[stratum]


def ratio_weights(stratum, x, x_totals) -> np.ndarray:
    """Calibrated weights w_i = X_h / sum_{s_h} x_i, so that sum_{s_h} w_i x_i = X_h exactly."""
    x_totals = np.asarray(x_totals, dtype=float)
    sample_x = stratum_sums(x, stratum, x_totals.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(sample_x > 0, x_totals / sample_x, 0.0)
    return factor[stratum]


def stratum_ratios(y, f, stratum, n_strata: int) -> np.ndarray:
    """R_h = sum_{s_h} y / sum_{s_h} f (NaN for a stratum without respondents)."""
    sy = stratum_sums(y, stratum, n_strata)
    sf = stratum_sums(f, stratum, n_strata)
    with np.errstate(divide="ignore", invalid="ignore"):
        return sy / sf


def separate_ratio(y, f, stratum, f_totals):
    """Combined separate ratio: (R_G, Y_G) = (sum_h W_h R_h, sum_h F_h R_h)."""
    f_totals = np.asarray(f_totals, dtype=float)
    r_h = stratum_ratios(y, f, stratum, f_totals.size)
    y_total = float(np.sum(f_totals * r_h))
    return y_total / float(f_totals.sum()), y_total


def ratio_of_totals(w, y, f) -> float:
    """R = sum w y / sum w f: a ratio of totals, never a mean of school rates (§1.7, oracle M1)."""
    w = np.asarray(w, dtype=float)
    return float(np.dot(w, y) / np.dot(w, f))
