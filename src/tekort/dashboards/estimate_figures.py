"""Estimates of a run as table cells: rate with its 95 % interval, quality class and symbol.

Cells come from ``tekort.estimates`` (function leraar, direct estimates); a cell the disclosure
control suppressed (``c``) or whose quality is insufficient (``x``) shows its symbol instead of
the rate and interval, as the public pages will.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tekort.dashboards.tables import Column, Symbol
from tekort.estimates.frames import FUNCTION
from tekort.estimates.models import EstimateCell, EstimateRun
from tekort_stats.rounding import (
    SYMBOL_CONFIDENTIAL,
    SYMBOL_NOT_AVAILABLE,
    round_half_up,
)

PUBLISHED = "published"


def percentage(fraction: float | None) -> float | None:
    return None if fraction is None else round_half_up(fraction * 100.0, 1)


def cells_of(run: EstimateRun | None, breakdown: str, domain: str) -> dict[str, EstimateCell]:
    """The run's direct cells of one domain, by measure."""
    if run is None:
        return {}
    return {
        cell.measure: cell
        for cell in EstimateCell.objects.filter(
            run=run, function=FUNCTION, breakdown=breakdown, domain=domain, is_model_based=False
        )
    }


def rate_columns(prefix: str, area: str) -> list[Column]:
    return [
        Column(f"{prefix}_rate", _("%(area)s: shortage %%") % {"area": area}, 1),
        Column(f"{prefix}_ci_low", _("%(area)s: 95%% interval, from") % {"area": area}, 1),
        Column(f"{prefix}_ci_high", _("%(area)s: 95%% interval, to") % {"area": area}, 1),
        Column(f"{prefix}_quality", _("%(area)s: quality class") % {"area": area}),
        Column(f"{prefix}_symbol", _("%(area)s: symbol") % {"area": area}),
    ]


def rate_values(cell: EstimateCell | None, prefix: str) -> dict:
    keys = [f"{prefix}_{k}" for k in ("rate", "ci_low", "ci_high", "quality", "symbol")]
    if cell is None:
        return dict.fromkeys(keys)
    symbol = Symbol(cell.symbol) if cell.symbol else None
    if cell.disclosure_status != PUBLISHED:
        symbol = Symbol(SYMBOL_CONFIDENTIAL)
    if symbol in (SYMBOL_CONFIDENTIAL, SYMBOL_NOT_AVAILABLE) or cell.rate is None:
        shown = symbol or Symbol(SYMBOL_NOT_AVAILABLE)
        return dict(zip(keys, [shown, None, None, cell.quality_class, shown], strict=True))
    return dict(
        zip(
            keys,
            [
                percentage(cell.rate),
                percentage(cell.ci_low),
                percentage(cell.ci_high),
                cell.quality_class,
                symbol,
            ],
            strict=True,
        )
    )
