"""Huurtoeslag (Wet op de huurtoeslag as of 2026, linear phase-out; calculator.md §5.2).

R = min(kale huur, rekengrens); slice 1 = 100% of min(R, kwaliteitskortingsgrens) − basishuur;
slice 2 = 65% between kwaliteitskortingsgrens and aftoppingsgrens; slice 3 = 40% above it;
afbouw = 27% (1 person) / 22% (2+) of the income above the income point, per month.
For 2025 the quadratic normhuur factors were not retrieved: not computed (flagged).
"""

from __future__ import annotations

from decimal import Decimal

from ..money import ZERO, cents, fmt_eur, fmt_pct
from ..parameters import Parameters
from .common import MONTHS, Allowance, apply_minimum


def huurtoeslag(
    income: Decimal, rent: Decimal, persons: int, has_partner: bool, assets: Decimal, p: Parameters
) -> Allowance:
    if rent <= 0:
        return Allowance(ZERO, "Geen huurtoeslag: geen huur ingevuld.")
    if not p["huurtoeslag.available"]:
        return Allowance(
            ZERO,
            f"Huurtoeslag {p.year} is niet berekend: de parameters voor dat jaar zijn niet "
            "geverifieerd. Het werkelijke besteedbaar inkomen kan hoger zijn.",
            computed=False,
        )
    limit = p[
        "huurtoeslag.asset_limit_partners" if has_partner else "huurtoeslag.asset_limit_person"
    ]
    if assets > limit:
        return Allowance(ZERO, f"Geen huurtoeslag: het vermogen is hoger dan {fmt_eur(limit)}.")
    single = persons == 1
    r = min(rent, p["huurtoeslag.rent_ceiling"])
    base = p["huurtoeslag.base_rent_single" if single else "huurtoeslag.base_rent_multi"]
    q = p["huurtoeslag.quality_discount_limit"]
    a = p["huurtoeslag.capping_limit_small" if persons <= 2 else "huurtoeslag.capping_limit_large"]
    s1 = max(ZERO, min(r, q) - base)
    s2 = p["huurtoeslag.rate_slice_2"] * max(ZERO, min(r, a) - q)
    s3 = p["huurtoeslag.rate_slice_3"] * max(ZERO, r - a)
    rate = p["huurtoeslag.phaseout_rate_single" if single else "huurtoeslag.phaseout_rate_multi"]
    point = p["huurtoeslag.income_point_single" if single else "huurtoeslag.income_point_multi"]
    afbouw = rate * max(ZERO, income - point) / MONTHS
    monthly = cents(max(ZERO, s1 + s2 + s3 - afbouw))
    annual = apply_minimum(monthly * MONTHS, p)
    text = (
        f"Huurtoeslag: van de rekenhuur {fmt_eur(r)} per maand telt {fmt_eur(s1)} volledig "
        f"(boven de basishuur {fmt_eur(base)}), {fmt_eur(s2)} voor 65% en {fmt_eur(s3)} voor 40%; "
        f"daar gaat {fmt_pct(rate, 0)} af van het inkomen boven {fmt_eur(point)} per jaar "
        f"({fmt_eur(afbouw)} per maand): {fmt_eur(monthly)} per maand, {fmt_eur(annual)} per jaar."
    )
    return Allowance(annual, text)
