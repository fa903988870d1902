"""Kinderopvangtoeslag (Wet kinderopvang, Besluit KOT; calculator.md §5.4).

Per child per month: pct(Y, rank) × min(hours, 230) × min(price, maximum hourly price).
The child with the most hours is the "first child"; the others use the next-child column.
Both parents must work. Only children within the age limits of their kind of care count (Wet
kinderopvang art. 1.1: dagopvang until the child goes to primary school, buitenschoolse opvang
and gastouderopvang until the end of primary school; parameters ``kot.age_*``): for a child
outside them the household still pays the bill, but there is no toeslag. The hours follow the teacher's working days: days in care per week =
max(0, min(5, 5 × FTE) − days covered otherwise) × hours per day × 52 / 12 per month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..household import Household
from ..money import ZERO, cents, fmt_eur, fmt_pct
from ..parameters import Parameters
from .common import MONTHS, Allowance

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
FIVE = Decimal(5)


@dataclass(frozen=True)
class Childcare:
    hours_per_month: tuple[Decimal, ...]  # per child, in household order
    cost: Decimal  # the household's childcare bill per year
    allowance: Allowance
    outside_age: tuple[str, ...] = ()  # a Dutch warning per child outside the age limits


CARE_NAMES = {
    "dagopvang": "dagopvang",
    "bso": "buitenschoolse opvang",
    "gastouder": "gastouderopvang",
}


def age_limits(kind: str, p: Parameters) -> tuple[int, int]:
    """(lowest, highest) age in whole years for which ``kind`` of care gets toeslag."""
    return int(p[f"kot.age_min_{kind}"]), int(p[f"kot.age_max_{kind}"])


def within_age(child, p: Parameters) -> bool:
    lo, hi = age_limits(child.childcare, p)
    return lo <= child.age <= hi


def percentage(
    income: Decimal,
    anchors: tuple,
) -> Decimal:
    """Reimbursement fraction at ``income``: linear between anchors, flat beyond the ends."""
    prev_x, prev_y = anchors[0]
    if income <= prev_x:
        return prev_y
    for x, y in anchors[1:]:
        if income <= x:
            return prev_y + (y - prev_y) * (income - prev_x) / (x - prev_x)
        prev_x, prev_y = x, y
    return prev_y


def care_hours(h: Household) -> tuple[Decimal, ...]:
    days = max(ZERO, min(FIVE, FIVE * h.fte) - h.childcare_days_covered)
    return tuple(
        cents(days * c.childcare_hours_per_day * WEEKS_PER_MONTH) if c.childcare != "geen" else ZERO
        for c in h.children
    )


def kinderopvangtoeslag(h: Household, income: Decimal, p: Parameters) -> Childcare:
    hours = care_hours(h)
    cost = cents(
        sum(
            (hrs * c.childcare_price_per_hour for hrs, c in zip(hours, h.children, strict=True)),
            ZERO,
        )
        * MONTHS
    )
    if not any(hours):
        return Childcare(
            hours, cost, Allowance(ZERO, "Geen kinderopvangtoeslag: geen betaalde opvang.")
        )
    outside = tuple(
        f"Kind {i + 1} ({c.age} jaar) valt buiten de leeftijd voor {CARE_NAMES[c.childcare]} "
        f"({age_limits(c.childcare, p)[0]} tot en met {age_limits(c.childcare, p)[1]} jaar): "
        "voor deze opvang is er geen kinderopvangtoeslag; de kosten zijn wel meegerekend."
        for i, (hrs, c) in enumerate(zip(hours, h.children, strict=True))
        if hrs and not within_age(c, p)
    )
    eligible = tuple(
        hrs if hrs and within_age(c, p) else ZERO for hrs, c in zip(hours, h.children, strict=True)
    )
    if not any(eligible):
        return Childcare(
            hours,
            cost,
            Allowance(
                ZERO,
                "Geen kinderopvangtoeslag: geen kind is binnen de leeftijd van zijn soort opvang.",
            ),
            outside,
        )
    if h.has_partner and h.partner_income <= 0:
        return Childcare(
            hours,
            cost,
            Allowance(
                ZERO,
                "Geen kinderopvangtoeslag: beide ouders moeten werken (de partner heeft geen inkomen).",
            ),
            outside,
        )
    first = max(range(len(eligible)), key=lambda i: eligible[i])
    cap = p["kot.max_hours_per_month"]
    monthly = ZERO
    parts = []
    for i, (hrs, c) in enumerate(zip(eligible, h.children, strict=True)):
        if not hrs:
            continue
        pct = percentage(income, p["kot.pct_first_child" if i == first else "kot.pct_next_child"])
        price = min(c.childcare_price_per_hour, p[f"kot.max_hourly_price_{c.childcare}"])
        amount = cents(pct * min(hrs, cap) * price)
        monthly += amount
        parts.append(
            f"kind {i + 1}: {fmt_pct(pct, 1)} × {min(hrs, cap)} uur × {fmt_eur(price)} = {fmt_eur(amount)}"
        )
    annual = cents(monthly * MONTHS)
    text = (
        "Kinderopvangtoeslag per maand: "
        + "; ".join(parts)
        + f". Per jaar {fmt_eur(annual)}. Het percentage volgt het gezamenlijke inkomen "
        "(benadering van de officiële tabel, zie de parameterstatus)."
    )
    return Childcare(hours, cost, Allowance(annual, text), outside)
