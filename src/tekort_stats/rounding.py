"""Presentation rounding (half up, from unrounded values).

methods.md §0 and §3.3 R4: never Python's ``round`` (banker's rounding); ``decimal.ROUND_HALF_UP``
on the unrounded value, away from zero at the half.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

# The symbols and their meaning are decided in tekort_stats.visibility; re-exported here.
from tekort_stats.visibility import (
    SYMBOL_CONFIDENTIAL,
    SYMBOL_ESTIMATED,
    SYMBOL_FORECAST,
    SYMBOL_LOW_RELIABILITY,
    SYMBOL_NOT_APPLICABLE,
    SYMBOL_NOT_AVAILABLE,
    SYMBOL_REVISED,
    SYMBOL_ROUNDS_TO_ZERO,
    SYMBOLS,
)

__all__ = [
    "SYMBOL_CONFIDENTIAL",
    "SYMBOL_ESTIMATED",
    "SYMBOL_FORECAST",
    "SYMBOL_LOW_RELIABILITY",
    "SYMBOL_NOT_APPLICABLE",
    "SYMBOL_NOT_AVAILABLE",
    "SYMBOL_REVISED",
    "SYMBOL_ROUNDS_TO_ZERO",
    "SYMBOLS",
    "format_percentage",
    "round_half_up",
    "round_to_base",
]


def _to_decimal(value: float) -> Decimal:
    if not math.isfinite(value):
        raise ValueError(f"cannot round a non-finite value: {value!r}")
    # repr gives the shortest string that round-trips, so 12.25 stays 12.25 (not 12.2499…).
    return Decimal(repr(float(value)))


def round_half_up(value: float, ndigits: int = 0) -> float:
    """Round to ``ndigits`` decimals, halves away from zero: 12.25 -> 12.3."""
    quantum = Decimal(1).scaleb(-ndigits)
    return float(_to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def round_to_base(value: float, base: int) -> int:
    """Round to the nearest multiple of ``base`` (5 for area FTE, 100 for headline FTE)."""
    if base <= 0:
        raise ValueError("base must be positive")
    steps = (_to_decimal(value) / Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * base


def format_percentage(rate: float) -> str:
    """A rate stored as a fraction shown as a percentage with one decimal: 0.1225 -> '12.3'."""
    return f"{round_half_up(rate * 100.0, 1):.1f}"
