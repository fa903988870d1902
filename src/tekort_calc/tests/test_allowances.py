"""Kindgebonden budget, huurtoeslag and kinderopvangtoeslag against published amounts and
hand calculations from the formulas in calculator.md §5."""

from decimal import Decimal as D

import pytest

from tekort_calc import calculate
from tekort_calc.allowances.huurtoeslag import huurtoeslag
from tekort_calc.allowances.kinderopvangtoeslag import kinderopvangtoeslag, percentage
from tekort_calc.allowances.kindgebonden_budget import kindgebonden_budget
from tekort_calc.household import Child, Household
from tekort_calc.parameters import load

P26 = load(2026)


def test_kgb_toeslagenkaart_2026_single_parent_amounts():
    # Toeslagenkaart 2026: single parent with 1 child €5,996, with 2 children €8,576.
    one = kindgebonden_budget(D(20000), False, (Child(5),), D(0), P26)
    two = kindgebonden_budget(D(20000), False, (Child(5), Child(9)), D(0), P26)
    assert one.annual == D(5996)
    assert two.annual == D(8576)


def test_kgb_phaseout_and_age_supplement_by_hand():
    # couple, children 13 and 17: 2,580 + 724 + 2,580 + 964 = 6,848;
    # minus 7.6% × (50,000 − 39,141) = 825.284 → 825.28 → 6,022.72
    a = kindgebonden_budget(D(50000), True, (Child(13), Child(17)), D(0), P26)
    assert a.annual == D("6022.72")
    # far above the threshold nothing is left
    assert kindgebonden_budget(D(200000), True, (Child(13),), D(0), P26).annual == 0


def test_huurtoeslag_2026_single_by_hand():
    # rent 800 (under the 932.93 rekengrens), 1 person:
    # slice1 = 498.20 − 202.52 = 295.68; slice2 = 65% × (713.02 − 498.20) = 139.633;
    # slice3 = 40% × (800 − 713.02) = 34.792; afbouw = 27% × (30,000 − 23,425) / 12 = 147.9375
    # → 295.68 + 139.633 + 34.792 − 147.9375 = 322.1675 → €322.17 a month.
    a = huurtoeslag(D(30000), D(800), persons=1, has_partner=False, assets=D(0), p=P26)
    assert a.monthly == D("322.17")
    assert a.annual == D("3866.04")


def test_huurtoeslag_rent_above_the_ceiling_counts_up_to_it():
    low = huurtoeslag(D(20000), D("932.93"), 1, False, D(0), P26)
    high = huurtoeslag(D(20000), D(1500), 1, False, D(0), P26)
    assert low.annual == high.annual > 0


def test_huurtoeslag_2025_is_flagged_not_computed():
    a = huurtoeslag(D(20000), D(700), 1, False, D(0), load(2025))
    assert a.computed is False and a.annual == 0
    assert "niet berekend" in a.explanation


def test_kot_percentage_anchors():
    anchors = P26["kot.pct_first_child"]
    assert percentage(D(30000), anchors) == D("0.96")
    assert percentage(D(56413), anchors) == D("0.955")
    assert percentage(D(400000), anchors) == D("0.365")


def test_kot_single_parent_full_time_by_hand():
    # 1.0 FTE = 5 days × 10 h × 52/12 = 216.67 h/month (< 230); price 12.00 capped at 11.23;
    # 96% × 216.67 × 11.23 = 2,335.875936 → 2,335.88 a month; cost 216.67 × 12.00 × 12 = 31,200.48 a year.
    h = Household(
        fte=D(1), monthly_salary_fulltime=D(4000), children=(Child(1, "dagopvang", D(10), D(12)),)
    )
    care = kinderopvangtoeslag(h, D(40000), P26)
    assert care.hours_per_month == (D("216.67"),)
    assert care.allowance.annual == D("2335.88") * 12
    assert care.cost == D("31200.48")


def test_kot_needs_a_working_partner_and_days_covered_reduce_hours():
    kid = (Child(1, "dagopvang", D(10), D(10)),)
    no_work = Household(
        fte=D("0.6"), monthly_salary_fulltime=D(4000), has_partner=True, children=kid
    )
    assert kinderopvangtoeslag(no_work, D(30000), P26).allowance.annual == 0
    covered = Household(
        fte=D("0.6"), monthly_salary_fulltime=D(4000), children=kid, childcare_days_covered=D(1)
    )
    # 3 workdays − 1 covered = 2 days × 10 h × 52/12 = 86.67 h
    assert kinderopvangtoeslag(covered, D(30000), P26).hours_per_month == (D("86.67"),)


def _care(age, kind):
    h = Household.from_form(
        {
            "fte": "1",
            "monthly_salary_fulltime": "3000",
            "child_1_age": str(age),
            "child_1_childcare": kind,
            "child_1_hours_per_day": "6",
            "child_1_price_per_hour": "9",
        }
    )
    return calculate(h, 2026)


@pytest.mark.parametrize(
    ("age", "kind", "toeslag"),
    [
        # 5 days × 6 h × 52/12 = 130 h a month; 96% × 130 × €9 × 12 = €13,478.40
        (3, "dagopvang", D("13478.40")),
        (4, "dagopvang", D(0)),  # at primary school: bso, not dagopvang
        (15, "dagopvang", D(0)),
        (3, "bso", D(0)),
        (4, "bso", D("13478.40")),
        (12, "bso", D("13478.40")),
        (13, "bso", D(0)),
        (12, "gastouder", D("12714.60")),  # 96% × 130 × €8.49 (maximum price) × 12
        (13, "gastouder", D(0)),
    ],
)
def test_kinderopvangtoeslag_only_within_the_age_limits_of_the_kind_of_care(age, kind, toeslag):
    r = _care(age, kind)
    assert r.amount("kot") == toeslag
    assert r.amount("childcare_cost") == D("-14040.00")  # the bill is paid either way
    outside = [w for w in r.warnings if w.startswith("Kind 1")]
    assert bool(outside) == (toeslag == 0)


def test_a_15_year_old_in_dagopvang_gets_no_toeslag_and_a_warning():
    r = _care(15, "dagopvang")
    assert r.amount("kot") == 0
    assert (
        "Kind 1 (15 jaar) valt buiten de leeftijd voor dagopvang (0 tot en met 3 jaar): voor deze "
        "opvang is er geen kinderopvangtoeslag; de kosten zijn wel meegerekend."
    ) in r.warnings
