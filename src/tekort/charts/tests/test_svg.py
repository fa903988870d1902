"""The chart geometry the templates draw: lines with gaps, bands and end labels; rows with bars,
intervals and gaps; and one chart rendered as SVG with its title, description and role."""

import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from tekort.charts.lines import Frame, Line, line_chart, spread
from tekort.charts.rows import Item, RowFrame, row_chart

FRAME = Frame(width=300, height=220, left=50, right=50, top=20, bottom=40)


def _xy(pair: str) -> tuple[float, float]:
    x, y = pair.split(",")
    return float(x), float(y)


def test_a_line_maps_values_onto_the_nice_axis():
    chart = line_chart([2024, 2025, 2026], [Line("a", "A", [5.0, 10.0, 20.0])], frame=FRAME)
    assert [t.label for t in chart.y_ticks] == ["0", "5", "10", "15", "20"]
    (series,) = chart.series
    points = [_xy(p) for p in series.points.split()]
    # x: 50 → 250 px over 2024–2026; y: 0 at 180 px, 20 at 20 px (8 px per unit)
    assert points == [(50.0, 140.0), (150.0, 100.0), (250.0, 20.0)]
    assert (series.label_x, series.label_y) == ("258.0", "24.0")  # beside the last point
    assert chart.zero_y is None


def test_a_gap_breaks_the_line_and_the_band_skips_it():
    chart = line_chart(
        [0, 1, 2, 3],
        [Line("a", "A", [4, None, 6, 8], bands=[([3, None, 5, 7], [5, None, 7, 9])])],
        frame=FRAME,
    )
    (series,) = chart.series
    assert len(series.segments) == 2 and len(series.markers) == 3
    band = series.band
    assert band.startswith("M") and band.endswith(" Z")
    assert band.count(" L") == 5  # three upper and three lower points: six in all


def test_negative_values_extend_the_axis_below_a_zero_line():
    chart = line_chart([0, 1], [Line("a", "A", [-3.0, 8.0])], frame=FRAME)
    # range 11, raw step 2.2 → 5: ticks -5 … 10; 160 px for 15 units, zero 5 units above 180
    assert [t.label for t in chart.y_ticks] == ["-5", "0", "5", "10"]
    assert chart.zero_y == f"{180 - 5 * 160 / 15:.1f}"


def test_end_labels_are_kept_apart_in_order():
    assert spread([100.0, 105.0, 300.0]) == [100.0, 116.0, 300.0]
    assert spread([105.0, 100.0]) == [116.0, 100.0]


def test_nothing_to_draw_is_no_chart():
    assert line_chart([2024], [Line("a", "A", [None])], frame=FRAME) is None


def test_rows_draw_bars_with_intervals_and_gaps():
    frame = RowFrame(width=400, left=100, right=100, row=30, bar=20, bottom=30)
    chart = row_chart(
        [Item("A", 0.0, 8.0, 6.0, 10.0, "8%"), Item("B", end=None, text="[c]")], frame=frame
    )
    assert [t.label for t in chart.ticks] == ["0", "2", "4", "6", "8", "10"]
    a, b = chart.rows
    # 0–10 over 100–300 px: 20 px per unit
    assert (a.x, a.width, a.ci_x1, a.ci_x2) == ("100.0", "160.0", "220.0", "300.0")
    assert (a.y, a.mid_y, a.bar_bottom) == ("5.0", "15.0", "25.0")
    assert a.value_x == "306.0"  # beside the interval, not over it
    assert b.width is None and b.value_text == "[c]"
    assert chart.axis_y == 60 and chart.height == 90


def test_a_span_row_runs_between_its_values_and_covers_extra_values():
    chart = row_chart([Item("A", 70.0, 40.0)], extra=[100.0], min_width=1.0)
    (row,) = chart.rows
    assert float(row.start_x) > float(row.end_x)  # the low value may lie right of the high
    assert float(row.x) == float(row.end_x)
    assert chart.x.high >= 100.0


def test_the_rendered_chart_is_an_image_with_title_and_description():
    chart = row_chart([Item("Bao", 0.0, 8.0, 6.0, 10.0, "8,0%")])
    html = render_to_string(
        "publications/_bar_chart.svg.html",
        {"chart": chart, "chart_id": "c", "chart_title": "Tekort", "chart_desc": "Uitleg."},
    )
    # our own template's output, not untrusted input; inline SVG in HTML has no namespace
    svg = ET.fromstring(html)  # noqa: S314
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find("title").text == "Tekort"
    assert svg.find("desc").text.startswith("Uitleg.")
    (bar,) = svg.findall("rect")
    assert bar.get("width") == chart.rows[0].width
    assert "8,0%" in [t.text for t in svg.iter("text")]
