"""Oracles Q (quality classes) and M (miscellaneous, rounding) of methods.md §5."""

import numpy as np
import pytest

from tekort_stats import quality, rounding


@pytest.mark.parametrize(
    ("n", "n_frame", "resp", "se_pp", "expected"),
    [
        (40, 60, 0.62, 1.1, "A"),  # Q1
        (12, 40, 0.35, 3.0, "E"),  # Q2
        (8, 30, 0.30, 2.0, "F"),  # Q3: n < 10
        (7, 7, 1.00, 0.0, "A"),  # Q4: complete
        (25, 100, 0.20, 2.0, "F"),  # Q5: response < 0.3
        (30, 50, 0.45, 2.0, "E"),  # Q6: response < 0.5
    ],
)
def test_oracle_q_quality_classes(n, n_frame, resp, se_pp, expected):
    assert quality.classify_rate(n, n_frame, resp, se_pp / 100.0) == expected


def test_quality_boundaries_and_totals():
    assert quality.classify_rate(10, 50, 0.5, 0.025) == "A"
    assert quality.classify_rate(10, 50, 0.5, 0.0251) == "E"
    assert quality.classify_rate(10, 50, 0.5, np.nan) == "F"
    got = quality.classify_total([20, 20, 20], [40] * 3, [0.6] * 3, [100.0] * 3, [16.0, 30.0, 40.0])
    assert got.tolist() == ["A", "E", "F"]


def test_oracle_m2_m3_m4():
    assert 0.15 * 15.2 + 0.85 * 8.5 == pytest.approx(9.505, rel=1e-12)
    assert rounding.round_half_up(0.15 * 15.2 + 0.85 * 8.5, 1) == 9.5
    assert 9100 * 129 / 92.6 == pytest.approx(12677.105831533478, rel=1e-12)
    assert 9700 / 0.095 == pytest.approx(102105.26315789473, rel=1e-12)
    assert 10.3 / 12.4 == pytest.approx(0.8306451612903226, rel=1e-12)


def test_oracle_m5_half_up_rounding():
    assert round(12.25, 1) == 12.2  # banker's rounding: what must not be used
    assert rounding.round_half_up(12.25, 1) == 12.3
    assert rounding.round_to_base(9650, 100) == 9700
    assert rounding.round_to_base(9649.9, 100) == 9600
    assert rounding.round_to_base(27.5, 5) == 30
    assert rounding.round_to_base(22.49, 5) == 20
    assert rounding.round_half_up(-12.25, 1) == -12.3
    assert rounding.format_percentage(0.1225) == "12.3"
    with pytest.raises(ValueError):
        rounding.round_half_up(float("nan"), 1)


def test_a_model_based_rate_has_its_own_class_by_its_rmse():
    # 2.5 pp and 5 pp are inclusive, as for a direct rate's SE; no respondent or response rule
    got = quality.classify_model_rate([0.01, 0.025, 0.0251, 0.05, 0.0501, np.nan])
    assert got.tolist() == ["A", "A", "E", "E", "F", "F"]
