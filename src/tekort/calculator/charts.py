"""Server-side SVG chart geometry: the templates draw it, and nothing else does (the page's
live update fetches the server-rendered result section, see views.result). Series differ in
dash pattern and marker shape and are labelled in the chart, so colour never carries the
meaning alone."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from tekort_calc.money import fmt_num


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # class on the <polyline>/<g>: solid, dashed
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def end(self) -> Point:
        return self.points[-1]


@dataclass(frozen=True)
class Marker:
    x: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    markers: tuple[Marker, ...]


def euro_label(value: Decimal) -> str:
    return "€ " + f"{value:,.0f}".replace(",", ".")


def nice_step(span: Decimal, count: int = 5) -> Decimal:
    raw = span / count if span > 0 else Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, 5, 10):
        if raw <= magnitude * factor:
            return magnitude * factor
    return magnitude * 10


def value_ticks(lo: Decimal, hi: Decimal) -> list[Decimal]:
    step = nice_step(hi - lo)
    start = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    stop = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks, v = [], start
    while v <= stop:
        ticks.append(v)
        v += step
    return ticks


def line_chart(
    xs: list[Decimal],
    series: list[tuple[str, str, list[Decimal]]],
    markers: list[tuple[Decimal, str]] = (),
    width: int = 640,
    height: int = 340,
) -> LineChart:
    left, top, right, bottom = 80, 20, width - 150, height - 50
    values = [v for _, _, vs in series for v in vs]
    ticks = value_ticks(min(Decimal(0), *values), max(values))
    y_lo, y_hi = ticks[0], ticks[-1]
    x_lo, x_hi = xs[0], xs[-1]

    def sx(x: Decimal) -> float:
        return left + float((x - x_lo) / (x_hi - x_lo)) * (right - left)

    def sy(y: Decimal) -> float:
        return bottom - float((y - y_lo) / (y_hi - y_lo or 1)) * (bottom - top)

    x_ticks = []
    x = x_lo
    while x <= x_hi:
        x_ticks.append(Tick(sx(x), fmt_num(x)))
        x += Decimal("0.2")
    return LineChart(
        width,
        height,
        left,
        top,
        right,
        bottom,
        tuple(x_ticks),
        tuple(Tick(sy(t), euro_label(t)) for t in ticks),
        tuple(
            Series(name, css, tuple(Point(sx(x), sy(v)) for x, v in zip(xs, vs, strict=True)))
            for name, css, vs in series
        ),
        tuple(Marker(sx(x), label) for x, label in markers if x_lo <= x <= x_hi),
    )


@dataclass(frozen=True)
class DotRow:
    label: str
    y: float
    without: float  # x of the value without the bonus
    with_bonus: float


@dataclass(frozen=True)
class DotPlot:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    rows: tuple[DotRow, ...]
    zero: float


def dot_plot(rows: list[tuple[str, Decimal, Decimal]], width: int = 880, row_height: int = 18):
    """One row per household: the value without (circle) and with the bonus (square)."""
    left, top, right = 380, 10, width - 30
    bottom = top + row_height * len(rows)
    values = [v for _, a, b in rows for v in (a, b)]
    ticks = value_ticks(min(Decimal(0), *values), max(Decimal(1), *values))
    lo, hi = ticks[0], ticks[-1]

    def sx(x: Decimal) -> float:
        return left + float((x - lo) / (hi - lo or 1)) * (right - left)

    return DotPlot(
        width,
        bottom + 60,
        left,
        top,
        right,
        bottom,
        tuple(Tick(sx(t), euro_label(t)) for t in ticks),
        tuple(
            DotRow(label, top + row_height * (i + 0.5), sx(a), sx(b))
            for i, (label, a, b) in enumerate(rows)
        ),
        sx(Decimal(0)),
    )
