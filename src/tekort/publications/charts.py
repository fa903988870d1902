"""The public pages' charts (bars with 95% intervals; a trend over peildata), built by the
shared chart package :mod:`tekort.charts` from public cells.

Colour is never the only carrier: every bar and point is labelled with its value and flags in
text, a cell without a value is drawn as a labelled gap ("[c]"), and every chart is followed by
its table and a text summary.
"""

from __future__ import annotations

from tekort.charts.lines import Frame, Line, LineChart, line_chart
from tekort.charts.numbers import nl_number
from tekort.charts.rows import Item, RowChart, row_chart
from tekort.publications.presentation import flag_text

TREND = Frame(width=720, height=320, left=56, right=150, top=16, bottom=44, inset=20)


def _percent(value: float, decimals: int) -> str:
    return f"{nl_number(value, decimals)}%"


def bar_chart(cells: list[dict], labels: list[str] | None = None) -> RowChart:
    """Horizontal bars of public cells (``percentage``, ``ci_low``, ``ci_high``, ``flags``).

    ``labels`` replaces the cells' own labels (e.g. the measure names of one domain's cells).
    """
    if labels is not None:
        cells = [{**c, "label": str(lab)} for c, lab in zip(cells, labels, strict=True) if c]
    items = []
    for cell in filter(None, cells):
        flags = flag_text(cell["flags"])
        if cell["percentage"] is None:
            items.append(Item(cell["label"], end=None, text=flags))
            continue
        text = f"{nl_number(cell['percentage'])}% {flags}".strip()
        items.append(
            Item(cell["label"], 0.0, cell["percentage"], cell["ci_low"], cell["ci_high"], text)
        )
    return row_chart(items, x_label=_percent)


def trend_chart(points: list[dict], series: dict[str, str]) -> LineChart | None:
    """Lines over peildata. ``points``: [{"peildatum", <key>: public cell}], ``series``: key→name;
    the first series is drawn as the primary line, the second as the secondary."""
    if not points:
        return None

    def column(key: str, field: str) -> list:
        return [(p.get(key) or {}).get(field) for p in points]

    lines = []
    for css, (key, name) in zip(("primary", "secondary"), series.items(), strict=False):
        values = column(key, "percentage")
        lows = [
            lo if v is not None else None
            for lo, v in zip(column(key, "ci_low"), values, strict=True)
        ]
        lines.append(
            Line(
                css,
                name,
                values,
                bands=[(lows, column(key, "ci_high"))],
                texts=[f"{nl_number(v)}%" if v is not None else "" for v in values],
            )
        )
    return line_chart(
        list(range(len(points))),
        lines,
        frame=TREND,
        x_ticks=[(i, p["peildatum"]) for i, p in enumerate(points)],
        y_label=_percent,
    )
