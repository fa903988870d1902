"""Oracle D (Rao–Wu–Yue bootstrap by exact enumeration) and the seeded random-draw tests."""

import itertools

import numpy as np
import pytest

from tekort_stats import bootstrap, ratio
from tekort_stats.tests.oracles import (
    A_F,
    A_FPOP,
    A_N,
    A_Y,
    B2_F,
    B2_FPOP,
    B2_N,
    B2_Y,
    REL,
    example_b,
)


def _enumerate(y, f, n_pop):
    """All n^(n-1) equally likely ordered draws: replicate totals and ratios (design weights)."""
    n = y.size
    s = np.zeros(n, dtype=int)
    draws = np.array(list(itertools.product(range(n), repeat=n - 1)))
    counts = np.stack([np.bincount(dr, minlength=n) for dr in draws])
    a = bootstrap.multipliers_from_counts(counts, s, [n], [n_pop])
    w = a * (n_pop / n)
    return w @ y, (w @ y) / (w @ f), a


def test_oracle_d1_enumeration_stratum_2_of_b():
    lam = bootstrap.rescaling_lambda([3], [5])[0]
    assert lam == pytest.approx(0.6324555320336759, rel=REL)
    t, r, a = _enumerate(B2_Y, B2_F, B2_N)
    w_levels = np.unique(np.round(a * 5 / 3, 12))
    assert w_levels == pytest.approx(
        [0.6125741132772069, 2.1937129433613967, 3.774851773445586], rel=1e-11
    )
    assert r[0] == pytest.approx(0.2132455532033676, rel=REL)
    assert t[0] == pytest.approx(8.529822128134704, rel=REL)
    assert bootstrap.bootstrap_variance(t, 6.0) == pytest.approx(1.7333333333333, rel=1e-12)
    assert bootstrap.bootstrap_variance(r, 0.15) == pytest.approx(0.0010134765545625549, rel=REL)
    assert r.mean() == pytest.approx(0.1502886726803131, rel=REL)


def test_oracle_d2_enumeration_stratum_a_and_combined():
    t, r, _ = _enumerate(A_Y, A_F, A_N)
    assert r.size == 6**5
    assert bootstrap.bootstrap_variance(t, 10.0) == pytest.approx(3.3333333333333, rel=1e-12)
    v1 = bootstrap.bootstrap_variance(r, 0.1)
    assert v1 == pytest.approx(0.0003484589292896947, rel=REL)
    _, r2, _ = _enumerate(B2_Y, B2_F, B2_N)
    v2 = bootstrap.bootstrap_variance(r2, 0.15)
    assert 0.625**2 * v1 + 0.375**2 * v2 == pytest.approx(0.0002786369097391463, rel=REL)


def _ps_replicates(n_rep, rng):
    y, f, s, n_h, N_h, F_h = example_b()
    a = bootstrap.replicate_multipliers(s, n_h, N_h, n_rep, rng)
    # recalibrate each replicate: w* = a X_h / sum_{s_h} a x  (post-stratified ratio)
    sx = np.stack([np.bincount(s, weights=row * f, minlength=2) for row in a])
    w = a * (F_h / sx)[:, s]
    return (w @ y) / (w @ f), a


def test_same_seed_same_replicates_and_different_seed_differs():
    r1, a1 = _ps_replicates(50, np.random.default_rng(2026))
    r2, a2 = _ps_replicates(50, np.random.default_rng(2026))
    r3, _ = _ps_replicates(50, np.random.default_rng(2027))
    assert np.array_equal(a1, a2) and np.array_equal(r1, r2)
    assert not np.array_equal(r1, r3)


def test_monte_carlo_variance_within_5_percent_of_enumeration():
    r, a = _ps_replicates(20_000, np.random.default_rng(11))
    v = bootstrap.bootstrap_variance(r, 0.11875)
    assert abs(v / 2.786369e-4 - 1) < 0.05
    # each replicate draws m_h = n_h - 1 units per stratum
    counts_stratum_1 = (a[:, :6] - (1 - np.sqrt(0.4))) / (np.sqrt(0.4) * 6 / 5)
    assert np.allclose(counts_stratum_1.sum(axis=1), 5)


def test_draws_respect_strata_and_complete_strata_are_not_resampled():
    s = np.array([2, 0, 1, 0, 2, 1, 0, 3])
    n_h = np.bincount(s)
    counts = bootstrap.draw_counts(s, n_h, 200, np.random.default_rng(1))
    for h in range(4):
        assert np.all(counts[:, s == h].sum(axis=1) == max(n_h[h] - 1, 0))
    a = bootstrap.multipliers_from_counts(counts, s, n_h, n_h)  # all complete: phi = 1
    assert np.all(a == 1.0)
    _ = ratio  # module used elsewhere
    assert A_FPOP == 100.0 and B2_FPOP == 60.0
