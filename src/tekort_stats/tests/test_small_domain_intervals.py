"""Intervals in small domains (methods.md §2.4, method 1.1.0): leverage-adjusted residuals,
the variance floor and the domain's Satterthwaite degrees of freedom, each against a computation
written out here or against samplics."""

import warnings

import numpy as np
import pytest
from scipy import stats

from tekort_stats import Settings, estimate_round, ratio, variance
from tekort_stats.tests.oracles import example_b
from tekort_stats.tests.test_estimate_round import oracle_b_round

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # "samplics is archived"
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")
TOL = 1e-9


def _round(seed, n_strata=4):
    rng = np.random.default_rng(seed)
    n_h = rng.integers(3, 12, n_strata)
    N_h = n_h + rng.integers(1, 25, n_strata)
    s = np.repeat(np.arange(n_strata), n_h)
    x = rng.gamma(3.0, 4.0, s.size) + 1.0
    f = x * rng.uniform(0.9, 1.1, s.size)
    y = f * np.clip(rng.normal(0.1, 0.06, s.size), 0, None)
    X_h = np.bincount(s, weights=x) * N_h / n_h
    domain = rng.integers(0, 3, s.size)  # cuts across the strata
    return s, x, f, y, n_h, N_h, X_h, domain


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_leverage_adjusted_domain_variance_matches_samplics(seed):
    s, x, f, y, n_h, N_h, X_h, domain = _round(seed)
    w = ratio.ratio_weights(s, x, X_h)
    d = 1
    in_d = domain == d
    r_d = (w * y * in_d).sum() / (w * f * in_d).sum()
    z = y - r_d * f
    mine = variance.domain_variances(z, w, x, s, domain, n_h, N_h, 3, leverage=True)[d]
    # by hand: residualise z 1_D on x per stratum, divide by sqrt(1 - x_i / sum_{s_h} x)
    zd = z * in_d
    b_h = np.bincount(s, weights=zd) / np.bincount(s, weights=x)
    e = zd - b_h[s] * x
    h = x / np.bincount(s, weights=x)[s]
    tot = TaylorEstimator(PopParam.total)
    tot.estimate(
        e / np.sqrt(1 - h),
        samp_weight=w,
        stratum=s,
        fpc={k: 1 - n_h[k] / N_h[k] for k in range(n_h.size)},
    )
    assert mine == pytest.approx(tot.variance, rel=TOL)
    plain = variance.domain_variances(z, w, x, s, domain, n_h, N_h, 3)[d]
    assert mine > plain  # every leverage is in (0, 1): the residuals only grow


def test_satterthwaite_degrees_of_freedom_by_hand():
    s, x, f, y, n_h, N_h, X_h, domain = _round(5, n_strata=3)
    w = ratio.ratio_weights(s, x, X_h)
    v, nu = variance.domain_variances(y, w, x, s, domain, n_h, N_h, 3, with_df=True)
    for d in range(3):
        parts, dfs = [], []
        for k in range(3):
            m = s == k
            zd = y[m] * (domain[m] == d)
            e = w[m] * (zd - zd.sum() / x[m].sum() * x[m])
            c = (1 - n_h[k] / N_h[k]) * n_h[k] / (n_h[k] - 1)
            parts.append(c * ((e - e.mean()) ** 2).sum())
            dfs.append(max(min(n_h[k] - 1, int((domain[m] == d).sum())), 1))
        parts = np.array(parts)
        assert v[d] == pytest.approx(parts.sum(), rel=1e-12)
        assert nu[d] == pytest.approx(parts.sum() ** 2 / (parts**2 / np.array(dfs)).sum(), 1e-12)


def test_floor_equals_the_linearised_variance_of_a_whole_stratum():
    y, f, s, n_h, N_h, F_h = example_b()
    w = ratio.ratio_weights(s, f, F_h)
    r_h = ratio.stratum_ratios(y, f, s, 2)
    e = y - r_h[s] * f
    floor, _ = variance.floor_variances(e, w, s, s, n_h, N_h, 2)
    lin = variance.domain_variances(e, w, f, s, s, n_h, N_h, 2)
    assert floor[0] == pytest.approx(lin, rel=1e-12)


def test_a_one_respondent_domain_gets_the_floor_not_zero():
    y, f, s, n_h, N_h, F_h = example_b()
    w = ratio.ratio_weights(s, f, F_h)
    domain = np.zeros(s.size, dtype=int)
    domain[2] = 1  # one respondent of stratum 0 alone in domain 1
    r_1 = y[2] / f[2]
    v = variance.domain_variances(y - r_1 * f, w, f, s, domain, n_h, N_h, 2)
    assert v[1] == 0.0  # one respondent: its ratio residual is identically zero
    r_h = ratio.stratum_ratios(y, f, s, 2)
    floor, nu = variance.floor_variances(y - r_h[s] * f, w, s, domain, n_h, N_h, 2)
    e0 = (y - r_h[s] * f)[s == 0]
    by_hand = (1 - 6 / 10) * e0.var(ddof=1) * w[2] ** 2
    assert floor[0, 1] == pytest.approx(by_hand, rel=1e-12)
    assert nu[0, 1] == pytest.approx(5.0)  # stratum 0's n_h - 1


def test_entry_point_uses_the_floor_and_the_domain_degrees_of_freedom():
    frame, responses = oracle_b_round()
    args = (frame, responses, ["schoolweging_band", "municipality_code"])
    new = estimate_round(*args, rng=np.random.default_rng(1), n_bootstrap=0).cells
    old = estimate_round(
        *args,
        rng=np.random.default_rng(1),
        n_bootstrap=0,
        settings=Settings(small_domain_intervals=False),
    ).cells
    t = new[new.measure == "tekort"]
    assert (t.se_rate >= old[old.measure == "tekort"].se_rate - 1e-15).all()
    assert (t.df_rate <= 9 - 2).all()  # never more than the design's n - H
    half = t.ci_high - t.rate
    q = stats.t.ppf(0.975, np.floor(t.df_rate + 1e-9))
    np.testing.assert_allclose(half, q * t.se_rate, rtol=1e-12)
    assert (old.df_rate == 7).all()


def test_t_quantiles_round_degrees_down_and_keep_nan():
    q = variance.t_quantiles(np.array([2.7, 30.0, np.inf, np.nan, 0.2]))
    assert q[0] == pytest.approx(stats.t.ppf(0.975, 2))
    assert q[1] == pytest.approx(stats.t.ppf(0.975, 30))
    assert q[2] == pytest.approx(stats.norm.ppf(0.975))
    assert np.isnan(q[3])
    assert q[4] == pytest.approx(stats.t.ppf(0.975, 1))


def test_a_domain_without_respondents_has_no_estimate_not_zero_plus_minus_zero():
    frame, responses = oracle_b_round()
    frame.loc[frame.location_id.isin(["L08", "L09"]), "municipality_code"] = "M3"  # nobody answers
    for small in (True, False):
        cells = estimate_round(
            frame,
            responses,
            ["municipality_code"],
            rng=np.random.default_rng(1),
            n_bootstrap=0,
            settings=Settings(small_domain_intervals=small),
        ).cells
        m3 = cells[(cells.domain == "municipality_code=M3") & (cells.measure == "tekort")].iloc[0]
        assert m3.n_responding == 0 and m3.n_frame == 2
        for col in ("rate", "se_rate", "ci_low", "fte", "se_fte", "ci_fte_low", "ci_fte_high"):
            assert np.isnan(m3[col]), col
        assert m3.quality_class == "F" and m3.quality_class_fte == "F"
        m1 = cells[(cells.domain == "municipality_code=M1") & (cells.measure == "tekort")].iloc[0]
        assert m1.fte > 0 and m1.se_fte > 0
