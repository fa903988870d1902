"""The yearly assessment: the brief's worked example and the IACK lowest-earner rule."""

from decimal import Decimal as D

from tekort_calc import Child, Household, calculate
from tekort_calc.assessment import assess, iack_amount
from tekort_calc.parameters import load


def test_brief_worked_example_annual_48006_in_2026():
    # calculator.md §7.1: L = 48,006: box 1 13,900 + 3,426 = 17,326; AHK 1,947; AK 5,528.
    a = assess(D("48006.99"), load(2026))
    assert a.taxable_income == D(48006)
    assert a.box1 == D(17326)
    assert (a.ahk, a.ak) == (D(1947), D(5528))
    assert a.tax == D(9851)


def test_iack_builds_up_and_caps():
    p = load(2026)
    assert iack_amount(D(6239), p) == 0
    assert iack_amount(D(16239), p) == D(1145)  # 11.45% × 10,000
    assert iack_amount(D(40000), p) == D(3032)


def test_credits_never_make_tax_negative():
    a = assess(D(9000), load(2026))
    assert a.tax == 0
    assert a.ahk_used + a.ak_used == a.box1 < a.ahk + a.ak


def test_iack_moves_to_the_partner_when_the_teacher_earns_more():
    # calculator.md §2.4: the partner with the lowest arbeidsinkomen gets the IACK.
    base = Household(
        fte=D("0.4"),
        monthly_salary_fulltime=D(5000),
        has_partner=True,
        partner_income=D(40000),
        children=(Child(4),),
    )
    low = calculate(base, 2026)
    high = calculate(base.with_fte(D("1.0")), 2026)
    assert low.amount("iack") > 0 and low.amount("partner_iack") == 0
    assert high.amount("iack") == 0 and high.amount("partner_iack") == D(3032)
