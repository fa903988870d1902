"""Simulation: 500 synthetic rounds with a known truth and 55 % response (seeded, seconds).

The population is fixed (the census ratio is the truth); each round draws which locations
respond (missing at random within strata, G5-like strata complete), estimates with the production
code path (calibrated weights, domain linearisation, t interval) and checks whether the 95 %
interval covers the truth. Nominal coverage must be reproduced: 93–97 %.
"""

import numpy as np

from tekort_stats import ratio
from tekort_stats.domains import Partition, Sample, linearised
from tekort_stats.variance import design_df

N_ROUNDS = 500


def _population(rng):
    n_strata, per = 12, 160
    stratum = np.repeat(np.arange(n_strata), per)
    f = rng.gamma(4.0, 3.0, stratum.size) + 1.0
    level = rng.uniform(0.04, 0.16, n_strata)[stratum]
    rate = np.clip(level + rng.normal(0, 0.05, stratum.size), 0, None)
    rate[rng.random(stratum.size) < 0.3] = 0.0
    y = f * rate
    region = stratum % 4  # domains that cut across strata
    complete = stratum == 0  # a "G5" stratum with mandatory response
    return stratum, f, y, region, complete


def test_linearised_t_intervals_cover_the_truth_at_the_nominal_rate():
    rng = np.random.default_rng(20261123)
    stratum, f, y, region, complete = _population(rng)
    n_strata = stratum.max() + 1
    big_n = np.bincount(stratum)
    x_h = np.bincount(stratum, weights=f)
    truth_nat = y.sum() / f.sum()
    truth_reg = np.bincount(region, weights=y) / np.bincount(region, weights=f)
    nat = Partition("national", (), np.zeros(stratum.size, dtype=np.int64), ["national"], None)
    reg = Partition(
        "region", ("region",), region.astype(np.int64), [f"r{k}" for k in range(4)], None
    )
    cover_nat, cover_reg = [], []
    for _ in range(N_ROUNDS):
        responding = complete | (rng.random(stratum.size) < 0.55)
        idx = np.flatnonzero(responding)
        s = stratum[idx]
        n_h = np.bincount(s, minlength=n_strata)
        w = ratio.ratio_weights(s, f[idx], x_h)
        sample = Sample(w, f[idx], f[idx], {"tekort": y[idx]}, s, n_h, big_n, x_h, s, idx)
        df = design_df(idx.size, n_strata)
        e_nat = linearised(sample, nat, ["tekort"], df)
        e_reg = linearised(sample, reg, ["tekort"], df)
        cover_nat.append(e_nat["ci_low"][0, 0] <= truth_nat <= e_nat["ci_high"][0, 0])
        cover_reg.extend((e_reg["ci_low"][0] <= truth_reg) & (truth_reg <= e_reg["ci_high"][0]))
    print("coverage national", np.mean(cover_nat), "regions", np.mean(cover_reg))
    assert 0.93 <= np.mean(cover_nat) <= 0.97, np.mean(cover_nat)
    assert 0.93 <= np.mean(cover_reg) <= 0.97, np.mean(cover_reg)
