"""Shared Awir rules: the €24 minimum (after rounding to whole euros), monthly advances rounded down to whole euros."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..money import ZERO, cents, euros, floor_euros
from ..parameters import Parameters

MONTHS = Decimal(12)


@dataclass(frozen=True)
class Allowance:
    annual: Decimal  # the definitive yearly amount (cents)
    explanation: str
    computed: bool = True  # False when the year's parameters are not available

    @property
    def monthly(self) -> Decimal:
        return cents(self.annual / MONTHS)

    @property
    def monthly_paid(self) -> Decimal:
        """The monthly advance as Dienst Toeslagen pays it (rounded down to whole euros)."""
        return floor_euros(self.annual / MONTHS)


def apply_minimum(annual: Decimal, p: Parameters) -> Decimal:
    """Awir art. 14: the yearly amount, rounded to whole euros, is compared with the minimum
    (€24 a year); under it there is no allowance. The rounding decides the cut-off: zorgtoeslag
    2026 for a single person stops above €40,857 (Dienst Toeslagen's published limit) instead
    of €40,853 without it. The amount itself stays in cents, as in Dienst Toeslagen's examples."""
    annual = max(ZERO, annual)
    return ZERO if euros(annual) < p["toeslagen.minimum_amount"] else cents(annual)
