"""Issue 19: a teacher past the AOW age was taxed at the under-AOW rates.

The AOW rates and credits are checked row by row against the witte maandtabel in
test_wage_tax_table_aow.py; these tests pin the yearly assessment, the AOW status from a date
of birth or an age, and what the result says when neither is given.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from tekort_calc import Household, calculate
from tekort_calc.aow import AowStatus, add_months, status
from tekort_calc.assessment import assess
from tekort_calc.parameters import load
from tekort_calc.wage_tax import monthly_table

PAST = AowStatus(premium_months=0, known=True)


@pytest.mark.parametrize(
    ("year", "under", "past", "past_single"),
    [
        # taxable income €38,000 (the case). 2026 under AOW: 35.75% = 13,585 − AHK
        # 2,587 − AK 5,538 = 5,460. Past AOW: 17.85% = 6,783 − AHK 1,292 − ouderenkorting
        # 2,067 − AK 2,766 = 658; single, also the alleenstaande-ouderenkorting 531: 127.
        (2026, "5460", "658", "127"),
        # 2025: 35.82% = 13,611 − 2,461 − 5,485 = 5,665; 17.92% = 6,809 − 1,232 − 2,035 − 2,745
        (2025, "5665", "797", "266"),
    ],
)
def test_tax_at_38000_under_and_past_the_aow_age(year, under, past, past_single):
    p = load(year)
    assert assess(D(38000), p).tax == D(under)
    assert assess(D(38000), p, aow=PAST).tax == D(past)
    assert assess(D(38000), p, aow=PAST, single=True).tax == D(past_single)


def test_the_2026_components_past_the_aow_age():
    a = assess(D(38000), load(2026), aow=PAST)
    assert (a.rate_1, a.box1, a.ahk, a.elderly, a.ak) == (
        D("0.1785"),
        D(6783),
        D(1292),
        D(2067),
        D(2766),
    )
    # the under-AOW tax was €4,802 too high: 5,460 − 658
    assert assess(D(38000), load(2026)).tax - a.tax == D(4802)


@pytest.mark.parametrize(
    ("birth", "year", "months", "reached"),
    [
        ("1959-07-15", 2026, 6, "2026-07-15"),  # 67 on 15 July 2026: 6 months with AOW premium
        ("1959-01-20", 2026, 0, "2026-01-20"),  # reached in January: the AOW rate all year
        ("1958-12-31", 2026, 0, "2025-12-31"),
        ("1959-12-31", 2026, 11, "2026-12-31"),
        ("1960-01-01", 2026, 12, "2027-01-01"),  # not yet reached in 2026
    ],
)
def test_status_from_a_birth_date(birth, year, months, reached):
    s = status(date.fromisoformat(birth), None, year, load(year))
    assert (s.premium_months, s.reached_on) == (months, date.fromisoformat(reached))


def test_a_birthday_on_29_february_reaches_the_age_on_1_march_in_a_common_year():
    assert add_months(date(1960, 2, 29), 67 * 12) == date(2027, 3, 1)
    assert add_months(date(1959, 2, 28), 67 * 12) == date(2026, 2, 28)


def test_status_from_an_age_on_1_january():
    p = load(2026)
    assert status(None, 67, 2026, p).past_all_year
    assert not status(None, 66, 2026, p).reached
    assert not status(None, None, 2026, p).known


@pytest.mark.parametrize(
    ("year", "months", "rate"),
    # the aangepast tarief: AOW rate + the AOW premium 17.90% × months before / 12, truncated
    # to two decimals of a percent; the Belastingdienst's 2025 table ends at 34.32% (December)
    [(2025, 11, "0.3432"), (2025, 6, "0.2687"), (2026, 6, "0.2680"), (2026, 0, "0.1785")],
)
def test_the_rate_of_the_year_the_aow_age_is_reached(year, months, rate):
    a = assess(D(38000), load(year), aow=AowStatus(premium_months=months, known=True))
    assert a.rate_1 == D(rate)


def test_the_year_the_aow_age_is_reached_lies_between_the_two():
    p = load(2026)
    half = assess(D(38000), p, aow=AowStatus(premium_months=6, known=True))
    # 26.80% × 38,000 = 10,184; AHK 1,292 + ½ × (2,587 − 1,292) = 1,939.5 → 1,940;
    # AK 2,766 + ½ × (5,538 − 2,766) = 4,152; ouderenkorting 2,067 in full
    assert (half.box1, half.ahk, half.ak, half.elderly) == (D(10184), D(1940), D(4152), D(2067))
    assert half.tax == D(2025)


def _household(**extra):
    return Household.from_form(
        {"fte": "1", "monthly_salary_fulltime": "3000", "partner": "ja", **extra}
    )


def test_calculate_taxes_a_teacher_of_67_at_the_aow_rates():
    under = calculate(_household(), 2026)
    past = calculate(_household(age="67"), 2026)
    assert past.fiscal_wage == under.fiscal_wage
    p = load(2026)
    gain = assess(under.fiscal_wage, p).tax - assess(under.fiscal_wage, p, aow=PAST).tax
    assert past.teacher_net - under.teacher_net == gain
    assert past.amount("ouderenkorting") == D(2067)
    assert "ouderenkorting" not in [c.key for c in under.components]
    # the payslip uses the AOW columns of the wage-tax table
    table = monthly_table(past.payslip.table_wage, p, aow=True)
    assert past.payslip.wage_tax == table.with_credits


def test_without_an_age_the_result_says_it_assumes_under_the_aow_age():
    r = calculate(_household(), 2026)
    assert r.assumptions == (
        "De geboortedatum of leeftijd van de leraar is niet ingevuld: we rekenen alsof de "
        "leraar in 2026 de AOW-leeftijd (67 jaar) nog niet heeft bereikt.",
    )
    assert r.as_dict()["assumptions"] == list(r.assumptions)


def test_a_birth_date_in_the_year_names_the_day_and_the_adjusted_rate():
    r = calculate(_household(birth_date="15-07-1959"), 2026)
    assert r.assumptions[0].startswith(
        "De leraar bereikt de AOW-leeftijd (67 jaar) op 15-07-2026: we rekenen met het "
        "aangepaste tarief"
    )
    assert r.payslip.wage_tax == calculate(_household(), 2026).payslip.wage_tax  # January


def test_the_partners_age_counts_for_the_partners_tax():
    young = calculate(_household(partner_income="30000"), 2026)
    old = calculate(_household(partner_income="30000", partner_age="70"), 2026)
    p = load(2026)
    gain = assess(D(30000), p).tax - assess(D(30000), p, aow=PAST).tax
    assert old.total - young.total == gain
    assert old.amount("partner_ouderenkorting") == D(2067)


def test_the_unverified_2026_single_credit_is_listed_only_where_it_is_used():
    single = calculate(
        Household.from_form({"fte": "1", "monthly_salary_fulltime": "3000", "age": "67"}), 2026
    )
    couple = calculate(_household(age="67"), 2026)
    assert [u.key for u in single.unverified if u.key.startswith("alleenstaande")] == [
        "alleenstaande_ouderenkorting.amount"
    ]
    assert not [u.key for u in couple.unverified if u.key.startswith("alleenstaande")]
    assert single.amount("ouderenkorting") == D(2067 + 531)


def test_a_tenant_past_the_aow_age_is_told_the_huurtoeslag_is_not_for_elderly_households():
    r = calculate(_household(age="67", housing="huur", rent="800"), 2026)
    assert r.warnings[0] == (
        "Huurtoeslag is berekend met de bedragen voor huishoudens onder de AOW-leeftijd; voor "
        "een huishouden met iemand boven de AOW-leeftijd kunnen andere bedragen gelden, die "
        "niet zijn meegerekend."
    )
    assert r.warnings[0] not in calculate(_household(housing="huur", rent="800"), 2026).warnings
