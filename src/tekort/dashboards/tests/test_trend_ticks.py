"""The board chart's y-axis: ticks at round numbers, labelled at their own precision (issue 16).

The tick algorithm itself is the chart package's (``tekort/charts/tests``); here: the board's
chart uses it, reaches 1 % at least and labels the ticks the Dutch way."""

import pytest
from django.utils import translation

from tekort.dashboards.trend_chart import trend_chart


def _labels(values):
    with translation.override("nl"):
        chart = trend_chart(["2024", "2025"], {"a": ("Tekort", values)})
    return [label for _y, label in chart.y_ticks]


@pytest.mark.parametrize(
    ("high", "labels"),
    [
        (12.0, ["0", "5", "10", "15"]),  # once 0/2.5/…/12.5, labelled 0/2/5/7/10/12
        (10.0, ["0", "2", "4", "6", "8", "10"]),
        (34.13, ["0", "10", "20", "30", "40"]),
        (3.2, ["0", "1", "2", "3", "4"]),
        (0.4, ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]),  # the axis reaches 1 at least
        (230, ["0", "50", "100", "150", "200", "250"]),
    ],
)
def test_ticks_are_round_numbers_labelled_at_their_precision(high, labels):
    assert _labels([high / 2, high]) == labels


def test_the_chart_labels_its_axis_in_dutch_without_repeats():
    labels = _labels([11.2, 12.0])
    assert labels == ["0", "5", "10", "15"]
    assert len(set(labels)) == len(labels)


def test_a_gap_breaks_the_line_and_the_top_tick_is_the_axis_top():
    chart = trend_chart(["2023", "2024", "2025"], {"a": ("Tekort", [4.0, None, 5.0])})
    (series,) = chart.series
    assert len(series.segments) == 2  # no line drawn across the missing round
    assert chart.y_ticks[-1].pos == f"{chart.top:.1f}"
    assert chart.y_ticks[0].pos == f"{chart.bottom_edge:.1f}"
