"""Lines over x (years, peildata, FTE) with their bands, gaps and end labels.

Each line has its own key, which the template turns into a line pattern and marker shape
(solid, dashed, dotted; circle, square, diamond), and is named at its last point, so colour
never carries the meaning alone. A missing value breaks the line (a gap, never a guess).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from tekort.charts.axis import Scale, Tick, coord, nice_ticks, tick_decimals
from tekort.charts.numbers import nl_number

LABEL_GAP = 16  # px between two end labels


@dataclass(frozen=True)
class Frame:
    """The chart's size and the margins around its plot area, in px."""

    width: int = 720
    height: int = 320
    left: int = 56
    right: int = 150
    top: int = 16
    bottom: int = 40
    inset: int = 0  # px between the y axis (and the right edge) and the first (last) x


@dataclass(frozen=True)
class Line:
    """One line to draw: ``values`` per x (``None`` is a gap); ``bands`` are (lower, upper)
    pairs, outermost first; ``texts`` the text of each marker (empty: none)."""

    key: str
    label: str
    values: Sequence[float | None]
    bands: Sequence[tuple[Sequence[float | None], Sequence[float | None]]] = ()
    texts: Sequence[str] = ()


@dataclass
class Series:
    key: str
    label: str
    segments: list[str] = field(default_factory=list)  # "x,y x,y" per unbroken run
    bands: list[str] = field(default_factory=list)  # closed paths, outermost first
    markers: list[tuple[str, str, str]] = field(default_factory=list)  # x, y, text
    label_x: str = ""
    label_y: str = ""
    end: tuple[float, float] | None = None

    @property
    def points(self) -> str:
        """The whole line (its runs joined): for a line without gaps."""
        return " ".join(self.segments)

    @property
    def band(self) -> str | None:
        """The outermost band."""
        return self.bands[0] if self.bands else None


class Dot(NamedTuple):
    """A point off the lines (a measurement) with its interval, in pixels."""

    x: str
    y: str
    low: str
    high: str


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    top: int
    right_edge: int
    bottom_edge: int
    x: Scale
    y: Scale
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[Series]
    zero_y: str | None  # the zero line, when the axis goes below zero
    rules: list[Tick] = field(default_factory=list)  # vertical lines at an x, labelled
    dots: list[Dot] = field(default_factory=list)


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def band_path(pairs: Sequence[tuple[float, float, float]]) -> str | None:
    """A closed path along the upper values and back along the lower: ``pairs`` of (x, low,
    high) in pixels; None for fewer than two points."""
    if len(pairs) < 2:
        return None
    upper = [f"{coord(x)},{coord(high)}" for x, _low, high in pairs]
    lower = [f"{coord(x)},{coord(low)}" for x, low, _high in reversed(pairs)]
    return "M" + " L".join(upper + lower) + " Z"


def spread(positions: list[float], gap: float = LABEL_GAP) -> list[float]:
    """Label positions kept at least ``gap`` apart, each moved down as little as needed; the
    order of the input is kept."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    out = list(positions)
    for before, after in zip(order, order[1:], strict=False):
        out[after] = max(out[after], out[before] + gap)
    return out


def line_chart(
    xs: Sequence[float],
    lines: Sequence[Line],
    *,
    frame: Frame = Frame(),
    x_ticks: Sequence[tuple[float, str]] | None = None,
    y_label: Callable[[float, int], str] | None = None,
    y_at_least: float | None = None,
    rules: Sequence[tuple[float, str]] = (),
    dots: Sequence[tuple[float, float, float, float]] = (),
) -> LineChart | None:
    """Lines over ``xs`` (numbers, in order); ``x_ticks``: (x, label) pairs (default: every x,
    labelled by itself). The y axis runs from 0 (or below, for negative values) past the
    highest value, band or dot, at least to ``y_at_least``, in nice ticks labelled by
    ``y_label`` (value, decimals) — default :func:`nl_number`. ``rules``: (x, label) of
    vertical lines, those outside the x range left out; ``dots``: (x, value, low, high) of
    points drawn with their interval. None when there is nothing to draw."""
    values = [
        v
        for line in lines
        for seq in (line.values, *(b for pair in line.bands for b in pair))
        for v in map(_number, seq)
        if v is not None
    ] + [float(v) for dot in dots for v in dot[1:]]
    if not values or not xs:
        return None
    high = max(values) if y_at_least is None else max(y_at_least, *values)
    ticks = nice_ticks(min(0.0, *values), high)
    right_edge, bottom_edge = frame.width - frame.right, frame.height - frame.bottom
    x = Scale(float(xs[0]), float(xs[-1]), frame.left + frame.inset, right_edge - frame.inset)
    y = Scale(ticks[0], ticks[-1], bottom_edge, frame.top)
    series = []
    for line in lines:
        s = Series(line.key, line.label)
        run: list[str] = []
        for i, (xv, value) in enumerate(zip(xs, line.values, strict=True)):
            v = _number(value)
            if v is None:
                if run:
                    s.segments.append(" ".join(run))
                run = []
                continue
            px, py = coord(x(xv)), coord(y(v))
            run.append(f"{px},{py}")
            s.markers.append((px, py, line.texts[i] if line.texts else ""))
            s.end = (x(xv), y(v))
        if run:
            s.segments.append(" ".join(run))
        for lower, upper in line.bands:
            pairs = [
                (x(xv), y(_number(lo)), y(_number(hi)))
                for xv, lo, hi in zip(xs, lower, upper, strict=True)
                if _number(lo) is not None and _number(hi) is not None
            ]
            if (path := band_path(pairs)) is not None:
                s.bands.append(path)
        if s.end is not None:
            series.append(s)
    for s, label_y in zip(series, spread([s.end[1] for s in series]), strict=True):
        s.label_x, s.label_y = coord(right_edge + 8), coord(label_y + 4)
    decimals = tick_decimals(ticks)
    label = y_label or (lambda v, d: nl_number(v, d))
    return LineChart(
        width=frame.width,
        height=frame.height,
        left=frame.left,
        top=frame.top,
        right_edge=right_edge,
        bottom_edge=bottom_edge,
        x=x,
        y=y,
        x_ticks=[
            Tick(coord(x(xv)), text)
            for xv, text in (x_ticks if x_ticks is not None else [(v, str(v)) for v in xs])
        ],
        y_ticks=[Tick(coord(y(v)), label(v, decimals)) for v in ticks],
        series=series,
        zero_y=coord(y(0.0)) if ticks[0] < 0 else None,
        rules=[Tick(coord(x(xv)), text) for xv, text in rules if xs[0] <= xv <= xs[-1]],
        dots=[Dot(coord(x(xv)), coord(y(v)), coord(y(lo)), coord(y(hi))) for xv, v, lo, hi in dots],
    )
