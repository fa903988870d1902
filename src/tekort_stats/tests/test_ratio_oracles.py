"""Oracles A, B, B2 and M1 of methods.md §5 (ratio estimator, post-stratified, domains)."""

import numpy as np
import pytest

from tekort_stats import ratio, variance
from tekort_stats.tests.oracles import A_F, A_FPOP, A_N, A_Y, REL, example_b


def _one_stratum():
    s = np.zeros(6, dtype=int)
    w = ratio.ratio_weights(s, A_F, [A_FPOP])
    r = ratio.ratio_of_totals(w, A_Y, A_F)
    v = variance.domain_variances(A_Y - r * A_F, w / A_FPOP, A_F, s, s, [6], [A_N], 1)[0]
    return w, r, v


def test_oracle_a_ratio_variance_and_intervals():
    w, r, v = _one_stratum()
    assert r == pytest.approx(0.1, rel=REL)
    assert v == pytest.approx(3.333333333333e-4, rel=1e-12)
    se = np.sqrt(v)
    assert se == pytest.approx(0.01825741858350554, rel=REL)
    assert float(np.dot(w, A_Y)) == pytest.approx(10.0, rel=REL)
    assert A_FPOP * se == pytest.approx(1.825741858350554, rel=REL)
    lo, hi = variance.t_interval(r, se, variance.design_df(6, 1))
    assert (lo, hi) == (
        pytest.approx(0.053067811423632, rel=REL),
        pytest.approx(0.146932188576368, rel=REL),
    )
    lo, hi = variance.z_interval(r, se)
    assert (lo, hi) == (
        pytest.approx(0.064216117125657, rel=REL),
        pytest.approx(0.135783882874343, rel=REL),
    )
    lo, hi = variance.logit_interval(r, se)
    assert (lo, hi) == (
        pytest.approx(0.069472329521691, rel=REL),
        pytest.approx(0.141896612538028, rel=REL),
    )


def test_oracle_a_total_variance_via_domain_totals():
    s = np.zeros(6, dtype=int)
    w = ratio.ratio_weights(s, A_F, [A_FPOP])
    v_total = variance.domain_variances(A_Y, w, A_F, s, s, [6], [A_N], 1)[0]
    assert np.sqrt(v_total) == pytest.approx(1.825741858350554, rel=REL)


def test_oracle_m1_ratio_of_totals_is_not_mean_of_rates():
    w, r, _ = _one_stratum()
    assert np.mean(A_Y / A_F) == pytest.approx(0.10648148148148147, rel=REL)
    assert r == pytest.approx(0.1, rel=REL)
    assert abs(np.mean(A_Y / A_F) - r) > 1e-3


def test_oracle_b_post_stratified():
    y, f, s, n_h, N_h, F_h = example_b()
    r_ps, y_ps = ratio.separate_ratio(y, f, s, F_h)
    assert r_ps == pytest.approx(0.11875, rel=REL)
    assert y_ps == pytest.approx(19.0, rel=REL)
    w = ratio.ratio_weights(s, f, F_h)
    assert w[[0, 6]] == pytest.approx([100 / 60, 2.5], rel=REL)
    d = ratio.design_weights(s, n_h, N_h)
    assert (w / d)[[0, 6]] == pytest.approx([1.0, 1.5], rel=REL)
    assert ratio.ratio_of_totals(w, y, f) == pytest.approx(0.11875, rel=REL)
    whole = np.zeros(9, dtype=int)
    v = variance.domain_variances(y - r_ps * f, w / F_h.sum(), f, s, whole, n_h, N_h, 1)[0]
    assert v == pytest.approx(2.737630208333e-4, rel=1e-12)
    se = np.sqrt(v)
    assert se == pytest.approx(0.016545785591301893, rel=REL)
    assert se * F_h.sum() == pytest.approx(2.647325694608303, rel=REL)
    lo, hi = variance.t_interval(r_ps, se, variance.design_df(9, 2))
    assert (lo, hi) == (
        pytest.approx(0.079625434129153, rel=REL),
        pytest.approx(0.157874565870847, rel=REL),
    )
    # per-stratum variances
    per = variance.domain_variances(y - np.where(s == 0, 0.1, 0.15) * f, w, f, s, s, n_h, N_h, 2)
    assert per / F_h**2 == pytest.approx([3.333333333333e-4, 1.0208333333333e-3], rel=1e-12)
    # the naive pooled ratio is a different (wrong) number
    assert y.sum() / f.sum() == pytest.approx(0.1142857142857143, rel=REL)


def test_oracle_b2_domain_across_strata_needs_residualisation():
    y, f, s, n_h, N_h, F_h = example_b()
    w = ratio.ratio_weights(s, f, F_h)
    in_d = np.zeros(9, dtype=int)
    in_d[[0, 2, 4, 6]] = 1
    f_d = np.sum(w * f * in_d)
    y_d = np.sum(w * y * in_d)
    r_d = y_d / f_d
    assert f_d == pytest.approx(71.66666666666667, rel=REL)
    assert y_d == pytest.approx(10.833333333333332, rel=REL)
    assert r_d == pytest.approx(0.15116279069767438, rel=REL)
    z = y - r_d * f
    v = variance.domain_variances(z, w / f_d, f, s, in_d, n_h, N_h, 2)[1]
    assert v == pytest.approx(5.366627071888657e-4, rel=1e-12)
    assert np.sqrt(v) == pytest.approx(0.023165981679800787, rel=REL)
    # without residualisation (u = w z 1_D / F_D straight into the stratified formula): wrong number
    u = w * z * in_d / f_d
    assert variance.stratified_variance(u, s, n_h, N_h) == pytest.approx(
        5.126007626650398e-4, rel=1e-12
    )


def test_complete_stratum_has_zero_variance_and_thin_stratum_is_undefined():
    s = np.zeros(6, dtype=int)
    w = ratio.ratio_weights(s, A_F, [A_F.sum()])
    r = ratio.ratio_of_totals(w, A_Y, A_F)
    assert variance.domain_variances(A_Y - r * A_F, w, A_F, s, s, [6], [6], 1)[0] == 0.0
    one = np.zeros(1, dtype=int)
    v = variance.domain_variances(np.array([0.3]), np.ones(1), np.ones(1), one, one, [1], [4], 1)
    assert np.isnan(v[0])
