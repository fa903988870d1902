"""Property tests (hypothesis) over random households and years."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from tekort_calc import Bonus, Child, Household, calculate
from tekort_calc.assessment import assess
from tekort_calc.parameters import load

years = st.sampled_from([2025, 2026])
ftes = st.decimals(min_value="0.05", max_value="1.2", places=2)
salaries = st.decimals(min_value="1500", max_value="12000", places=2)
money = st.decimals(min_value="0", max_value="120000", places=0)

children = st.lists(
    st.builds(
        Child,
        age=st.integers(0, 17),
        childcare=st.sampled_from(["geen", "dagopvang", "bso", "gastouder"]),
        childcare_hours_per_day=st.decimals(min_value="0", max_value="11", places=1),
        childcare_price_per_hour=st.decimals(min_value="0", max_value="14", places=2),
    ),
    max_size=3,
).map(tuple)


@st.composite
def households(draw):
    partner = draw(st.booleans())
    housing = draw(st.sampled_from(["koop", "huur", "anders"]))
    kind = draw(st.sampled_from(["geen", "vast", "percentage"]))
    return Household(
        fte=draw(ftes),
        monthly_salary_fulltime=draw(salaries),
        sector=draw(st.sampled_from(["po", "vo"])),
        top_of_scale=draw(st.booleans()),
        apply_cao_rises=draw(st.booleans()),
        has_partner=partner,
        partner_income=draw(money) if partner else D(0),
        partner_insured=draw(st.booleans()),
        children=draw(children),
        childcare_days_covered=draw(st.decimals(min_value="0", max_value="5", places=0)),
        housing=housing,
        rent=draw(st.decimals(min_value="0", max_value="1500", places=2))
        if housing == "huur"
        else D(0),
        assets=draw(st.sampled_from([D(0), D(50000), D(200000)])),
        bonus=Bonus(
            kind=kind,
            amount=draw(money) / 20,
            percentage=D("0.1"),
            threshold_fte=draw(st.decimals(min_value="0", max_value="1.2", places=1)),
            pensionable=draw(st.booleans()),
        ),
    )


@settings(max_examples=300, deadline=None)
@given(households(), years)
def test_components_add_up_to_the_total_and_to_the_person_figures(h, year):
    r = calculate(h, year)
    # every amount is whole cents, so the sum is exact
    assert all(c.amount == c.amount.quantize(D("0.01")) for c in r.components)
    by_group = {}
    for c in r.components:
        by_group[c.group] = by_group.get(c.group, D(0)) + c.amount
    assert by_group["loon"] == r.teacher_gross
    assert by_group["pensioen"] == -r.pension_premium
    assert r.teacher_gross - r.pension_premium + by_group["belasting"] == r.teacher_net
    assert sum(by_group.values()) == r.total
    # the JSON view carries the same exact amounts
    assert sum(D(c["amount"]) for c in r.as_dict()["components"]) == D(r.as_dict()["total"])
    # toeslagen are never negative, credits never exceed the tax
    assert all(c.amount >= 0 for c in r.components if c.group == "toeslagen")
    tax_parts = [c.amount for c in r.components if c.group == "belasting"]
    assert sum(tax_parts) <= 0


@settings(max_examples=300, deadline=None)
@given(ftes, salaries, years, st.booleans())
def test_net_pay_rises_when_the_monthly_gross_rises_by_a_euro(fte, salary, year, young_child):
    """Tax part alone (single, no toeslagen in the teacher's own net): one euro more gross salary
    per month (full-time salary + 1/fte) never lowers the teacher's yearly net pay."""
    kids = (Child(4),) if young_child else ()
    h = Household(fte=fte, monthly_salary_fulltime=salary, children=kids)
    up = Household(fte=fte, monthly_salary_fulltime=salary + D(1) / fte, children=kids)
    before, after = calculate(h, year), calculate(up, year)
    assert after.teacher_gross > before.teacher_gross
    assert after.teacher_net >= before.teacher_net


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 200_000), years)
def test_payroll_rounding_costs_at_most_two_euros_per_euro_of_yearly_wage(wage, year):
    """Per single euro of *yearly* taxable wage the official rounding (tax floored per bracket,
    credits rounded up) can lower net by a euro or two; never more, and never over €10."""
    p = load(year)
    net = lambda w: w - assess(D(w), p).tax  # noqa: E731
    assert net(wage + 1) - net(wage) >= -2
    assert net(wage + 10) >= net(wage)
