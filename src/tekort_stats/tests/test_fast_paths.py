"""The fast paths give bit-identical results to the plain computations they replace."""

import numpy as np
import pandas as pd

from tekort_stats import bootstrap, variance
from tekort_stats.domains import (
    ReplicateTotals,
    _partition_by_strings,
    breakdown_columns,
    partitions,
    replicate_weights_t,
)
from tekort_stats.frame import prepare_frame
from tekort_stats.synthetic import synthetic_frame


def _bits(a):
    return np.ascontiguousarray(a, dtype=float).view(np.int64)


def test_group_sums_equal_bincount_bit_for_bit():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 40, 500)
    values = rng.standard_normal((500, 6)) * 10.0 ** rng.integers(-8, 8, (500, 6))
    values[::37, 2] = np.nan
    expected = np.column_stack(
        [np.bincount(codes, weights=values[:, j], minlength=40) for j in range(6)]
    )
    assert np.array_equal(_bits(variance.group_sums(codes, values, 40)), _bits(expected))


def test_partitions_equal_the_string_keys():
    frame = prepare_frame(synthetic_frame(300, np.random.default_rng(4)))
    frame["municipality_code"] = np.random.default_rng(5).choice(["x", "xy", "x|", "é"], 300)
    specs = ["sector", "municipality_code:g5", "sector:schoolweging_band:municipality_code"]
    for spec, fast in zip(specs, partitions(frame, specs), strict=True):
        plain = _partition_by_strings(frame, spec, breakdown_columns(spec))
        assert fast.keys == plain.keys
        assert np.array_equal(fast.code, plain.code)
        pd.testing.assert_frame_equal(fast.values, plain.values)


def test_bootstrap_blocks_equal_all_replicates_at_once():
    frame = prepare_frame(synthetic_frame(400, np.random.default_rng(6)))
    rng = np.random.default_rng(7)
    index = np.sort(rng.choice(400, 250, replace=False))
    stratum = pd.factorize(frame["sector"].to_numpy()[index], sort=True)[0]
    n_h = np.bincount(stratum)
    N_h = n_h + 3
    x = frame["formation_fte"].to_numpy()[index]
    X_h = np.bincount(stratum, weights=x) * 1.3
    parts = partitions(frame, ["national", "sector", "municipality_code", "sector:g5"])
    plan = ReplicateTotals(index, parts, rng.random((250, 3)))
    whole = bootstrap.replicate_multipliers_t(stratum, n_h, N_h, 70, np.random.default_rng(8))
    blocks = list(
        bootstrap.replicate_multipliers_t_blocks(
            stratum, n_h, N_h, 70, np.random.default_rng(8), 16
        )
    )
    assert np.array_equal(_bits(np.hstack(blocks)), _bits(whole))
    at_once = plan.of(replicate_weights_t(whole, stratum, x, X_h))
    by_block = [plan.of(replicate_weights_t(b, stratum, x, X_h)) for b in blocks]
    for i, total in enumerate(at_once):
        assert np.array_equal(_bits(np.concatenate([b[i] for b in by_block], axis=2)), _bits(total))
