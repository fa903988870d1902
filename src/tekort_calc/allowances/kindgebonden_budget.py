"""Kindgebonden budget (Wet op het kindgebonden budget; calculator.md §5.3).

KGB = Σ per child (amount + age supplement) + alleenstaande-ouderkop (no partner)
      − afbouw × max(0, Y − drempel), minimum 0.
"""

from __future__ import annotations

from decimal import Decimal

from ..household import Child
from ..money import ZERO, cents, fmt_eur, fmt_pct
from ..parameters import Parameters
from .common import Allowance, apply_minimum


def kindgebonden_budget(
    income: Decimal, has_partner: bool, children: tuple[Child, ...], assets: Decimal, p: Parameters
) -> Allowance:
    kids = [c for c in children if c.age < 18]
    if not kids:
        return Allowance(ZERO, "Geen kindgebonden budget: geen kinderen onder 18.")
    limit = p["kgb.asset_limit_partners" if has_partner else "kgb.asset_limit_single"]
    if assets > limit:
        return Allowance(
            ZERO, f"Geen kindgebonden budget: het vermogen is hoger dan {fmt_eur(limit)}."
        )
    full = ZERO
    for c in kids:
        full += p["kgb.per_child"]
        if 12 <= c.age <= 15:
            full += p["kgb.supplement_12_15"]
        elif c.age >= 16:
            full += p["kgb.supplement_16_17"]
    if not has_partner:
        full += p["kgb.single_parent_supplement"]
    threshold = p["kgb.threshold_partners" if has_partner else "kgb.threshold_single"]
    reduction = cents(p["kgb.phaseout_rate"] * max(ZERO, income - threshold))
    annual = apply_minimum(full - reduction, p)
    text = (
        f"Kindgebonden budget: {fmt_eur(full)} voor {len(kids)} kind(eren)"
        + ("" if has_partner else " inclusief alleenstaande-ouderkop")
        + f", min {fmt_pct(p['kgb.phaseout_rate'], 2)} van het inkomen boven {fmt_eur(threshold)} "
        f"({fmt_eur(reduction)}): {fmt_eur(annual)} per jaar."
    )
    return Allowance(annual, text)
