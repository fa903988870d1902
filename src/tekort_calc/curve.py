"""``curve(household, year)``: disposable income over a range of FTE, for a chart.

Each point is a full :func:`calculate`; between consecutive points the curve gives the net
per extra hour and the marginal pressure (1 − Δ disposable / Δ gross).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .calculation import calculate
from .household import Household
from .money import cents
from .result import Result


@dataclass(frozen=True)
class CurvePoint:
    fte: Decimal
    gross: Decimal
    teacher_net: Decimal
    disposable: Decimal
    result: Result


@dataclass(frozen=True)
class Curve:
    points: tuple[CurvePoint, ...]

    @property
    def fte(self) -> list[Decimal]:
        return [pt.fte for pt in self.points]

    @property
    def disposable(self) -> list[Decimal]:
        return [pt.disposable for pt in self.points]

    def marginal_pressure(self) -> list[Decimal | None]:
        """Per step between points: the share of the extra gross not kept."""
        out: list[Decimal | None] = []
        for a, b in zip(self.points, self.points[1:], strict=False):
            dg = b.gross - a.gross
            out.append(None if not dg else 1 - (b.disposable - a.disposable) / dg)
        return out

    def net_per_extra_hour(self) -> list[Decimal | None]:
        out: list[Decimal | None] = []
        for a, b in zip(self.points, self.points[1:], strict=False):
            dh = b.result.hours_per_year - a.result.hours_per_year
            out.append(None if not dh else cents((b.disposable - a.disposable) / dh))
        return out


def curve(
    household: Household,
    year: int,
    fte_from: Decimal | float | str = "0.2",
    fte_to: Decimal | float | str = "1.2",
    steps: int = 100,
) -> Curve:
    """``steps`` points from fte_from to fte_to inclusive (FTE rounded to 4 decimals)."""
    lo, hi = Decimal(str(fte_from)), Decimal(str(fte_to))
    if steps < 2 or hi <= lo:
        raise ValueError("curve: need steps >= 2 and fte_to > fte_from")
    q = Decimal("0.0001")
    points = []
    for i in range(steps):
        fte = (lo + (hi - lo) * i / (steps - 1)).quantize(q)
        r = calculate(household.with_fte(fte), year)
        points.append(CurvePoint(fte, r.teacher_gross, r.teacher_net, r.total, r))
    return Curve(tuple(points))
