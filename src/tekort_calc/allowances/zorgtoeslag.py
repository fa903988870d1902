"""Zorgtoeslag (Wet op de zorgtoeslag art. 1-3; calculator.md §5.1).

normpremie = p_d × D + r × max(0, Y − D)   (p_d single or partners; D = drempelinkomen)
zorgtoeslag = n × standaardpremie − normpremie   (n = 2 when both partners are insured)
partner not insured: standaardpremie once and 50% of the normpremie (art. 2 lid 4).
"""

from __future__ import annotations

from decimal import Decimal

from ..money import ZERO, cents, fmt_eur, fmt_pct
from ..parameters import Parameters
from .common import Allowance, apply_minimum

HALF = Decimal("0.5")


def zorgtoeslag(
    income: Decimal, has_partner: bool, partner_insured: bool, assets: Decimal, p: Parameters
) -> Allowance:
    limit = p[
        "zorgtoeslag.asset_limit_partners" if has_partner else "zorgtoeslag.asset_limit_single"
    ]
    if assets > limit:
        return Allowance(ZERO, f"Geen zorgtoeslag: het vermogen is hoger dan {fmt_eur(limit)}.")
    d = p["zorgtoeslag.threshold_income"]
    base_rate = p["zorgtoeslag.rate_partners" if has_partner else "zorgtoeslag.rate_single"]
    above = max(ZERO, income - d)
    norm = cents(base_rate * d + p["zorgtoeslag.rate_above_threshold"] * above)
    premium = p["zorgtoeslag.standard_premium"]
    if has_partner and partner_insured:
        raw = 2 * premium - norm
        how = f"2 × standaardpremie {fmt_eur(premium)} − normpremie {fmt_eur(norm)}"
    elif has_partner:
        raw = premium - HALF * norm
        how = f"standaardpremie {fmt_eur(premium)} − ½ × normpremie {fmt_eur(norm)} (partner niet verzekerd)"
    else:
        raw = premium - norm
        how = f"standaardpremie {fmt_eur(premium)} − normpremie {fmt_eur(norm)}"
    annual = apply_minimum(cents(raw), p)
    text = (
        f"Zorgtoeslag: normpremie = {fmt_pct(base_rate, 3)} × drempelinkomen {fmt_eur(d)} + "
        f"{fmt_pct(p['zorgtoeslag.rate_above_threshold'], 2)} × het inkomen boven de drempel "
        f"({fmt_eur(above)}) = {fmt_eur(norm)}; toeslag = {how}"
    )
    if annual == 0:
        text += " is, afgerond op hele euro's, minder dan € 24 per jaar: geen zorgtoeslag."
    else:
        text += f" = {fmt_eur(annual)} per jaar (voorschot {fmt_eur(Allowance(annual, '').monthly_paid)} per maand)."
    return Allowance(annual, text)
