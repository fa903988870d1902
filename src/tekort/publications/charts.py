"""Geometry of the server-rendered SVG charts (bars with 95% intervals; a trend over peildata).

Pure arithmetic; templates draw it. Colour is never the only carrier: every bar and point is
labelled with its value and flags in text, a cell without a value is drawn as a labelled gap
("[c]"), and every chart is followed by its table and a text summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tekort.publications.presentation import flag_text, nl_number

BAR_WIDTH, BAR_LEFT, BAR_RIGHT, BAR_ROW = 720, 230, 150, 34
TREND_WIDTH, TREND_HEIGHT = 720, 320
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 56, 150, 16, 44


def _t(value: float) -> str:
    return f"{value:.1f}"


def nice_max(value: float) -> float:
    """A round upper bound for a percentage axis: 5, 10, 15, 20, ..."""
    if value <= 0 or math.isnan(value):
        return 5.0
    return float(math.ceil(value / 5.0) * 5.0)


@dataclass(frozen=True)
class Bar:
    label: str
    y: str
    text_y: str
    width: str | None  # None: no value shown
    ci_x1: str | None
    ci_x2: str | None
    value_x: str
    value_text: str


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    plot_right: str
    bars: list[Bar]
    ticks: list[tuple[str, str]] = field(default_factory=list)
    bar_height: int = 18


def bar_chart(cells: list[dict], labels: list[str] | None = None) -> BarChart:
    """Horizontal bars of public cells (``percentage``, ``ci_low``, ``ci_high``, ``flags``).

    ``labels`` replaces the cells' own labels (e.g. the measure names of one domain's cells).
    """
    if labels is not None:
        cells = [{**c, "label": str(lab)} for c, lab in zip(cells, labels, strict=True) if c]
    cells = [c for c in cells if c]
    highs = [c["ci_high"] or c["percentage"] or 0 for c in cells if c["percentage"] is not None]
    top = nice_max(max(highs, default=0.0))
    plot = BAR_WIDTH - BAR_LEFT - BAR_RIGHT

    def x(v: float) -> float:
        return BAR_LEFT + max(v, 0.0) / top * plot

    bars = []
    for i, cell in enumerate(cells):
        y = 8 + i * BAR_ROW
        flags = flag_text(cell["flags"])
        if cell["percentage"] is None:
            bars.append(
                Bar(cell["label"], _t(y), _t(y + 13), None, None, None, _t(BAR_LEFT + 4), flags)
            )
            continue
        low, high = cell["ci_low"], cell["ci_high"]
        text = f"{nl_number(cell['percentage'])}% {flags}".strip()
        right = x(high if high is not None else cell["percentage"])
        bars.append(
            Bar(
                label=cell["label"],
                y=_t(y),
                text_y=_t(y + 13),
                width=_t(x(cell["percentage"]) - BAR_LEFT),
                ci_x1=_t(x(low)) if low is not None else None,
                ci_x2=_t(x(high)) if high is not None else None,
                value_x=_t(right + 6),
                value_text=text,
            )
        )
    height = 8 + len(cells) * BAR_ROW + 24
    step = top / 5
    ticks = [(_t(x(step * k)), f"{nl_number(step * k, 0)}%") for k in range(6)]
    return BarChart(BAR_WIDTH, height, BAR_LEFT, _t(BAR_LEFT + plot), bars, ticks)


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: str
    band: str | None
    markers: list[tuple[str, str, str]]  # x, y, text
    label_x: str
    label_y: str


@dataclass
class TrendChart:
    width: int
    height: int
    left: int
    right_edge: str
    top: int
    bottom_edge: str
    series: list[Series]
    x_ticks: list[tuple[str, str]]
    y_ticks: list[tuple[str, str]]


def trend_chart(points: list[dict], series: dict[str, str]) -> TrendChart | None:
    """Lines over peildata. ``points``: [{"peildatum", <key>: public cell}], ``series``: key→name."""
    if not points:
        return None
    values = [
        p[key][bound]
        for p in points
        for key in series
        if p.get(key) and p[key]["percentage"] is not None
        for bound in ("ci_high", "percentage")
        if p[key][bound] is not None
    ]
    top = nice_max(max(values, default=0.0))
    right_edge, bottom_edge = TREND_WIDTH - TREND_RIGHT, TREND_HEIGHT - TREND_BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return TREND_LEFT + 20 + (i / max(n - 1, 1)) * (right_edge - TREND_LEFT - 40)

    def y(v: float) -> float:
        return bottom_edge - max(v, 0.0) / top * (bottom_edge - TREND_TOP)

    out = []
    for css, (key, name) in zip(("primary", "secondary"), series.items(), strict=False):
        shown = [
            (i, p[key])
            for i, p in enumerate(points)
            if p.get(key) and p[key]["percentage"] is not None
        ]
        if not shown:
            continue
        line = " ".join(f"{_t(x(i))},{_t(y(c['percentage']))}" for i, c in shown)
        with_ci = [(i, c) for i, c in shown if c["ci_low"] is not None and c["ci_high"] is not None]
        band = None
        if len(with_ci) > 1:
            upper = [f"{_t(x(i))},{_t(y(c['ci_high']))}" for i, c in with_ci]
            lower = [f"{_t(x(i))},{_t(y(c['ci_low']))}" for i, c in reversed(with_ci)]
            band = "M" + " L".join(upper + lower) + " Z"
        markers = [
            (_t(x(i)), _t(y(c["percentage"])), f"{nl_number(c['percentage'])}%") for i, c in shown
        ]
        last_i, last = shown[-1]
        out.append(
            Series(
                name, css, line, band, markers, _t(right_edge + 8), _t(y(last["percentage"]) + 4)
            )
        )
    if len(out) == 2 and abs(float(out[0].label_y) - float(out[1].label_y)) < 16:
        a, b = float(out[0].label_y), float(out[1].label_y)
        mid = (a + b) / 2
        ya, yb = (mid - 9, mid + 9) if a <= b else (mid + 9, mid - 9)
        out = [
            Series(**{**out[0].__dict__, "label_y": _t(ya)}),
            Series(**{**out[1].__dict__, "label_y": _t(yb)}),
        ]
    x_ticks = [(_t(x(i)), p["peildatum"]) for i, p in enumerate(points)]
    step = top / 5
    y_ticks = [(_t(y(step * k)), f"{nl_number(step * k, 0)}%") for k in range(6)]
    return TrendChart(
        TREND_WIDTH,
        TREND_HEIGHT,
        TREND_LEFT,
        _t(right_edge),
        TREND_TOP,
        _t(bottom_edge),
        out,
        x_ticks,
        y_ticks,
    )
