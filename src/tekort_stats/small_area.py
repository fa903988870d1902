"""Fay–Herriot area-level small-area estimation (Fay & Herriot 1979; methods.md §2.7).

``theta_hat_d = theta_d + e_d, e_d ~ N(0, psi_d)``; ``theta_d = x_d' beta + v_d, v_d ~ N(0, s2v)``.
``s2v`` by REML (default, Fisher scoring), the Fay–Herriot moment equation, the closed-form
Prasad–Rao estimator, or given. EBLUP ``gamma_d theta_hat_d + (1 - gamma_d) x_d' beta``;
MSE by Prasad & Rao (1990) ``g1 + g2 + 2 g3``. Areas without a direct estimate get the synthetic
``x_d' beta`` with MSE ``s2v + g2``. An area whose direct estimate has no sampling variance keeps
it, also where ``s2v`` is 0 (``_floor``). Every figure from here is model-based (symbol ``e``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

METHODS = ("reml", "fh", "pr", "fixed")


@dataclass(frozen=True)
class FayHerriotFit:
    sigma2_v: float
    beta: np.ndarray
    gamma: np.ndarray  # 0 for areas without a direct estimate
    eblup: np.ndarray
    g1: np.ndarray
    g2: np.ndarray
    g3: np.ndarray
    mse: np.ndarray
    method: str
    iterations: int
    synthetic: np.ndarray  # True where no direct estimate existed


def _gls(theta, x, psi, s2v):
    v_inv = 1.0 / (s2v + psi)
    xtvx = (x * v_inv[:, None]).T @ x
    inv = np.linalg.inv(xtvx)
    beta = inv @ ((x * v_inv[:, None]).T @ theta)
    return beta, inv


def prasad_rao_sigma2(theta, x, psi) -> float:
    """max{0, [sum r^2 - sum psi (1 - h_dd)] / (m - p)} with OLS residuals and leverages."""
    m, p = x.shape
    hat = x @ np.linalg.solve(x.T @ x, x.T)
    resid = theta - hat @ theta
    return max(0.0, (resid @ resid - np.sum(psi * (1.0 - np.diag(hat)))) / (m - p))


def _floor(psi) -> float:
    """The least ``s2v`` the model is evaluated at: 0, unless the direct estimate of an area has
    no sampling variance (``psi == 0``: a complete count, or respondents who all gave the same
    value). Such an area's weight ``1 / (s2v + psi)`` is infinite at ``s2v = 0``, and every
    prediction was NaN; a millionth of the median positive ``psi`` instead evaluates the model
    in the limit ``s2v -> 0+``: the area keeps its direct estimate (gamma 1), the regression
    runs through it, and the other areas get the synthetic estimate, as at ``s2v = 0``."""
    if not np.any(psi == 0):
        return 0.0
    positive = psi[psi > 0]
    return 1e-6 * (float(np.median(positive)) if positive.size else 1.0)


def _fh_moment_sigma2(theta, x, psi, floor=0.0) -> float:
    m, p = x.shape

    def equation(s2v):
        beta, _ = _gls(theta, x, psi, s2v)
        r = theta - x @ beta
        return float(np.sum(r * r / (s2v + psi)) - (m - p))

    if equation(floor) <= 0:
        return floor
    hi = max(1.0, float(np.var(theta)) * 10)
    while equation(hi) > 0:
        hi *= 10
    return brentq(equation, floor, hi, xtol=1e-14, rtol=1e-15, maxiter=500)


def _reml_sigma2(theta, x, psi, start, tol, max_iter, floor=0.0):
    s2v = max(start, floor)
    for it in range(1, max_iter + 1):
        v_inv = 1.0 / (s2v + psi)
        xv = x * v_inv[:, None]
        p_mat = np.diag(v_inv) - xv @ np.linalg.solve(x.T @ xv, xv.T)
        py = p_mat @ theta
        score = -0.5 * np.trace(p_mat) + 0.5 * py @ py
        info = 0.5 * np.sum(p_mat * p_mat)
        new = max(s2v + score / info, floor)
        if abs(new - s2v) <= tol * max(1.0, abs(s2v)):
            return new, it
        s2v = new
    return s2v, max_iter


def fay_herriot(
    theta_hat,
    psi,
    x,
    method: str = "reml",
    sigma2_v: float | None = None,
    tol: float = 1e-12,
    max_iter: int = 200,
) -> FayHerriotFit:
    """Fit and predict for all areas. Areas with NaN ``theta_hat`` or ``psi`` are predicted
    synthetically; ``x`` must include the intercept column if one is wanted."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    theta_hat = np.asarray(theta_hat, dtype=float)
    psi = np.asarray(psi, dtype=float)
    x = np.asarray(x, dtype=float)
    x = x[:, None] if x.ndim == 1 else x
    has = np.isfinite(theta_hat) & np.isfinite(psi)
    th, ps, xs = theta_hat[has], psi[has], x[has]
    m, p = xs.shape
    if np.any(ps < 0):
        raise ValueError("a sampling variance psi is negative")
    floor = _floor(ps)
    iterations = 0
    if method == "fixed":
        if sigma2_v is None:
            raise ValueError("method='fixed' needs sigma2_v")
        s2v = max(float(sigma2_v), floor)
    elif method == "pr":
        s2v = max(prasad_rao_sigma2(th, xs, ps), floor)
    elif method == "fh":
        s2v = _fh_moment_sigma2(th, xs, ps, floor)
    else:
        start = prasad_rao_sigma2(th, xs, ps) if sigma2_v is None else sigma2_v
        s2v, iterations = _reml_sigma2(th, xs, ps, start, tol, max_iter, floor)
    beta, inv = _gls(th, xs, ps, s2v)
    synth = x @ beta
    gamma = np.zeros(theta_hat.size)
    gamma[has] = s2v / (s2v + ps)
    eblup = synth.copy()
    eblup[has] = gamma[has] * th + (1.0 - gamma[has]) * synth[has]
    lev = np.einsum("ij,jk,ik->i", x, inv, x)
    g1 = np.where(has, gamma * np.where(has, psi, 0.0), 0.0)
    g2 = (1.0 - gamma) ** 2 * lev
    if method == "pr":
        vbar = 2.0 * np.sum((s2v + ps) ** 2) / m**2
    elif method == "fh":
        vbar = 2.0 * m / np.sum(1.0 / (s2v + ps)) ** 2
    elif method == "reml":
        vbar = 2.0 / np.sum(1.0 / (s2v + ps) ** 2)
    else:
        vbar = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        g3 = np.where(has, psi**2 / (s2v + psi) ** 3 * vbar, 0.0)
    mse = np.where(has, g1 + g2 + 2.0 * g3, s2v + g2)
    return FayHerriotFit(s2v, beta, gamma, eblup, g1, g2, g3, mse, method, iterations, ~has)


def smooth_sampling_variances(psi, n, min_n: int = 10) -> np.ndarray:
    """Generalised variance function psi = a + b/n fitted (OLS) over areas with finite psi;
    replaces psi for areas with n < min_n (and fills undefined ones)."""
    psi = np.asarray(psi, dtype=float)
    n = np.asarray(n, dtype=float)
    ok = np.isfinite(psi) & (n >= 2)
    if ok.sum() < 3:
        return psi.copy()
    design = np.column_stack([np.ones(ok.sum()), 1.0 / n[ok]])
    coef = np.linalg.lstsq(design, psi[ok], rcond=None)[0]
    with np.errstate(divide="ignore"):
        fitted = coef[0] + coef[1] / np.maximum(n, 1.0)
    fitted = np.maximum(fitted, np.min(psi[ok][psi[ok] > 0]) if np.any(psi[ok] > 0) else 0.0)
    out = psi.copy()
    replace = (n < min_n) | ~np.isfinite(psi)
    out[replace & (n >= 1)] = fitted[replace & (n >= 1)]
    return out


def benchmark_to_regions(estimate, formatie, region, region_rate, region_formatie):
    """Scale area estimates so formatie-weighted they add up to the direct regional estimate."""
    estimate = np.asarray(estimate, dtype=float)
    formatie = np.asarray(formatie, dtype=float)
    n_reg = len(region_rate)
    modelled = np.bincount(region, weights=estimate * formatie, minlength=n_reg)
    target = np.asarray(region_rate, dtype=float) * np.asarray(region_formatie, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(modelled > 0, target / modelled, 1.0)
    return estimate * factor[region]
