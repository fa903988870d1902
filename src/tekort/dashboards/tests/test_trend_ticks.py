"""The board chart's y-axis: ticks at round numbers, labelled at their own precision (issue 16)."""

import pytest
from django.utils import translation

from tekort.dashboards.trend_chart import _decimals, _ticks, trend_chart


@pytest.mark.parametrize(
    ("high", "ticks"),
    [
        (12.0, [0, 5, 10, 15]),  # once 0/2.5/…/12.5, labelled 0/2/5/7/10/12
        (10.0, [0, 2, 4, 6, 8, 10]),
        (34.13, [0, 10, 20, 30, 40]),
        (3.2, [0, 1, 2, 3, 4]),
        (0.4, [0, 0.2, 0.4, 0.6, 0.8, 1]),  # the axis reaches 1 at least
        (230, [0, 50, 100, 150, 200, 250]),
    ],
)
def test_ticks_are_round_numbers(high, ticks):
    assert _ticks(high) == ticks


def test_labels_show_the_decimals_of_the_step():
    assert _decimals([0, 5, 10]) == 0
    assert _decimals([0, 0.5, 1.0]) == 1
    assert _decimals([0, 0.2, 0.4]) == 1
    assert _decimals([0, 0.05, 0.1]) == 2


def test_the_chart_labels_its_axis_in_dutch_without_repeats():
    with translation.override("nl"):
        chart = trend_chart(["2024", "2025"], {"a": ("Tekort", [11.2, 12.0])})
    labels = [label for _y, label in chart.y_ticks]
    assert labels == ["0", "5", "10", "15"]
    assert len(set(labels)) == len(labels)
    with translation.override("nl"):
        small = trend_chart(["2024", "2025"], {"a": ("Tekort", [0.3, 0.4])})
    assert [label for _y, label in small.y_ticks] == ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]
