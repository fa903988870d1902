"""ABP pension premium, employee share (calculator.md §3).

premium = premium_rate × employee_share × FTE × max(0, full-time pensionable salary − franchise)
(+ the same rate over the bonus when it is pensionable, without franchise). The full-time
pensionable salary is 12 months of salary plus holiday pay, year-end bonus and fixed
allowances at 1.0 FTE; the franchise is a full-time amount, so a part-timer's premium is the
full-time premium times the part-time factor. The premium is deducted from the taxable wage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import ONE, ZERO, cents
from .parameters import Parameters
from .pay import Pay


@dataclass(frozen=True)
class Pension:
    rate: Decimal  # employee rate = premium rate × employee share
    pensionable_fulltime: Decimal
    franchise: Decimal
    premium: Decimal  # employee premium per year at the FTE


def employee_premium(
    pay: Pay, fte: Decimal, bonus: Decimal, bonus_pensionable: bool, p: Parameters
) -> Pension:
    rate = p["pension.premium_rate"] * p["pension.employee_share"]
    multiplier = ONE + p["pay.holiday_pay_rate"] + p["pay.year_end_bonus_rate"]
    pensionable_ft = pay.salary_fulltime * multiplier + pay.allowances_fulltime
    franchise = p["pension.franchise"]
    base = max(ZERO, pensionable_ft - franchise) * fte
    if bonus_pensionable:
        base += bonus
    return Pension(
        rate=rate,
        pensionable_fulltime=cents(pensionable_ft),
        franchise=franchise,
        premium=cents(base * rate),
    )
