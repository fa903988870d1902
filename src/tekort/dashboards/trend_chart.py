"""Geometry of the board's trend chart (server-rendered SVG, template dashboards/trend.svg.html).

Three series over the rounds: the board, its onderwijsregio and the nation. Colour is never the
only carrier: each series has its own line pattern (solid, dashed, dotted) and marker shape
(circle, square, diamond), is named at its last point, and the table below gives every value.
Missing or suppressed values leave a gap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 16, 40


@dataclass
class Series:
    key: str
    label: str
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y" per unbroken run
    markers: list[tuple[str, str]] = field(default_factory=list)
    label_x: str = ""
    label_y: str = ""


@dataclass
class TrendChart:
    width: int
    height: int
    left: int
    right_edge: str
    top: int
    bottom_edge: str
    x_ticks: list[tuple[str, str]]
    y_ticks: list[tuple[str, str]]
    series: list[Series]


def _t(value: float) -> str:
    return f"{value:.1f}"


def _ticks(high: float, count: int = 5) -> list[float]:
    """At most ``count`` + 1 ticks from 0 past ``high`` in steps of 1, 2 or 5 times a power of
    ten: every label is a round number at the precision it is written in (no 2.5 steps,
    which a label without decimals showed as 0/2/5/7/10/12)."""
    high = max(high, 1.0)
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [round(k * step, 10) for k in range(int(math.ceil(high / step - 1e-9)) + 1)]


def _decimals(ticks: list[float]) -> int:
    """The decimals a tick label needs: none for whole steps, else as many as the step has."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    return 0 if step >= 1 else max(0, -math.floor(math.log10(step) + 1e-9))


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def trend_chart(labels: list[str], series: dict[str, tuple[str, list]]) -> TrendChart | None:
    """``labels``: x labels (peildata); ``series``: key -> (label, values with gaps)."""
    numbers = [_number(v) for _label, values in series.values() for v in values]
    numbers = [v for v in numbers if v is not None]
    if not numbers or not labels:
        return None
    ticks = _ticks(max(numbers))
    high = ticks[-1]
    right_edge, bottom_edge = WIDTH - RIGHT, HEIGHT - BOTTOM
    count = len(labels)

    def x(i: int) -> float:
        if count == 1:
            return (LEFT + right_edge) / 2
        return LEFT + i / (count - 1) * (right_edge - LEFT)

    def y(v: float) -> float:
        return bottom_edge - v / high * (bottom_edge - TOP)

    drawn, ends = [], []
    for key, (label, values) in series.items():
        s = Series(key, label)
        run: list[str] = []
        last = None
        for i, value in enumerate(values):
            v = _number(value)
            if v is None:
                if run:
                    s.segments.append(" ".join(run))
                run = []
                continue
            point = (_t(x(i)), _t(y(v)))
            run.append(",".join(point))
            s.markers.append(point)
            last = (x(i), y(v))
        if run:
            s.segments.append(" ".join(run))
        if last is not None:
            ends.append([s, last[1]])
            drawn.append(s)
    # end labels at the right edge, kept at least 16 px apart
    ends.sort(key=lambda e: e[1])
    for k in range(1, len(ends)):
        ends[k][1] = max(ends[k][1], ends[k - 1][1] + 16)
    for s, label_y in ends:
        s.label_x, s.label_y = _t(right_edge + 10), _t(label_y + 4)
    return TrendChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=_t(right_edge),
        top=TOP,
        bottom_edge=_t(bottom_edge),
        x_ticks=[(_t(x(i)), label) for i, label in enumerate(labels)],
        y_ticks=[(_t(y(v)), number_format(v, _decimals(ticks))) for v in ticks],
        series=drawn,
    )
