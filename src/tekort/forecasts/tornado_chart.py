"""Geometry of the server-drawn tornado chart: how much each input moves the shortage.

One horizontal bar per input from the shortage with its low value to the shortage with its
high value, around a vertical line at the central result; largest swing on top. Pure
arithmetic like ``chart.py``; the template draws it and the table beside it gives every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tekort_forecast.sensitivity import Sensitivity

WIDTH, LEFT, RIGHT, ROW, TOP = 760, 260, 40, 34, 24

LABELS = {
    "demand.elasticity": _("Elasticity of pupils per teacher"),
    "sectors.*.exit_probability": _("Exit probabilities by age"),
    "inflow.graduate_entry_share": _("Share of graduates who start teaching"),
    "inflow.reentry_rate": _("Re-entry and other inflow"),
    "training.*.intake": _("Teacher-training intake"),
    "inflow.zij_completion": _("Zij-instromers who complete"),
    "pupils.*.count": _("Pupil prognosis"),
}


@dataclass(frozen=True)
class Bar:
    label: str
    key: str
    y: str
    text_y: str
    x: str
    width: str
    low_x: str
    high_x: str
    low_label: str
    high_label: str
    low: float
    high: float
    assumption: bool


@dataclass(frozen=True)
class Tornado:
    width: int
    height: int
    left: int
    central_x: str
    axis_y: str
    bars: list[Bar]
    ticks: list[tuple[str, str]]
    central: float


def _f(value: float) -> str:
    return f"{value:.1f}"


def tornado_chart(rows: list[Sensitivity]) -> Tornado:
    central = rows[0].central if rows else 0.0
    values = [central] + [v for r in rows for v in (r.low, r.high)]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + (value - lo) / (hi - lo) * span

    bars = []
    for i, r in enumerate(rows):
        top = TOP + i * ROW
        a, b = sorted((x(r.low), x(r.high)))
        bars.append(
            Bar(
                label=str(LABELS.get(r.key, r.key)),
                key=r.key,
                y=_f(top + 6),
                text_y=_f(top + 20),
                x=_f(a),
                width=_f(max(b - a, 1.0)),
                low_x=_f(x(r.low)),
                high_x=_f(x(r.high)),
                low_label=r.low_label,
                high_label=r.high_label,
                low=r.low,
                high=r.high,
                assumption=r.assumption,
            )
        )
    height = TOP + len(rows) * ROW + 40
    step = (hi - lo) / 4
    ticks = [
        (_f(x(lo + k * step)), number_format(round(lo + k * step), 0, force_grouping=True))
        for k in range(5)
    ]
    return Tornado(
        width=WIDTH,
        height=height,
        left=LEFT,
        central_x=_f(x(central)),
        axis_y=_f(TOP + len(rows) * ROW),
        bars=bars,
        ticks=ticks,
        central=central,
    )
