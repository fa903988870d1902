"""One horizontal row per item on a shared x axis: bars with their 95 % interval, the tornado's
spans from a low to a high value, the dot plot's two values per row.

Every row is labelled in text on the left and, where it has one, its value in text beside it;
a row without a value is drawn as a labelled gap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tekort.charts.axis import Scale, Tick, coord, nice_ticks, tick_decimals
from tekort.charts.numbers import nl_number


@dataclass(frozen=True)
class RowFrame:
    width: int = 720
    left: int = 230  # room for the row labels
    right: int = 150  # room for the value texts
    top: int = 0
    row: int = 34  # px per row
    bar: int = 18  # px of a bar's height
    bottom: int = 32  # below the last row: the tick labels


@dataclass(frozen=True)
class Item:
    """A row: from ``start`` to ``end`` (``end`` None: a gap), an interval ``low``–``high``
    (either None: none) and a text beside it."""

    label: str
    start: float | None = 0.0
    end: float | None = None
    low: float | None = None
    high: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Row:
    label: str
    y: str  # top of the bar
    mid_y: str  # middle of the row
    text_y: str  # baseline of the row's texts
    bar_bottom: str
    x: str | None  # left end of the bar; None: no value
    width: str | None
    start_x: str | None
    end_x: str | None
    ci_x1: str | None
    ci_x2: str | None
    value_x: str
    value_text: str


GAP = dict.fromkeys(("x", "width", "start_x", "end_x", "ci_x1", "ci_x2"))  # a row without a value


@dataclass
class RowChart:
    width: int
    height: int
    left: int
    plot_right: int
    top: int
    axis_y: int
    bar_height: int
    x: Scale
    ticks: list[Tick]
    rows: list[Row]

    @property
    def bars(self) -> list[Row]:
        return self.rows


def row_chart(
    items: Sequence[Item],
    *,
    frame: RowFrame = RowFrame(),
    extra: Sequence[float] = (),
    x_label: Callable[[float, int], str] | None = None,
    min_width: float = 0.0,
) -> RowChart:
    """The rows of ``items`` on an x axis of nice ticks that covers every value, zero when a
    row starts there, and ``extra`` values (a central line); ``x_label`` writes a tick
    (value, decimals), default :func:`nl_number`. ``min_width``: the narrowest bar drawn."""
    values = [
        float(v)
        for item in items
        for v in (item.start, item.end, item.low, item.high)
        if v is not None and item.end is not None
    ] + [float(v) for v in extra]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    ticks = nice_ticks(low, high)
    plot_right = frame.width - frame.right
    x = Scale(ticks[0], ticks[-1], frame.left, plot_right)
    rows = []
    for i, item in enumerate(items):
        top = frame.top + i * frame.row + (frame.row - frame.bar) / 2
        text_y = top + frame.bar / 2 + 4
        common = {
            "label": item.label,
            "y": coord(top),
            "mid_y": coord(frame.top + (i + 0.5) * frame.row),
            "text_y": coord(text_y),
            "bar_bottom": coord(top + frame.bar),
            "value_text": item.text,
        }
        if item.end is None:
            rows.append(Row(**common, **GAP, value_x=coord(frame.left + 4)))
            continue
        start = item.start if item.start is not None else item.end
        a, b = sorted((x(start), x(item.end)))
        whisker = item.low is not None and item.high is not None
        right = max(b, x(item.high) if whisker else b)
        rows.append(
            Row(
                **common,
                x=coord(a),
                width=coord(max(b - a, min_width)),
                start_x=coord(x(start)),
                end_x=coord(x(item.end)),
                ci_x1=coord(x(item.low)) if whisker else None,
                ci_x2=coord(x(item.high)) if whisker else None,
                value_x=coord(right + 6),
            )
        )
    decimals = tick_decimals(ticks)
    label = x_label or (lambda v, d: nl_number(v, d))
    axis_y = frame.top + len(items) * frame.row
    return RowChart(
        width=frame.width,
        height=axis_y + frame.bottom,
        left=frame.left,
        plot_right=plot_right,
        top=frame.top,
        axis_y=axis_y,
        bar_height=frame.bar,
        x=x,
        ticks=[Tick(coord(x(v)), label(v, decimals)) for v in ticks],
        rows=rows,
    )
