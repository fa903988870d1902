"""The AOW age: whether, and from which month, someone is past it in a tax year.

The input is a date of birth or an age on 1 January of the year; both are optional. Without
either, the calculator assumes the person is under the AOW age all year, and says so.

* :attr:`AowStatus.premium_months` — the months of the year before the month in which the AOW
  age is reached, in which the AOW premium is due (12: not reached in the year; 0: reached in
  January or in an earlier year, i.e. taxed as past the AOW age all year).
* In the year the AOW age is reached, the Belastingdienst applies an *aangepast tarief*: the
  schijf-1 rate is the AOW rate plus the AOW premium for the months before that month
  (2025: reached in January 17.92%, in December 34.32%), truncated to two decimals of a
  percent; the AHK and AK move in proportion (their premium part, Wet IB 2001 art. 8.10 and
  8.11: "tijdsevenredig"). The ouderenkorting is due in full when the AOW age is reached by
  31 December.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from .parameters import Parameters

MONTHS = 12
RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class AowStatus:
    """One person's AOW position in a tax year."""

    premium_months: int = MONTHS  # months of the year under the AOW age (12 = all year)
    known: bool = False  # False: no date of birth or age entered (assumed under AOW age)
    reached_on: date | None = None  # the day the AOW age is reached, when a birth date is known
    # derived (plain attributes, not properties: the curve reads them thousands of times)
    reached: bool = field(init=False, compare=False)  # in or before the year (ouderenkorting)
    past_all_year: bool = field(init=False, compare=False)  # the AOW rates all year

    def __post_init__(self):
        object.__setattr__(self, "reached", self.premium_months < MONTHS)
        object.__setattr__(self, "past_all_year", self.premium_months == 0)

    @property
    def fraction_under(self) -> Decimal:
        return Decimal(self.premium_months) / MONTHS


UNKNOWN = AowStatus()


def aow_age(p: Parameters) -> tuple[int, int]:
    """(years, months) of the AOW age for people who reach it in the parameters' year."""
    return int(p["aow.age_years"]), int(p["aow.age_months"])


def add_months(day: date, months: int) -> date:
    """``day`` plus a number of months; a day that does not exist in the target month (29
    February in a common year) becomes the first day of the next month."""
    total = day.year * MONTHS + day.month - 1 + months
    year, month = divmod(total, MONTHS)
    try:
        return date(year, month + 1, day.day)
    except ValueError:
        return date(year + (month + 1) // MONTHS, (month + 1) % MONTHS + 1, 1)


def status_from_birth_date(birth_date: date, year: int, p: Parameters) -> AowStatus:
    years, months = aow_age(p)
    reached = add_months(birth_date, years * MONTHS + months)
    if reached.year > year:
        premium = MONTHS
    elif reached.year < year:
        premium = 0
    else:
        premium = reached.month - 1
    return AowStatus(premium_months=premium, known=True, reached_on=reached)


def status_from_age(age: int, p: Parameters) -> AowStatus:
    """From the age on 1 January: past the AOW age all year when that age is at least the
    AOW age; otherwise treated as under it all year (the month is unknown)."""
    years, months = aow_age(p)
    past = age > years or (age == years and months == 0)
    return AowStatus(premium_months=0 if past else MONTHS, known=True)


def status(birth_date: date | None, age: int | None, year: int, p: Parameters) -> AowStatus:
    if birth_date is not None:
        return status_from_birth_date(birth_date, year, p)
    if age is not None:
        return status_from_age(age, p)
    return UNKNOWN


def blended_rate(under: Decimal, past: Decimal, s: AowStatus) -> Decimal:
    """The schijf-1 rate of the year the AOW age is reached (the aangepast tarief)."""
    return (past + (under - past) * s.fraction_under).quantize(RATE_PLACES, rounding=ROUND_DOWN)
