"""Box 1 tax, the general tax credit (AHK) and the labour credit (AK) with payroll rounding.

Rounding follows the Belastingdienst *Rekenvoorschriften voor de geautomatiseerde
loonadministratie* (calculator.md §2.6): tax per bracket floored to whole euros, AHK rounded
up to whole euros, AK built from 5-decimal products with cumulative caps and rounded up, the
monthly table value = annual amount / 12 rounded half-up to cents, and a monthly table wage W
falls in the row ⌊W / 4.50⌋ × 4.50. With these rules every row of the witte maandtabel 2025
and 2026 is reproduced to the cent (tests/test_wage_tax_table.py).

Past the AOW age (``aow=True``; issue 19) the same functions run on :func:`aow_rates`: schijf 1
without the AOW premium and the lower AHK and AK "vanaf de AOW-leeftijd" (sections
``box1_aow``, ``ahk_aow``, ``ak_aow`` of the parameter files), plus the ouderenkorting
(:func:`elderly_credit`), deducted after the AHK and before the AK. With these, every row of the
AOW columns of both tables is reproduced to the cent too (tests/test_wage_tax_table_aow.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .money import ZERO, ceil_euros, cents, floor_euros, round5
from .parameters import Parameters

TABLE_STEP = Decimal("4.50")
MONTHS = Decimal(12)

# the keys whose AOW-age value lives in a "<section>_aow" section; the others (bracket limits,
# phase-out starts, zero points, segment limits) are the same at every age
AOW_KEYS = (
    "box1.rate_1",
    "ahk.max",
    "ahk.phaseout_rate",
    "ak.rate_1",
    "ak.cap_1",
    "ak.rate_2",
    "ak.cap_2",
    "ak.rate_3",
    "ak.max",
    "ak.phaseout_rate",
)


class AowRates(Mapping):
    """The parameters of a year as they apply past the AOW age: ``r["ahk.max"]`` is
    ``p["ahk_aow.max"]``; every other key is read from ``p`` unchanged."""

    def __init__(self, p: Parameters, rate_1: Decimal | None = None):
        self.base = p
        self.year = p.year
        self._aow = {key: p[key.replace(".", "_aow.", 1)] for key in AOW_KEYS}
        if rate_1 is not None:  # the aangepast tarief of the year the AOW age is reached
            self._aow["box1.rate_1"] = rate_1

    def __getitem__(self, key: str):
        if key in self._aow:
            return self._aow[key]
        return self.base[key]

    def __iter__(self):
        return iter(self.base.entries)

    def __len__(self) -> int:
        return len(self.base.entries)


def aow_rates(p: Parameters, rate_1: Decimal | None = None) -> AowRates:
    return AowRates(p, rate_1)


def box1_brackets(income: Decimal, p: Parameters) -> tuple[Decimal, Decimal, Decimal]:
    """Tax per bracket on an annual income, each floored to whole euros."""
    b1, b2 = p["box1.bracket_1_limit"], p["box1.bracket_2_limit"]
    part1 = min(income, b1)
    part2 = max(ZERO, min(income, b2) - b1)
    part3 = max(ZERO, income - b2)
    return (
        floor_euros(part1 * p["box1.rate_1"]),
        floor_euros(part2 * p["box1.rate_2"]),
        floor_euros(part3 * p["box1.rate_3"]),
    )


def box1_tax(income: Decimal, p: Parameters) -> Decimal:
    """Box 1 income tax and national insurance ("zonder heffingskortingen"), whole euros."""
    return sum(box1_brackets(income, p), ZERO)


def general_credit(income: Decimal, p: Parameters) -> Decimal:
    """Algemene heffingskorting, rounded up to whole euros."""
    if income >= p["ahk.zero_at"]:
        return ZERO
    excess = max(ZERO, income - p["ahk.phaseout_start"])
    return max(ZERO, ceil_euros(p["ahk.max"] - round5(p["ahk.phaseout_rate"] * excess)))


def labour_credit(labour_income: Decimal, p: Parameters) -> Decimal:
    """Arbeidskorting on arbeidsinkomen, cumulative segment caps, rounded up to whole euros."""
    if labour_income <= ZERO or labour_income >= p["ak.zero_at"]:
        return ZERO
    ai = labour_income
    credit = min(round5(p["ak.rate_1"] * ai), p["ak.cap_1"])
    if ai > p["ak.limit_1"]:
        credit = min(credit + round5(p["ak.rate_2"] * (ai - p["ak.limit_1"])), p["ak.cap_2"])
    if ai > p["ak.limit_2"]:
        credit = min(credit + round5(p["ak.rate_3"] * (ai - p["ak.limit_2"])), p["ak.max"])
    if ai > p["ak.limit_3"]:
        credit = credit - round5(p["ak.phaseout_rate"] * (ai - p["ak.limit_3"]))
    return max(ZERO, ceil_euros(credit))


def elderly_credit(income: Decimal, p: Parameters) -> Decimal:
    """Ouderenkorting (past the AOW age): the maximum, less 15% of the income above the
    phase-out start, rounded up to whole euros."""
    excess = max(ZERO, income - p["ouderenkorting.phaseout_start"])
    return max(
        ZERO,
        ceil_euros(p["ouderenkorting.max"] - round5(p["ouderenkorting.phaseout_rate"] * excess)),
    )


@dataclass(frozen=True)
class TableValue:
    """One row of the witte maandtabel (per month)."""

    table_wage: Decimal
    without_credits: Decimal
    with_credits: Decimal
    labour_credit: Decimal  # the part of the AK actually deducted (after AHK), per month


def table_row(monthly_wage: Decimal) -> Decimal:
    """The table row (lower bound of the €4.50 band) a monthly table wage falls in."""
    if monthly_wage <= ZERO:
        return ZERO
    return (monthly_wage / TABLE_STEP).quantize(Decimal(1), rounding=ROUND_FLOOR) * TABLE_STEP


def monthly_table(monthly_wage: Decimal, p: Parameters, aow: bool = False) -> TableValue:
    """Loonheffing per month for a regular monthly table wage (witte maandtabel); ``aow``:
    the columns for someone past the AOW age (born 1946 or later)."""
    row = table_row(monthly_wage)
    annual = row * MONTHS
    rates = aow_rates(p) if aow else p
    tax = box1_tax(annual, rates)
    ahk = general_credit(annual, rates)
    elderly = elderly_credit(annual, p) if aow else ZERO
    ak = labour_credit(annual, rates)
    with_credits = max(ZERO, tax - ahk - elderly - ak)
    return TableValue(
        table_wage=row,
        without_credits=cents(tax / MONTHS),
        with_credits=cents(with_credits / MONTHS),
        labour_credit=cents(min(ak, max(ZERO, tax - ahk - elderly)) / MONTHS),
    )
