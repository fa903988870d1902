"""The one tick algorithm and the scale, against hand-worked examples."""

import math

import pytest

from tekort.charts.axis import Scale, Tick, coord, nice_ticks, tick_decimals


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        # raw step 12/5 = 2.4 → 5 (no 2.5: labels without decimals would read 0/2/5/7/10/12)
        (0, 12.0, [0, 5, 10, 15]),
        (0, 10.0, [0, 2, 4, 6, 8, 10]),  # raw 2 is itself a nice step
        (0, 34.13, [0, 10, 20, 30, 40]),  # raw 6.8 → 10
        (0, 3.2, [0, 1, 2, 3, 4]),  # raw 0.64 → 1
        (0, 0.4, [0, 0.1, 0.2, 0.3, 0.4]),  # raw 0.08 → 0.1, ends on 0.4 exactly
        (0, 230, [0, 50, 100, 150, 200, 250]),  # raw 46 → 50
        (-120, 380, [-200, -100, 0, 100, 200, 300, 400]),  # raw 100 → 100, floor and ceil
        (4870, 6130, [4500, 5000, 5500, 6000, 6500]),  # raw 252 → 500 (200 < 252); not from 0
        (5, 5, [5, 5.2, 5.4, 5.6, 5.8, 6]),  # an empty range becomes [5, 6]
    ],
)
def test_ticks_are_nice_numbers_covering_the_range(low, high, ticks):
    got = nice_ticks(low, high)
    assert got == pytest.approx(ticks)
    assert got[0] <= low and got[-1] >= high


def test_every_step_is_one_two_or_five_times_a_power_of_ten():
    for high in (0.07, 0.9, 1.3, 7.7, 19, 45, 99.9, 1234, 98765):
        ticks = nice_ticks(0, high)
        step = ticks[1] - ticks[0]
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 9) in (1, 2, 5), (high, ticks)
        assert 3 <= len(ticks) <= 7, (high, ticks)


def test_no_ticks_for_nan():
    with pytest.raises(ValueError):
        nice_ticks(0, float("nan"))


def test_labels_show_the_decimals_of_the_step():
    assert tick_decimals([0, 5, 10]) == 0
    assert tick_decimals([0, 0.5, 1.0]) == 1
    assert tick_decimals([0, 0.2, 0.4]) == 1
    assert tick_decimals([0, 0.05, 0.1]) == 2
    assert tick_decimals([3]) == 0


def test_scale_maps_linearly_and_upward_for_y():
    y = Scale(0, 20, 280, 16)  # value 0 at the bottom (280 px), 20 at the top (16 px)
    assert y(0) == 280 and y(20) == 16 and y(10) == 148
    x = Scale(2024, 2024, 56, 570)  # one x: drawn in the middle
    assert x(2024) == 313


def test_coordinates_are_never_localised_and_ticks_unpack():
    assert coord(12.5) == "12.5" and coord(3) == "3.0"  # a point, whatever the locale
    assert "," not in coord(1234.5)
    pos, label = Tick("10.0", "5%")
    assert (pos, label) == ("10.0", "5%")
