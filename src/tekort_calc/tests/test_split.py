"""Issue 19 item 4: the partner's working days and the ways a couple can split them."""

from decimal import Decimal as D

import pytest

from tekort_calc import Household, ValidationError
from tekort_calc.assessment import assess
from tekort_calc.parameters import load
from tekort_calc.split import split_hours, teacher_day_options

COUPLE = {
    "fte": "3 dagen",
    "monthly_salary_fulltime": "4500",
    "partner": "ja",
    "partner_income": "60.000",
    "partner_days": "5",
    "child_1_age": "2",
    "child_1_childcare": "dagopvang",
    "child_1_hours_per_day": "10",
    "child_1_price_per_hour": "10,50",
}


def test_three_plus_five_against_four_plus_four_and_five_plus_three():
    s = split_hours(Household.from_form(COUPLE), 2026)
    assert s.total_days == D(8)
    assert [(r.teacher_days, r.partner_days) for r in s.rows] == [
        (D(3), D(5)),
        (D(4), D(4)),
        (D(5), D(3)),
    ]
    assert [r.current for r in s.rows] == [True, False, False]
    assert [r.total for r in s.rows] == [D("74190.36"), D("75051.73"), D("74176.23")]
    assert [r.difference for r in s.rows] == [D("0.00"), D("861.37"), D("-14.13")]
    assert (s.best.teacher_days, s.best.partner_days) == (D(4), D(4))
    # the partner's income moves with the days: €12,000 a year per day a week
    assert s.partner_income_per_day == D("12000.00")
    p = load(2026)
    # at 5 + 3 the partner earns less than the teacher and so gets the IACK (child under 12)
    for row, income, iack in zip(s.rows, (60000, 48000, 36000), (False, False, True), strict=True):
        assert row.partner_net == D(income) - assess(D(income), p, iack_eligible=iack).tax
    assert [r.partner_net for r in s.rows] == [D("44096.00"), D("38152.00"), D("34376.00")]
    # paid care on the days both work: 3 + 5 − 5 = 3 days, whatever the split;
    # 3 days × 10 hours × 52/12 weeks × 12 months × €10.50 = €16,380
    assert [r.care_days for r in s.rows] == [D(3), D(3), D(3)]
    assert [r.childcare_cost for r in s.rows] == [D("16380.00")] * 3
    assert [r.allowances for r in s.rows] == [D("12148.44"), D("12150.84"), D("12153.36")]
    for r in s.rows:
        assert r.total == r.net + r.allowances - r.childcare_cost


def test_days_covered_by_others_stay_covered_in_every_split():
    # partner 4 days, teacher 3; covered 2 days: 1 the partner's free day, 1 by a grandparent
    h = Household.from_form({**COUPLE, "partner_days": "4", "childcare_days_covered": "2"})
    s = split_hours(h, 2026)
    assert [(r.teacher_days, r.partner_days, r.care_days) for r in s.rows] == [
        (D(2), D(5), D(1)),
        (D(3), D(4), D(1)),
        (D(4), D(3), D(1)),
        (D(5), D(2), D(1)),
    ]


@pytest.mark.parametrize(
    ("now", "total", "options"),
    [
        ("3", "8", ["3", "4", "5"]),
        ("2.5", "7.5", ["2.5", "3.5", "4.5"]),
        ("4", "4", ["1", "2", "3", "4"]),
        ("1", "2", ["1", "2"]),
        ("0.5", "5.5", ["0.5", "1.5", "2.5", "3.5", "4.5"]),
    ],
)
def test_the_teachers_days_move_in_whole_days_within_the_week(now, total, options):
    assert teacher_day_options(D(now), D(total)) == [D(o) for o in options]


def test_the_split_needs_a_partner_with_days_and_an_income():
    with pytest.raises(ValidationError) as e:
        split_hours(Household.from_form({"fte": "1", "monthly_salary_fulltime": "4000"}), 2026)
    assert {name: error.code for name, error in e.value.errors.items()} == {
        "partner": "required",
        "partner_days": "required",
        "partner_income": "required",
    }


def test_the_json_of_a_split_names_days_without_trailing_zeros():
    d = split_hours(Household.from_form(COUPLE), 2026).as_dict()
    assert (d["total_days"], d["best"], d["rows"][1]["teacher_fte"]) == (
        "8",
        {"teacher_days": "4", "partner_days": "4"},
        "0.8",
    )
    assert d["rows"][1]["difference"] == "861.37"
