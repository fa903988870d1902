"""The calculator's charts, built by the shared chart package :mod:`tekort.charts`: the
templates draw them, and nothing else does (the page's live update fetches the server-rendered
result section, see views.result). Series differ in dash pattern and marker shape and are
labelled in the chart, so colour never carries the meaning alone."""

from decimal import Decimal

from tekort.charts.lines import Frame, Line, LineChart, line_chart
from tekort.charts.numbers import nl_number
from tekort.charts.rows import Item, RowChart, RowFrame, row_chart

CURVE = Frame(width=640, height=340, left=80, right=150, top=20, bottom=50)
DOTS = RowFrame(width=880, left=380, right=30, top=10, row=18, bar=18, bottom=60)
FTE_STEP = Decimal("0.2")


def euro_label(value: float, decimals: int = 0) -> str:
    return f"€ {nl_number(value, 0)}"


def curve_chart(
    xs: list[Decimal],
    series: list[tuple[str, list[Decimal]]],
    markers: list[tuple[Decimal, str]] = (),
) -> LineChart:
    """Net income per month (``series``: key, values) against the FTE ``xs``, a tick every
    0,2 FTE; ``markers``: vertical lines (now, after) at an FTE."""
    ticks, x = [], xs[0]
    while x <= xs[-1]:
        ticks.append((x, nl_number(x, 1)))
        x += FTE_STEP
    return line_chart(
        xs,
        [Line(key, key, values) for key, values in series],
        frame=CURVE,
        x_ticks=ticks,
        y_label=euro_label,
        rules=markers,
    )


def dot_plot(rows: list[tuple[str, Decimal, Decimal]]) -> RowChart:
    """One row per household: the value without (circle) and with the bonus (square)."""
    return row_chart(
        [Item(label, without, with_bonus) for label, without, with_bonus in rows],
        frame=DOTS,
        extra=[0.0, 1.0],
        x_label=euro_label,
    )
