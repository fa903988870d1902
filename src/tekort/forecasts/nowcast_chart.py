"""Geometry of the nowcast SVG: forecast (dashed) and blend (solid) with their 95 % bands, and
each measurement as a square marker with its interval. Rates in %, pre-formatted coordinates."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format

from tekort.forecasts.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, _t, nice_ticks


@dataclass(frozen=True)
class NowcastChart:
    width: int
    height: int
    left: int
    right_edge: str
    bottom_edge: str
    forecast_band: str
    forecast_line: str
    blend_band: str | None
    blend_line: str | None
    points: list[dict]
    x_ticks: list[tuple[str, str]]
    y_ticks: list[tuple[str, str]]


def nowcast_chart(rows: list[dict]) -> NowcastChart:
    years = [r["year"] for r in rows]
    values = [v for r in rows for v in (*r["forecast_ci95_pct"], r["forecast_pct"])]
    for r in rows:
        if r["nowcast_ci95_pct"]:
            values += r["nowcast_ci95_pct"]
        for m in r["measurements"] or []:
            values += m["ci95_pct"]
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    right_edge, bottom_edge = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(year):
        return round(
            LEFT + (year - years[0]) / max(years[-1] - years[0], 1) * (right_edge - LEFT), 1
        )

    def y(v):
        return round(bottom_edge - (v - low) / (high - low) * (bottom_edge - TOP), 1)

    def line(key):
        return " ".join(f"{x(r['year'])},{y(r[key])}" for r in rows)

    def band(key):
        top = [f"{x(r['year'])},{y(r[key][1])}" for r in rows]
        bottom = [f"{x(r['year'])},{y(r[key][0])}" for r in reversed(rows)]
        return "M" + " L".join(top + bottom) + " Z"

    blended = all(r["nowcast_pct"] is not None for r in rows)
    points = [
        {
            "x": _t(x(r["year"])),
            "y": _t(y(m["rate_pct"])),
            "low": _t(y(m["ci95_pct"][0])),
            "high": _t(y(m["ci95_pct"][1])),
            "x0": _t(x(r["year"]) - 5),
            "y0": _t(y(m["rate_pct"]) - 5),
        }
        for r in rows
        for m in r["measurements"] or []
    ]
    return NowcastChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=_t(right_edge),
        bottom_edge=_t(bottom_edge),
        forecast_band=band("forecast_ci95_pct"),
        forecast_line=line("forecast_pct"),
        blend_band=band("nowcast_ci95_pct") if blended else None,
        blend_line=line("nowcast_pct") if blended else None,
        points=points,
        x_ticks=[(_t(x(t)), str(t)) for t in years],
        y_ticks=[(_t(y(v)), number_format(v, 1)) for v in ticks],
    )
