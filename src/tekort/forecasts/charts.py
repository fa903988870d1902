"""The raming's charts, built by the shared chart package :mod:`tekort.charts`.

* :func:`shortage_chart` — baseline (dashed) against scenario (solid) with their 80 % and 95 %
  bands, both labelled at their line ends (template ``forecasts/chart.svg.html``);
* :func:`nowcast_chart` — forecast (dashed) and blend (solid) with their 95 % bands, and each
  measurement as a square with its interval (``forecasts/nowcast.html``);
* :func:`tornado_chart` — how much each input moves the shortage: one bar per input from the
  shortage with its low value to that with its high value, around a vertical line at the
  central result, largest swing on top (``forecasts/tornado.html``).

Colour is never the only carrier, and the table beside each chart gives every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tekort.charts.axis import coord
from tekort.charts.lines import Frame, Line, LineChart, line_chart
from tekort.charts.numbers import nl_number
from tekort.charts.rows import Item, RowChart, RowFrame, row_chart
from tekort_forecast.sensitivity import Sensitivity

FRAME = Frame(width=760, height=380, left=72, right=120, top=16, bottom=40)
TORNADO = RowFrame(width=760, left=260, right=40, top=24, row=34, bar=20, bottom=40)

LABELS = {
    "demand.elasticity": _("Elasticity of pupils per teacher"),
    "sectors.*.exit_probability": _("Exit probabilities by age"),
    "inflow.graduate_entry_share": _("Share of graduates who start teaching"),
    "inflow.reentry_rate": _("Re-entry and other inflow"),
    "training.*.intake": _("Teacher-training intake"),
    "inflow.zij_completion": _("Zij-instromers who complete"),
    "pupils.*.count": _("Pupil prognosis"),
}


def shortage_chart(years, series: dict[str, dict[str, list[float]]], labels: dict) -> LineChart:
    """``series``: {"baseline": {...}, "scenario": {...}} as ``Comparison.series`` gives them."""
    lines = [
        Line(
            name,
            labels[name],
            series[name]["shortage_fte"],
            bands=[
                (series[name]["shortage_fte_q025"], series[name]["shortage_fte_q975"]),
                (series[name]["shortage_fte_q100"], series[name]["shortage_fte_q900"]),
            ],
        )
        for name in ("baseline", "scenario")
    ]
    step = 1 if len(years) <= 8 else 5
    return line_chart(
        years,
        lines,
        frame=FRAME,
        x_ticks=[(t, str(t)) for t in years if (t - years[0]) % step == 0],
    )


def _banded(name: str, rows: list[dict], value: str, interval: str) -> Line:
    """A line of each row's ``value`` with its 95% band, the row's ``interval`` (low, high)."""
    return Line(
        name,
        "",
        [r[value] for r in rows],
        bands=[([r[interval][0] for r in rows], [r[interval][1] for r in rows])],
    )


def nowcast_chart(rows: list[dict]) -> LineChart:
    """Rates in %: the forecast, the blend (when every year has one) and the measurements."""
    years = [r["year"] for r in rows]
    lines = [_banded("forecast", rows, "forecast_pct", "forecast_ci95_pct")]
    if all(r["nowcast_pct"] is not None for r in rows):
        lines.append(_banded("blend", rows, "nowcast_pct", "nowcast_ci95_pct"))
    dots = [
        (r["year"], m["rate_pct"], *m["ci95_pct"]) for r in rows for m in r["measurements"] or []
    ]
    return line_chart(
        years, lines, frame=FRAME, dots=dots, y_label=lambda v, d: f"{nl_number(v, d)} %"
    )


@dataclass(frozen=True)
class Tornado:
    chart: RowChart
    rows: list[Sensitivity]
    labels: list[str]
    central: float
    central_x: str

    @property
    def table(self) -> list[dict]:
        return [
            {
                "label": label,
                "assumption": r.assumption,
                "low_label": r.low_label,
                "low": r.low,
                "high_label": r.high_label,
                "high": r.high,
            }
            for label, r in zip(self.labels, self.rows, strict=True)
        ]


def tornado_chart(rows: list[Sensitivity]) -> Tornado:
    central = rows[0].central if rows else 0.0
    labels = [str(LABELS.get(r.key, r.key)) for r in rows]
    items = [
        Item(
            f"{label} *" if r.assumption else label,
            r.low,
            r.high,
            text="",
        )
        for label, r in zip(labels, rows, strict=True)
    ]
    chart = row_chart(items, frame=TORNADO, extra=[central], min_width=1.0)
    return Tornado(chart, rows, labels, central, coord(chart.x(central)))
