"""Agreement with the independent samplics package (0.6.1) on the same data (§0: 1e-9; REML 1e-6)."""

import warnings

import numpy as np
import pytest

from tekort_stats import ratio, small_area, variance

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # "samplics is archived"
    from samplics.estimation import TaylorEstimator
    from samplics.sae import EblupAreaModel
    from samplics.utils.types import FitMethod, PopParam
    from samplics.weighting import SampleWeight

TOL = 1e-9
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")


def _random_strata(seed, n_strata=4):
    rng = np.random.default_rng(seed)
    n_h = rng.integers(4, 15, n_strata)
    N_h = n_h + rng.integers(1, 30, n_strata)
    s = np.repeat(np.arange(n_strata), n_h)
    f = rng.gamma(3.0, 4.0, s.size) + 1.0
    y = f * np.clip(rng.normal(0.1, 0.05, s.size), 0, None)
    F_h = np.bincount(s, weights=f) * N_h / n_h * rng.uniform(0.9, 1.1, n_strata)
    return s, f, y, n_h, N_h, F_h


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ratio_one_stratum_matches_samplics(seed):
    s, f, y, n_h, N_h, F_h = _random_strata(seed, 1)
    w = ratio.ratio_weights(s, f, F_h)
    r = ratio.ratio_of_totals(w, y, f)
    v = variance.domain_variances(y - r * f, w, f, s, s, n_h, N_h, 1)[0] / F_h[0] ** 2
    lo, hi = variance.t_interval(r, np.sqrt(v), variance.design_df(s.size, 1))
    est = TaylorEstimator(PopParam.ratio)
    est.estimate(y, x=f, samp_weight=np.full(s.size, N_h[0] / n_h[0]), fpc=1 - n_h[0] / N_h[0])
    assert r == pytest.approx(est.point_est, rel=TOL)
    assert v == pytest.approx(est.variance, rel=TOL)
    assert (lo, hi) == (pytest.approx(est.lower_ci, rel=TOL), pytest.approx(est.upper_ci, rel=TOL))


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_post_stratified_ratio_matches_samplics(seed):
    s, f, y, n_h, N_h, F_h = _random_strata(seed)
    d = ratio.design_weights(s, n_h, N_h)
    # calibrated weights agree with samplics' GREG calibration on stratum x formatie, scale f
    x = np.zeros((s.size, n_h.size))
    x[np.arange(s.size), s] = f
    w_samplics = SampleWeight().calibrate(
        d, x, control={h: F_h[h] for h in range(n_h.size)}, scale=f
    )
    w = ratio.ratio_weights(s, f, F_h)
    assert w == pytest.approx(w_samplics, rel=TOL)
    r_ps, _ = ratio.separate_ratio(y, f, s, F_h)
    # per-stratum ratio variances
    r_h = ratio.stratum_ratios(y, f, s, n_h.size)
    mine = variance.domain_variances(y - r_h[s] * f, w, f, s, s, n_h, N_h, n_h.size) / F_h**2
    for h in range(n_h.size):
        est = TaylorEstimator(PopParam.ratio)
        m = s == h
        est.estimate(y[m], x=f[m], samp_weight=d[m], fpc=1 - n_h[h] / N_h[h])
        assert mine[h] == pytest.approx(est.variance, rel=TOL)
    # the union: samplics' total on the stratum residuals with calibrated weights, / F^2
    e = y - r_h[s] * f
    whole = np.zeros(s.size, dtype=int)
    v = variance.domain_variances(y - r_ps * f, w, f, s, whole, n_h, N_h, 1)[0] / F_h.sum() ** 2
    tot = TaylorEstimator(PopParam.total)
    tot.estimate(e, samp_weight=w, stratum=s, fpc={h: 1 - n_h[h] / N_h[h] for h in range(n_h.size)})
    assert v == pytest.approx(tot.variance / F_h.sum() ** 2, rel=TOL)
    lo, hi = variance.t_interval(r_ps, np.sqrt(v), variance.design_df(s.size, n_h.size))
    assert tot.degree_of_freedom == variance.design_df(s.size, n_h.size)
    assert hi - lo > 0


def _samplics_reml(theta, psi, cov):
    m = EblupAreaModel(method=FitMethod.reml)
    m.fit(theta, cov[:, None], np.arange(theta.size), np.sqrt(psi), tol=1e-12, maxiter=500)
    m.predict(cov[:, None], np.arange(theta.size))
    return m


@pytest.mark.parametrize("seed", [None, 10, 11])
def test_fay_herriot_reml_matches_samplics(seed):
    if seed is None:  # oracle H data
        theta = np.array([15.0, 7.0, 11.0, 9.0, 9.0])
        psi = np.array([4.0, 1.0, 9.0, 2.25, 1.0])
        cov = np.array([32.0, 28.0, 34.0, 27.0, 30.0])
    else:
        rng = np.random.default_rng(seed)
        m_areas = 30
        cov = rng.uniform(20, 40, m_areas)
        psi = rng.uniform(0.5, 6.0, m_areas)
        theta = -5 + 0.5 * cov + rng.normal(0, 2.0, m_areas) + rng.normal(0, np.sqrt(psi))
    fit = small_area.fay_herriot(theta, psi, np.column_stack([np.ones(theta.size), cov]), "reml")
    ref = _samplics_reml(theta, psi, cov)
    assert fit.sigma2_v == pytest.approx(ref.re_std**2, rel=1e-6)
    assert fit.beta == pytest.approx(np.asarray(ref.fixed_effects), rel=1e-6)
    est = np.array([ref.area_est[k] for k in range(theta.size)])
    assert fit.eblup == pytest.approx(est, rel=1e-6)
