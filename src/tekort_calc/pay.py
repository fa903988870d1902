"""Gross pay from the cao po / cao vo: salary, holiday pay, year-end bonus, dated tables.

The full-time monthly salary comes either from the salary tables of the parameter file
(``[scales.<sector>.<scale>] "<valid from>"``, every trede, one table per validity date) or is
entered directly. With a (scale, step), each month takes the amount of the table valid on the
first of that month, so a cao rise that is already in a dated table is never applied twice. An
entered salary is the one valid on 1 January; the dated cao rises of the year
(``pay.rises_<sector>``, e.g. +1.2% per 1 Nov 2026 in po) apply from their month on.
Salary = Σ over the 12 months of full-time salary × FTE.

The top of a scale is its last trede in the table; the po oktobertoelage goes to teachers who
are not in it. Only for an entered salary, where no table says so, does ``top_of_scale`` of the
household decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from .household import NO_SALARY_DATA, FieldError, Household, ValidationError
from .money import ONE, ZERO, cents, fmt_eur
from .parameters import Parameters

SCALES_PREFIX = "scales"
MONTHS = 12


@dataclass(frozen=True)
class SalaryTable:
    """One scale's full-time monthly amounts per trede, valid from a date."""

    key: str  # "scales.po.LB.2025-11-01"
    valid_from: date
    amounts: tuple[tuple[int, Decimal], ...]  # (trede, EUR/month full-time), by trede
    status: str

    @property
    def steps(self) -> tuple[int, ...]:
        return tuple(step for step, _ in self.amounts)

    def amount(self, step: int) -> Decimal | None:
        return dict(self.amounts).get(step)


@dataclass(frozen=True)
class Pay:
    fulltime_monthly: Decimal  # in January
    fulltime_source: str
    monthly_fulltime: tuple[Decimal, ...]  # the full-time salary of each month (Jan..Dec)
    salary: Decimal  # annual salary at the FTE (12 months, incl. rises)
    salary_fulltime: Decimal  # the same at 1.0 FTE
    holiday_pay: Decimal
    year_end_bonus: Decimal
    allowances: Decimal  # toelagen (oktobertoelage)
    allowances_fulltime: Decimal
    january_monthly: Decimal  # the regular monthly salary in January at the FTE
    top_of_scale: bool  # in the last trede of the scale (from the table, or as entered)

    @property
    def gross_without_bonus(self) -> Decimal:
        return self.salary + self.holiday_pay + self.year_end_bonus + self.allowances


@lru_cache(maxsize=64)
def _tables(p: Parameters) -> dict[tuple[str, str], tuple[SalaryTable, ...]]:
    """All salary tables of a year, by (sector, scale), oldest first."""
    found: dict[tuple[str, str], list[SalaryTable]] = {}
    for key, entry in p.entries.items():
        parts = key.split(".")
        if parts[0] != SCALES_PREFIX or len(parts) != 4:
            continue
        _prefix, sector, scale, valid_from = parts
        amounts = tuple(sorted((int(step), amount) for step, amount in entry.value))
        table = SalaryTable(key, date.fromisoformat(valid_from), amounts, entry.status)
        found.setdefault((sector, scale), []).append(table)
    return {k: tuple(sorted(v, key=lambda t: t.valid_from)) for k, v in found.items()}


def salary_tables(p: Parameters, sector: str, scale: str) -> tuple[SalaryTable, ...]:
    """The tables of one scale used in the year of ``p``, oldest first (empty if none)."""
    return _tables(p).get((sector, scale), ())


def scales(p: Parameters, sector: str) -> tuple[str, ...]:
    """The scales of a sector with salary tables in the year of ``p``."""
    return tuple(sorted(scale for s, scale in _tables(p) if s == sector))


def scale_steps(p: Parameters, sector: str, scale: str) -> tuple[int, ...]:
    """The treden of a scale (those of its first table in the year; empty without tables)."""
    tables = salary_tables(p, sector, scale)
    return tables[0].steps if tables else ()


def table_for_month(tables: tuple[SalaryTable, ...], year: int, month: int) -> SalaryTable | None:
    """The table valid on the first of ``month`` (the latest one that started by then)."""
    first = date(year, month, 1)
    valid = [t for t in tables if t.valid_from <= first]
    return valid[-1] if valid else None


def _no_data(h: Household, steps: tuple[int, ...] = ()) -> ValidationError:
    if not steps:
        return ValidationError(
            [FieldError("scale", NO_SALARY_DATA, {"sector": h.sector, "scale": h.scale})]
        )
    return ValidationError(
        [
            FieldError(
                "step",
                NO_SALARY_DATA,
                {"sector": h.sector, "scale": h.scale, "step": h.step, "steps": steps},
            )
        ]
    )


@lru_cache(maxsize=512)
def _table_months(
    p: Parameters, sector: str, scale: str, step: int, follow_tables: bool
) -> tuple[tuple[SalaryTable, ...], bool]:
    """The table of each month (Jan..Dec), and whether ``step`` is the top of the scale."""
    tables = salary_tables(p, sector, scale)
    january = table_for_month(tables, p.year, 1)
    if january is None:
        return (), False
    months = tuple(
        (table_for_month(tables, p.year, m) if follow_tables else january)
        for m in range(1, MONTHS + 1)
    )
    return months, step == january.steps[-1]


def _from_table(h: Household, p: Parameters) -> tuple[tuple[Decimal, ...], str, bool]:
    months, top = _table_months(p, h.sector, h.scale, h.step, h.apply_cao_rises)
    if not months:
        raise _no_data(h)
    if months[0].amount(h.step) is None:
        raise _no_data(h, months[0].steps)
    amounts = tuple(t.amount(h.step) for t in months)
    used = list(dict.fromkeys(months))
    source = (
        f"cao {h.sector} schaal {h.scale} trede {h.step}, salaristabel per "
        f"{used[0].valid_from.isoformat()} (status {used[0].status})"
        + "".join(
            f"; vanaf {t.valid_from.isoformat()} {fmt_eur(t.amount(h.step))} (status {t.status})"
            for t in used[1:]
        )
        + (", hoogste trede" if top else "")
    )
    return amounts, source, top


def month_factors(h: Household, p: Parameters) -> tuple[Decimal, ...]:
    """The cumulative rise factor per month for an entered salary (Jan..Dec)."""
    return _rise_factors(p, h.sector, h.apply_cao_rises)


@lru_cache(maxsize=64)
def _rise_factors(p: Parameters, sector: str, apply_rises: bool) -> tuple[Decimal, ...]:
    factors = [ONE] * MONTHS
    if apply_rises:
        for when, rise in p[f"pay.rises_{sector}"]:
            month = int(str(when)[5:7])
            for m in range(month - 1, MONTHS):
                factors[m] = factors[m] * (ONE + rise)
    return tuple(factors)


def _salary_at(monthly_ft: tuple[Decimal, ...], fte: Decimal) -> Decimal:
    """Σ of each month's salary at the FTE, rounded to cents per month (a month equal to an
    earlier one is not rounded again)."""
    rounded: dict[Decimal, Decimal] = {}
    total = ZERO
    for m in monthly_ft:
        if m not in rounded:
            rounded[m] = cents(m * fte)
        total += rounded[m]
    return total


@lru_cache(maxsize=256)
def _monthly_fulltime(ft: Decimal, factors: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return tuple(cents(ft * f) for f in factors)


def monthly_salaries(h: Household, p: Parameters) -> tuple[tuple[Decimal, ...], str, bool]:
    """The full-time salary of each month, where it came from, and whether it is the top of
    the scale. Raises ValidationError when the tables hold no amount for the scale or step."""
    if h.monthly_salary_fulltime is not None:
        monthly = _monthly_fulltime(h.monthly_salary_fulltime, month_factors(h, p))
        return monthly, "ingevuld voltijds maandsalaris", h.top_of_scale
    return _from_table(h, p)


def fulltime_salary(h: Household, p: Parameters) -> tuple[Decimal, str]:
    """The full-time monthly salary in January and where it came from."""
    monthly, source, _top = monthly_salaries(h, p)
    return monthly[0], source


def annual_pay(h: Household, p: Parameters) -> Pay:
    monthly_ft, source, top = monthly_salaries(h, p)
    salary_ft = sum(monthly_ft, ZERO)
    salary = _salary_at(monthly_ft, h.fte)
    allowance_ft = ZERO
    if h.sector == "po" and not top:
        allowance_ft = p["pay.october_allowance_po"]
    return Pay(
        fulltime_monthly=monthly_ft[0],
        fulltime_source=source,
        monthly_fulltime=monthly_ft,
        salary=salary,
        salary_fulltime=salary_ft,
        holiday_pay=cents(salary * p["pay.holiday_pay_rate"]),
        year_end_bonus=cents(salary * p["pay.year_end_bonus_rate"]),
        allowances=cents(allowance_ft * h.fte),
        allowances_fulltime=allowance_ft,
        january_monthly=cents(monthly_ft[0] * h.fte),
        top_of_scale=top,
    )
