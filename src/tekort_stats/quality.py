"""Quality classes per published cell (methods.md §2.6).

Rates use an absolute standard-error rule (a CV explodes for rates near zero); totals (FTE) use
Statistics Canada's CV bands. Thresholds are parameters; the defaults are the spec's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLASS_A = "A"  # publish
CLASS_E = "E"  # publish with caution, flag `u`
CLASS_F = "F"  # withheld, `x`


@dataclass(frozen=True)
class QualityThresholds:
    min_respondents: int = 10
    response_a: float = 0.5
    response_e: float = 0.3
    se_rate_a: float = 0.025  # 2.5 percentage points, rates stored as fractions
    se_rate_e: float = 0.05
    cv_total_a: float = 0.165
    cv_total_e: float = 0.333


DEFAULT_THRESHOLDS = QualityThresholds()


def _enough_units(n, n_frame, t: QualityThresholds):
    n = np.asarray(n)
    return (n >= t.min_respondents) | ((n == np.asarray(n_frame)) & (n >= 1))


def classify_rate(n, n_frame, response_formatie, se_rate, thresholds=DEFAULT_THRESHOLDS):
    """Class A/E/F for a rate (fraction) with standard error ``se_rate`` (fraction). Vectorised."""
    t = thresholds
    units = _enough_units(n, n_frame, t)
    resp = np.asarray(response_formatie, dtype=float)
    se = np.asarray(se_rate, dtype=float)
    se_ok = np.isfinite(se)
    # a tiny slack so that 2.5 pp given as 0.025 is not lost to binary representation
    eps = 1e-12
    a = units & (resp >= t.response_a) & se_ok & (se <= t.se_rate_a + eps)
    e = units & (resp >= t.response_e) & se_ok & (se <= t.se_rate_e + eps)
    return np.where(a, CLASS_A, np.where(e, CLASS_E, CLASS_F))


def classify_total(n, n_frame, response_formatie, estimate, se, thresholds=DEFAULT_THRESHOLDS):
    """Class A/E/F for a total (FTE) by the CV bands 16.5 % / 33.3 %. A zero total with zero SE is A."""
    t = thresholds
    units = _enough_units(n, n_frame, t)
    resp = np.asarray(response_formatie, dtype=float)
    est = np.asarray(estimate, dtype=float)
    se = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(se == 0, 0.0, se / np.abs(est))
    cv_ok = np.isfinite(cv)
    a = units & (resp >= t.response_a) & cv_ok & (cv <= t.cv_total_a)
    e = units & (resp >= t.response_e) & cv_ok & (cv <= t.cv_total_e)
    return np.where(a, CLASS_A, np.where(e, CLASS_E, CLASS_F))


def classify_model_rate(rmse_rate, thresholds=DEFAULT_THRESHOLDS):
    """Class A/E/F for a model-based (Fay–Herriot) rate by its RMSE (fraction), §2.7.

    The model's own class, never the direct estimate's: the same absolute bands as a direct
    rate's SE (A <= 2.5 pp, E <= 5 pp), without the respondent and response conditions, which
    the model answers by borrowing strength (its RMSE carries that). Vectorised."""
    t = thresholds
    rmse = np.asarray(rmse_rate, dtype=float)
    ok = np.isfinite(rmse)
    eps = 1e-12
    a = ok & (rmse <= t.se_rate_a + eps)
    e = ok & (rmse <= t.se_rate_e + eps)
    return np.where(a, CLASS_A, np.where(e, CLASS_E, CLASS_F))
