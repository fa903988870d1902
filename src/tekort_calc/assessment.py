"""The yearly income-tax assessment (aanslag) of one person, box 1 only.

Same tariff and credits as the payroll tables (wage_tax) on the taxable income floored to
whole euros, plus the IACK (inkomensafhankelijke combinatiekorting, calculator.md §2.4).
Credits are applied in the order AHK, AK, IACK and never below zero tax (the unused part of
a credit is lost; the payment of AHK to a non-earning partner has been phased out).

Past the AOW age (``aow``, see aow.py) schijf 1 has no AOW premium, the AHK and AK are those
"vanaf de AOW-leeftijd", and the ouderenkorting (and for a single person the
alleenstaande-ouderenkorting) come after the AHK, as in the wage-tax tables. In the year the
AOW age is reached, the schijf-1 rate and the AHK and AK lie between the two in proportion to
the months before it (aow.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .aow import UNKNOWN, AowStatus, blended_rate
from .money import ZERO, ceil_euros, floor_euros, round5
from .parameters import Parameters
from .wage_tax import aow_rates, box1_brackets, elderly_credit, general_credit, labour_credit


@dataclass(frozen=True)
class Assessment:
    taxable_income: Decimal
    brackets: tuple[Decimal, Decimal, Decimal]
    ahk: Decimal  # entitlement
    ak: Decimal
    iack: Decimal
    ahk_used: Decimal  # the part that reduces tax
    ak_used: Decimal
    iack_used: Decimal
    elderly: Decimal = ZERO  # ouderenkorting (past the AOW age)
    elderly_single: Decimal = ZERO  # alleenstaande-ouderenkorting
    elderly_used: Decimal = ZERO  # both, the part that reduces tax
    aow: AowStatus = UNKNOWN
    rate_1: Decimal = ZERO  # the schijf-1 rate applied

    @property
    def box1(self) -> Decimal:
        return sum(self.brackets, ZERO)

    @property
    def tax(self) -> Decimal:
        return self.box1 - self.ahk_used - self.elderly_used - self.ak_used - self.iack_used


def iack_amount(labour_income: Decimal, p: Parameters) -> Decimal:
    if labour_income <= p["iack.threshold"]:
        return ZERO
    built = round5(p["iack.rate"] * (labour_income - p["iack.threshold"]))
    return min(p["iack.max"], floor_euros(built))


def _between(past: Decimal, under: Decimal, aow: AowStatus) -> Decimal:
    """A credit of the year the AOW age is reached: the AOW-age amount plus the premium part
    for the months before it, rounded up to whole euros."""
    return ceil_euros(past + (under - past) * aow.fraction_under)


def assess(
    fiscal_wage: Decimal,
    p: Parameters,
    iack_eligible: bool = False,
    aow: AowStatus = UNKNOWN,
    single: bool = False,
) -> Assessment:
    """Tax for a plain employee whose arbeidsinkomen equals the fiscal wage; ``aow`` says
    whether (and from which month) the person is past the AOW age, ``single`` whether they
    have no partner (alleenstaande-ouderenkorting)."""
    income = floor_euros(max(ZERO, fiscal_wage))
    if not aow.reached:
        rates = p
        ahk = general_credit(income, p)
        ak = labour_credit(income, p)
        elderly = elderly_single = ZERO
    else:
        rate_1 = blended_rate(p["box1.rate_1"], p["box1_aow.rate_1"], aow)
        rates = aow_rates(p, rate_1)
        ahk = general_credit(income, rates)
        ak = labour_credit(income, rates)
        if not aow.past_all_year:
            ahk = _between(ahk, general_credit(income, p), aow)
            ak = _between(ak, labour_credit(income, p), aow)
        elderly = elderly_credit(income, p)
        elderly_single = p["alleenstaande_ouderenkorting.amount"] if single else ZERO
    brackets = box1_brackets(income, rates)
    tax = sum(brackets, ZERO)
    iack = iack_amount(income, p) if iack_eligible else ZERO
    ahk_used = min(ahk, tax)
    elderly_used = min(elderly + elderly_single, tax - ahk_used)
    ak_used = min(ak, tax - ahk_used - elderly_used)
    iack_used = min(iack, tax - ahk_used - elderly_used - ak_used)
    return Assessment(
        income,
        brackets,
        ahk,
        ak,
        iack,
        ahk_used,
        ak_used,
        iack_used,
        elderly=elderly,
        elderly_single=elderly_single,
        elderly_used=elderly_used,
        aow=aow,
        rate_1=rates["box1.rate_1"],
    )


def iack_eligibility(
    has_young_child: bool, has_partner: bool, teacher_income: Decimal, partner_income: Decimal
) -> tuple[bool, bool]:
    """(teacher eligible, partner eligible): a child under 12 at home, and single or the
    partner with the lowest arbeidsinkomen (on a tie the teacher)."""
    if not has_young_child:
        return False, False
    if not has_partner:
        return True, False
    if teacher_income <= partner_income:
        return True, False
    return False, True
