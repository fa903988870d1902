"""Zorgtoeslag against the official examples (calculator.md §7.2, Dienst Toeslagen)."""

from decimal import Decimal as D

from tekort_calc.allowances.zorgtoeslag import zorgtoeslag
from tekort_calc.parameters import load


def test_2025_rekenvoorbeeld_1_single_below_threshold():
    # "Berekening zorgtoeslag 2025" (TG 082-1Z51FD): normpremie 1.896% × 28,406 = €538.58;
    # toeslag 2,112 − 538.58 = €1,573.42 a year, €131.12 a month, paid €131.
    a = zorgtoeslag(D(20000), has_partner=False, partner_insured=True, assets=D(0), p=load(2025))
    assert a.annual == D("1573.42")
    assert a.monthly == D("131.12")
    assert a.monthly_paid == D(131)
    assert "538,58" in a.explanation


def test_2025_rekenvoorbeeld_2_partner_not_insured():
    # normpremie 4.273% × 28,406 + 13.7% × 4,794 = €1,870.57; toeslag 2,112 − ½ × 1,870.57
    # = €1,176.72 a year, €98.06 a month.
    a = zorgtoeslag(D(33200), has_partner=True, partner_insured=False, assets=D(0), p=load(2025))
    assert a.annual == D("1176.72")
    assert a.monthly == D("98.06")
    assert "1.870,57" in a.explanation


def test_2026_partner_table_row_up_to_29500():
    # 4,238 − 1,275.38 = 2,962.62 a year → 246.89 → €246 a month (Dienst rounds down).
    a = zorgtoeslag(D(29500), has_partner=True, partner_insured=True, assets=D(0), p=load(2026))
    assert a.annual == D("2962.62")
    assert a.monthly_paid == D(246)


def test_2026_maximum_single_is_the_toeslagenkaart_amount():
    # Toeslagenkaart 2026: maximum €1,550 a year for a single person.
    a = zorgtoeslag(D(0), has_partner=False, partner_insured=True, assets=D(0), p=load(2026))
    assert a.annual.quantize(D(1)) == D(1550)


def test_the_24_euro_rule_and_the_asset_limit():
    p = load(2026)
    # single: toeslag = 2119 − (568.55 + 13.73% × (Y − 29736)); at Y = 40,860 it is €23.12 < €24
    assert zorgtoeslag(D(40860), False, True, D(0), p).annual == 0
    # at Y = 40,830 it is 2119 − 568.55 − 1523.21 = €27.24
    assert zorgtoeslag(D(40830), False, True, D(0), p).annual == D("27.24")
    assert zorgtoeslag(D(20000), False, True, D(146012), p).annual == 0
    assert zorgtoeslag(D(20000), False, True, D(146011), p).annual > 0


def test_rounded_to_whole_euros_before_the_24_euro_rule_gives_the_published_limit():
    # Awir art. 14: €23.53 rounds to €24, so it is paid; €23.40 rounds to €23, so it is not.
    # The last income with zorgtoeslag is then €40,857, the Toeslagenkaart 2026 limit.
    p = load(2026)
    assert zorgtoeslag(D(40857), False, True, D(0), p).annual == D("23.53")
    assert zorgtoeslag(D(40858), False, True, D(0), p).annual == 0
    assert p["zorgtoeslag.published_income_limit_single"] == D(40857)
