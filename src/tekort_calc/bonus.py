"""The more-hours bonus (meerurenbonus / voltijdsbonus) a school board may pay.

* ``vast``: a fixed gross amount per year once the FTE reaches the threshold;
* ``percentage``: a percentage of the salary earned by the hours above the threshold.

What the teacher keeps of it: ``compare(calculate(h), calculate(h.with_bonus(b)))`` —
see :func:`bonus_kept`.
"""

from __future__ import annotations

from decimal import Decimal

from .household import Household
from .money import ZERO, cents, fmt_eur, fmt_num, fmt_pct


def bonus_amount(h: Household, salary: Decimal) -> tuple[Decimal, str]:
    """Gross bonus per year and a Dutch explanation."""
    b = h.bonus
    if b.kind == "vast":
        if h.fte >= b.threshold_fte:
            return cents(b.amount), (
                f"Vaste meerurenbonus van {fmt_eur(b.amount)} bruto per jaar, omdat je "
                f"deeltijdfactor ({fmt_num(h.fte)}) minstens {fmt_num(b.threshold_fte)} fte is."
            )
        return ZERO, f"Geen meerurenbonus: die geldt pas vanaf {fmt_num(b.threshold_fte)} fte."
    if b.kind == "percentage":
        above = max(ZERO, h.fte - b.threshold_fte)
        if above == 0 or h.fte == 0:
            return (
                ZERO,
                f"Geen meerurenbonus: die geldt voor uren boven {fmt_num(b.threshold_fte)} fte.",
            )
        amount = cents(salary * above / h.fte * b.percentage)
        return amount, (
            f"Meerurenbonus: {fmt_pct(b.percentage, 1)} van het salaris over de uren boven "
            f"{fmt_num(b.threshold_fte)} fte ({fmt_num(above)} fte): {fmt_eur(amount)} bruto per jaar."
        )
    return ZERO, "Geen meerurenbonus."


def bonus_kept(household: Household, year: int):
    """The Comparison between this household without and with its bonus."""
    from dataclasses import replace

    from .calculation import calculate
    from .comparison import compare
    from .household import NO_BONUS

    without = calculate(replace(household, bonus=NO_BONUS), year)
    return compare(without, calculate(household, year))
