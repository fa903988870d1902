"""The one tick algorithm and the linear scale of every chart."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

STEPS = (1, 2, 5, 10)  # times a power of ten: every label is round at its own precision


def coord(value: float) -> str:
    """A coordinate as SVG text with one decimal (never localised: "12.5", not "12,5")."""
    return f"{value:.1f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high``, about ``count``
    steps of 1, 2 or 5 times a power of ten ("nice numbers"). No 2.5 steps: a label without
    decimals would show 0/2/5/7/10/12. An empty range ([5, 5]) becomes [5, 6]."""
    if math.isnan(low) or math.isnan(high):
        raise ValueError("no ticks for NaN")
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in STEPS if m * power >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def tick_decimals(ticks: list[float]) -> int:
    """The decimals a tick label needs: none for whole steps, else as many as the step has."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    return 0 if step >= 1 else max(0, -math.floor(math.log10(step) + 1e-9))


@dataclass(frozen=True)
class Scale:
    """Linear map from values [``low``, ``high``] to pixels [``start``, ``end``] (``end`` may be
    smaller than ``start``: a y axis grows upward). An empty domain maps to the middle."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (float(value) - self.low) / (self.high - self.low) * (
            self.end - self.start
        )


class Tick(NamedTuple):
    """A tick: its position (pre-formatted) and its label; unpacks as ``pos, label``."""

    pos: str
    label: str
