"""Pooling published strata: checked against hand-computed values."""

import math

import pytest

from tekort_stats.pooling import pooled_ratio_se, pooled_total, se_from_interval, z_value


def test_z_value_is_the_normal_quantile():
    assert z_value(0.95) == pytest.approx(1.959963984540054, abs=1e-12)
    assert z_value(0.90) == pytest.approx(1.6448536269514722, abs=1e-12)


def test_se_from_a_published_interval():
    # 100 ± 1.96 * 10 -> se 10
    assert se_from_interval(100 - 19.59963984540054, 100 + 19.59963984540054) == pytest.approx(10)
    with pytest.raises(ValueError):
        se_from_interval(5.0, 4.0)


def test_totals_add_and_variances_add():
    # by hand: 3-4-5 triangle: se 3 and 4 pool to 5
    assert pooled_total([10.0, 20.0], [3.0, 4.0]) == (30.0, 5.0)
    total, se = pooled_total([1.0, 2.0, 3.0], [1.0, 2.0, 2.0])
    assert total == 6.0 and se == 3.0


def test_ratio_se_weights_each_stratum_by_its_share_squared():
    # X = 100 and 300 (shares 1/4, 3/4), se 0.04 and 0.02:
    # sqrt((1/4)^2 0.04^2 + (3/4)^2 0.02^2) = sqrt(0.0001 + 0.000225) = sqrt(0.000325)
    assert pooled_ratio_se([100.0, 300.0], [0.04, 0.02]) == pytest.approx(math.sqrt(0.000325))
    assert pooled_ratio_se([50.0], [0.03]) == pytest.approx(0.03)
    with pytest.raises(ValueError):
        pooled_ratio_se([0.0], [0.1])
