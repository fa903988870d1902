"""Geometry of the server-rendered SVG chart: baseline against scenario with their bands.

Pure arithmetic (no drawing library): the template ``forecasts/chart.svg.html`` renders the
paths. Colour is never the only carrier: the baseline is dashed, the scenario solid, both
labelled at their line ends, and the bands are described in the legend and the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 72, 120, 16, 40


@dataclass(frozen=True)
class Band:
    path: str
    css: str


@dataclass(frozen=True)
class Line:
    points: str
    css: str
    label: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Chart:
    """Coordinates are pre-formatted text (templates would localise floats: 12,5)."""

    width: int
    height: int
    left: int
    right_edge: str
    top: int
    bottom_edge: str
    bands: list[Band]
    lines: list[Line]
    x_ticks: list[tuple[str, str]]
    y_ticks: list[tuple[str, str]]
    zero_y: str | None


def _t(value: float) -> str:
    return f"{value:.1f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5, 5 × 10^k steps)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def shortage_chart(years, series: dict[str, dict[str, list[float]]], labels: dict) -> Chart:
    """``series``: {"baseline": {...}, "scenario": {...}} as ``Comparison.series`` gives them."""
    values = [
        v
        for s in series.values()
        for key in ("shortage_fte", "shortage_fte_q025", "shortage_fte_q975")
        for v in s[key]
    ]
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    right_edge, bottom_edge = WIDTH - RIGHT, HEIGHT - BOTTOM
    first, last = years[0], years[-1]

    def x(year: float) -> float:
        return round(LEFT + (year - first) / max(last - first, 1) * (right_edge - LEFT), 1)

    def y(value: float) -> float:
        return round(bottom_edge - (value - low) / (high - low) * (bottom_edge - TOP), 1)

    def area(upper: list[float], lower: list[float]) -> str:
        top = [f"{x(t)},{y(v)}" for t, v in zip(years, upper, strict=True)]
        bottom = [f"{x(t)},{y(v)}" for t, v in reversed(list(zip(years, lower, strict=True)))]
        return "M" + " L".join(top + bottom) + " Z"

    bands, lines = [], []
    for name in ("baseline", "scenario"):
        s = series[name]
        bands.append(Band(area(s["shortage_fte_q975"], s["shortage_fte_q025"]), f"{name}-95"))
        bands.append(Band(area(s["shortage_fte_q900"], s["shortage_fte_q100"]), f"{name}-80"))
    label_ys = [y(series[n]["shortage_fte"][-1]) for n in ("baseline", "scenario")]
    if abs(label_ys[0] - label_ys[1]) < 16:  # keep the two end labels apart
        upper_first = label_ys[0] <= label_ys[1]
        mid = (label_ys[0] + label_ys[1]) / 2
        label_ys = [mid - 8, mid + 8] if upper_first else [mid + 8, mid - 8]
    for name, label_y in zip(("baseline", "scenario"), label_ys, strict=True):
        points = " ".join(
            f"{x(t)},{y(v)}" for t, v in zip(years, series[name]["shortage_fte"], strict=True)
        )
        lines.append(Line(points, name, labels[name], _t(right_edge + 6), _t(label_y + 4)))
    step = 1 if len(years) <= 8 else 5
    x_ticks = [(_t(x(t)), str(t)) for t in years if (t - first) % step == 0]
    y_ticks = [(_t(y(v)), number_format(v, 0, force_grouping=True)) for v in ticks]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=_t(right_edge),
        top=TOP,
        bottom_edge=_t(bottom_edge),
        bands=bands,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        zero_y=_t(y(0.0)) if low < 0 else None,
    )
