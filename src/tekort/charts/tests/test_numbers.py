"""The one Dutch number formatter: decimal comma, thousands dot, half up."""

from decimal import Decimal

import pytest

from tekort.charts.numbers import nl_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (57.6, 0, "58"),  # rounded, not cut off (Django's number_format gives "57")
        (12.25, 1, "12,3"),  # half up from the shortest repr, not 12.2499999…
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (0.05, 1, "0,1"),
        (-2.25, 1, "-2,3"),  # half up away from zero, as ROUND_HALF_UP does
        (-0.04, 1, "0,0"),  # never "-0,0"
        (Decimal("2.675"), 2, "2,68"),
        (7, 1, "7,0"),
        (10**17 + 1, 0, "100.000.000.000.000.001"),  # an int is not passed through a float
    ],
)
def test_dutch_text(value, decimals, text):
    assert nl_number(value, decimals) == text


def test_nothing_is_empty_and_grouping_can_be_left_out():
    assert nl_number(None) == ""
    assert nl_number(1234.5, 1, grouping=False) == "1234,5"


def test_a_truth_value_is_refused():
    with pytest.raises(TypeError):
        nl_number(True)
