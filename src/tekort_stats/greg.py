"""GREG calibration in its general form (Deville & Särndal 1992; methods.md §2.3).

``w_i = d_i g_i`` with linear distance and scale factors ``c_i``:
``g_i = 1 + (t_x - t_hat_x)' (sum_s d x x' / c)^-1 x_i / c_i`` so that ``sum_s w_i x_i = t_x``.
With ``x_i = (1_h(i) f_i)_h`` and ``c_i = f_i`` it is the separate ratio estimator (oracle C2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _as_matrix(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return x[:, None] if x.ndim == 1 else x


def _scale(c, n) -> np.ndarray:
    return np.broadcast_to(np.asarray(c, dtype=float), (n,))


def calibration_factors(d, x, totals, c=1.0) -> np.ndarray:
    """The linear g-weights of the GREG (unbounded)."""
    d = np.asarray(d, dtype=float)
    x = _as_matrix(x)
    c = _scale(c, d.size)
    t = np.atleast_1d(np.asarray(totals, dtype=float))
    m = (x * (d / c)[:, None]).T @ x
    lam = np.linalg.solve(m, t - d @ x)
    return 1.0 + (x @ lam) / c


def regression_coefficients(d, x, y, c=1.0) -> np.ndarray:
    """B = (sum d x x'/c)^-1 sum d x y / c."""
    d = np.asarray(d, dtype=float)
    x = _as_matrix(x)
    c = _scale(c, d.size)
    dx = x * (d / c)[:, None]
    return np.linalg.solve(dx.T @ x, dx.T @ np.asarray(y, dtype=float))


def calibration_residuals(d, x, y, c=1.0) -> np.ndarray:
    """e_i = y_i - x_i' B: the residuals whose weighted spread gives the GREG variance (§2.4)."""
    x = _as_matrix(x)
    return np.asarray(y, dtype=float) - x @ regression_coefficients(d, x, y, c)


@dataclass(frozen=True)
class BoundedCalibration:
    g: np.ndarray
    iterations: int
    bounded: bool  # True when some g hit a bound


def calibration_factors_bounded(
    d, x, totals, c=1.0, lower=0.3, upper=3.0, tol=1e-12, max_iter=100
) -> BoundedCalibration:
    """Truncated-linear calibration: g = clip(1 + x'lambda/c, lower, upper), Newton on lambda.

    Used when the linear g leave [lower, upper] (§2.3). Raises if the constraints cannot be met.
    """
    d = np.asarray(d, dtype=float)
    x = _as_matrix(x)
    c = _scale(c, d.size)
    t = np.atleast_1d(np.asarray(totals, dtype=float))
    lam = np.zeros(x.shape[1])
    for it in range(1, max_iter + 1):
        raw = 1.0 + (x @ lam) / c
        g = np.clip(raw, lower, upper)
        gap = t - (d * g) @ x
        if np.max(np.abs(gap)) <= tol * max(1.0, float(np.max(np.abs(t)))):
            return BoundedCalibration(g, it, bool(np.any(raw != g)))
        free = (raw > lower) & (raw < upper)
        m = (x * (d * free / c)[:, None]).T @ x
        step = np.linalg.lstsq(m, gap, rcond=None)[0]
        lam = lam + step
    raise ValueError("bounded calibration did not converge: constraints infeasible within bounds")
