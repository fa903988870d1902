"""The yearly income-tax assessment (aanslag) of one person, box 1 only.

Same tariff and credits as the payroll tables (wage_tax) on the taxable income floored to
whole euros, plus the IACK (inkomensafhankelijke combinatiekorting, calculator.md §2.4).
Credits are applied in the order AHK, AK, IACK and never below zero tax (the unused part of
a credit is lost; the payment of AHK to a non-earning partner has been phased out).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import ZERO, floor_euros, round5
from .parameters import Parameters
from .wage_tax import box1_brackets, general_credit, labour_credit


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

    @property
    def box1(self) -> Decimal:
        return sum(self.brackets, ZERO)

    @property
    def tax(self) -> Decimal:
        return self.box1 - self.ahk_used - self.ak_used - self.iack_used


def iack_amount(labour_income: Decimal, p: Parameters) -> Decimal:
    if labour_income <= p["iack.threshold"]:
        return ZERO
    built = round5(p["iack.rate"] * (labour_income - p["iack.threshold"]))
    return min(p["iack.max"], floor_euros(built))


def assess(fiscal_wage: Decimal, p: Parameters, iack_eligible: bool = False) -> Assessment:
    """Tax for a plain employee whose arbeidsinkomen equals the fiscal wage."""
    income = floor_euros(max(ZERO, fiscal_wage))
    brackets = box1_brackets(income, p)
    tax = sum(brackets, ZERO)
    ahk = general_credit(income, p)
    ak = labour_credit(income, p)
    iack = iack_amount(income, p) if iack_eligible else ZERO
    ahk_used = min(ahk, tax)
    ak_used = min(ak, tax - ahk_used)
    iack_used = min(iack, tax - ahk_used - ak_used)
    return Assessment(income, brackets, ahk, ak, iack, ahk_used, ak_used, iack_used)


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
