"""Oracle C (GREG calibration) of methods.md §5 and bounded calibration."""

import numpy as np
import pytest

from tekort_stats import greg, ratio, variance
from tekort_stats.tests.oracles import A_F, A_N, A_Y, REL


def test_oracle_c1_intercept_and_formatie():
    d = np.full(6, 10 / 6)
    x = np.column_stack([np.ones(6), A_F])
    g = greg.calibration_factors(d, x, [10.0, 110.0])
    assert g == pytest.approx([1.00, 0.76, 1.24, 0.52, 0.88, 1.60], rel=REL)
    assert g == pytest.approx(1 + 0.12 * (A_F - 10), rel=REL)
    w = d * g
    assert w.sum() == pytest.approx(10.0, rel=REL)
    assert w @ A_F == pytest.approx(110.0, rel=REL)
    assert greg.regression_coefficients(d, x, A_Y) == pytest.approx([0.5, 0.05], rel=REL)
    e = greg.calibration_residuals(d, x, A_Y)
    assert e == pytest.approx([0, -0.9, 0.9, 0.7, -0.45, -0.25], abs=1e-12)
    assert d @ A_Y == pytest.approx(10.0, rel=REL)
    y_greg = w @ A_Y
    assert y_greg == pytest.approx(10.5, rel=REL)
    assert y_greg / 110 == pytest.approx(0.09545454545454546, rel=REL)
    v = variance.stratified_variance(w * e, np.zeros(6, dtype=int), [6], [A_N])
    assert v == pytest.approx(2.8834986666666667, rel=REL)
    assert np.sqrt(v) == pytest.approx(1.6980867665306938, rel=REL)
    assert np.sqrt(v) / 110 == pytest.approx(0.015437152423006308, rel=REL)


def test_oracle_c2_ratio_model_is_the_separate_ratio_estimator():
    d = np.full(6, 10 / 6)
    g = greg.calibration_factors(d, A_F, [110.0], c=A_F)
    assert g == pytest.approx(np.full(6, 1.1), rel=REL)
    assert d * g == pytest.approx(np.full(6, 110 / 60), rel=REL)
    assert (d * g) @ A_Y == pytest.approx(11.0, rel=REL)
    w_ratio = ratio.ratio_weights(np.zeros(6, dtype=int), A_F, [110.0])
    assert d * g == pytest.approx(w_ratio, rel=REL)


def test_stratified_ratio_model_as_greg_equals_post_stratified_weights():
    from tekort_stats.tests.oracles import example_b

    y, f, s, n_h, N_h, F_h = example_b()
    d = ratio.design_weights(s, n_h, N_h)
    x = np.zeros((9, 2))
    x[np.arange(9), s] = f
    g = greg.calibration_factors(d, x, F_h, c=f)
    assert d * g == pytest.approx(ratio.ratio_weights(s, f, F_h), rel=REL)


def test_bounded_calibration_meets_totals_within_bounds():
    rng = np.random.default_rng(7)
    n = 40
    d = np.full(n, 5.0)
    x = np.column_stack([np.ones(n), rng.gamma(2.0, 5.0, n)])
    totals = np.array([n * 5.0, (d @ x[:, 1]) * 1.3])  # a big shift forces extreme g
    g_lin = greg.calibration_factors(d, x, totals)
    assert g_lin.min() < 0.5 and g_lin.max() > 2.0  # linear g leave the bounds
    res = greg.calibration_factors_bounded(d, x, totals, lower=0.5, upper=2.0)
    assert (d * res.g) @ x == pytest.approx(totals, rel=1e-10)
    assert res.g.min() >= 0.5 - 1e-12 and res.g.max() <= 2.0 + 1e-12
    assert res.bounded
    with pytest.raises(ValueError):
        greg.calibration_factors_bounded(d, x, totals * np.array([1, 10]), lower=0.9, upper=1.1)
