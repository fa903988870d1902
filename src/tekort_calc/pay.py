"""Gross pay from the cao po / cao vo: salary, holiday pay, year-end bonus, dated rises.

The full-time monthly salary is either entered directly or looked up from the (scale, step)
anchors in the parameter file (only LB trede 1 and 12 are known, calculator.md §4.3). It is
the salary valid on 1 January; the dated cao rises of the year (e.g. +1.2% per 1 Nov 2026 in
po) apply from their month on. Salary = Σ over the 12 months of full-time salary × FTE.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .household import NO_SALARY_DATA, FieldError, Household, ValidationError
from .money import ONE, ZERO, cents
from .parameters import Parameters


@dataclass(frozen=True)
class Pay:
    fulltime_monthly: Decimal  # on 1 January
    fulltime_source: str
    month_factors: tuple[Decimal, ...]  # cumulative rise factor per month (Jan..Dec)
    salary: Decimal  # annual salary at the FTE (12 months, incl. rises)
    salary_fulltime: Decimal  # the same at 1.0 FTE
    holiday_pay: Decimal
    year_end_bonus: Decimal
    allowances: Decimal  # toelagen (oktobertoelage)
    allowances_fulltime: Decimal
    january_monthly: Decimal  # the regular monthly salary in January at the FTE

    @property
    def gross_without_bonus(self) -> Decimal:
        return self.salary + self.holiday_pay + self.year_end_bonus + self.allowances


def fulltime_salary(h: Household, p: Parameters) -> tuple[Decimal, str]:
    """The full-time monthly salary on 1 January and where it came from."""
    if h.monthly_salary_fulltime is not None:
        return h.monthly_salary_fulltime, "ingevuld voltijds maandsalaris"
    key = f"scales.{h.sector}.{h.scale}"
    table = p.get(key)
    if table is None:
        raise ValidationError(
            [FieldError("scale", NO_SALARY_DATA, {"sector": h.sector, "scale": h.scale})]
        )
    for step, amount in table:
        if int(step) == h.step:
            return (
                amount,
                f"cao {h.sector} schaal {h.scale} trede {h.step} (status {p.status(key)})",
            )
    steps = tuple(int(s) for s, _ in table)
    raise ValidationError(
        [
            FieldError(
                "step",
                NO_SALARY_DATA,
                {"sector": h.sector, "scale": h.scale, "step": h.step, "steps": steps},
            )
        ]
    )


def month_factors(h: Household, p: Parameters) -> tuple[Decimal, ...]:
    factors = [ONE] * 12
    if h.apply_cao_rises:
        for date, rise in p[f"pay.rises_{h.sector}"]:
            month = int(str(date)[5:7])
            for m in range(month - 1, 12):
                factors[m] = factors[m] * (ONE + rise)
    return tuple(factors)


@lru_cache(maxsize=256)
def _monthly_fulltime(ft: Decimal, factors: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return tuple(cents(ft * f) for f in factors)


def annual_pay(h: Household, p: Parameters) -> Pay:
    ft, source = fulltime_salary(h, p)
    factors = month_factors(h, p)
    monthly_ft = _monthly_fulltime(ft, factors)
    salary_ft = sum(monthly_ft, ZERO)
    salary = sum((cents(m * h.fte) for m in monthly_ft), ZERO)
    allowance_ft = ZERO
    if h.sector == "po" and not h.top_of_scale:
        allowance_ft = p["pay.october_allowance_po"]
    return Pay(
        fulltime_monthly=ft,
        fulltime_source=source,
        month_factors=factors,
        salary=salary,
        salary_fulltime=salary_ft,
        holiday_pay=cents(salary * p["pay.holiday_pay_rate"]),
        year_end_bonus=cents(salary * p["pay.year_end_bonus_rate"]),
        allowances=cents(allowance_ft * h.fte),
        allowances_fulltime=allowance_ft,
        january_monthly=cents(monthly_ft[0] * h.fte),
    )
