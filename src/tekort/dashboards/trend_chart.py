"""The board's trend chart (template dashboards/trend.svg.html), built by :mod:`tekort.charts`.

Three series over the rounds: the board, its onderwijsregio and the nation. Colour is never the
only carrier: each series has its own line pattern (solid, dashed, dotted) and marker shape
(circle, square, diamond), is named at its last point, and the table below gives every value.
Missing or suppressed values leave a gap.
"""

from __future__ import annotations

from tekort.charts.lines import Frame, Line, LineChart, line_chart

FRAME = Frame(width=720, height=320, left=56, right=150, top=16, bottom=40)


def trend_chart(labels: list[str], series: dict[str, tuple[str, list]]) -> LineChart | None:
    """``labels``: x labels (peildata); ``series``: key -> (label, values with gaps). The axis
    reaches 1 % at least, so that a small rate is not drawn as a steep climb."""
    return line_chart(
        list(range(len(labels))),
        [Line(key, label, values) for key, (label, values) in series.items()],
        frame=FRAME,
        x_ticks=list(enumerate(labels)),
        y_at_least=1.0,
    )
