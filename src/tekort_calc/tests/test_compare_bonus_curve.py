"""compare(), the more-hours bonus and the FTE curve."""

from dataclasses import replace
from decimal import Decimal as D

from tekort_calc import Bonus, Household, bonus_kept, calculate, compare, curve, preset

SINGLE = Household(fte=D("0.6"), monthly_salary_fulltime=D(4500))


def test_marginal_pressures_add_up_to_what_is_not_kept():
    c = compare(
        calculate(preset("alleenstaande_ouder", "0.6"), 2026),
        calculate(preset("alleenstaande_ouder", "0.8"), 2026),
    )
    assert sum(c.marginal_pressure().values()) == c.total_marginal_pressure
    assert c.gain == sum(ch.delta for ch in c.changes)
    # more days means more childcare hours: the bill rises
    assert c.marginal_pressure()["childcare_cost"] > 0


def test_fixed_bonus_only_above_threshold_and_what_is_kept():
    bonus = Bonus(kind="vast", amount=D(2000), threshold_fte=D("0.8"))
    below = calculate(replace(SINGLE, bonus=bonus), 2026)
    assert below.amount("bonus") == 0
    kept = bonus_kept(replace(SINGLE, fte=D("0.8"), bonus=bonus), 2026)
    assert kept.gross_change == D(2000)
    # a non-pensionable bonus in the 37.56% bracket with AHK/AK phase-out: keeps ~45-60%
    assert D(900) < kept.gain < D(1200)
    assert kept.after.pension_premium == kept.before.pension_premium


def test_percentage_bonus_on_hours_above_threshold():
    h = replace(
        SINGLE,
        fte=D("1.0"),
        apply_cao_rises=False,
        bonus=Bonus(
            kind="percentage", percentage=D("0.10"), threshold_fte=D("0.8"), pensionable=True
        ),
    )
    r = calculate(h, 2026)
    # 10% of the salary of the 0.2 FTE above 0.8: 0.10 × 4,500 × 12 × 0.2 = 1,080
    assert r.amount("bonus") == D(1080)
    assert r.pension_premium > calculate(replace(h, bonus=Bonus()), 2026).pension_premium


def test_curve_has_the_requested_points_and_rises_for_a_single_teacher():
    cv = curve(SINGLE, 2026, "0.2", "1.2", 100)
    assert len(cv.points) == 100
    assert cv.fte[0] == D("0.2") and cv.fte[-1] == D("1.2")
    assert all(b > a for a, b in zip(cv.disposable, cv.disposable[1:], strict=False))
    mp = cv.marginal_pressure()
    assert len(mp) == 99 and all(D(0) < m < D(1) for m in mp)
    assert all(n > 0 for n in cv.net_per_extra_hour())


def test_every_component_has_a_dutch_explanation():
    r = calculate(preset("stel_jonge_kinderen", "0.8"), 2026)
    assert all(c.explanation and c.label for c in r.components)
    text = r.explain()
    assert "Besteedbaar inkomen" in text and "Kinderopvangtoeslag" in text


def test_comparison_explanation_writes_the_extra_hours_with_a_decimal_comma():
    # Found by the calculator pages: the Dutch text said "663.6 uur per jaar".
    h = Household(fte=D("0.6"), monthly_salary_fulltime=D(5000))
    text = compare(calculate(h, 2026), calculate(h.with_fte(D(1)), 2026)).explain()
    assert "(663,6 uur per jaar)" in text
    assert "663.6" not in text


def test_bonus_explanations_write_fte_with_a_decimal_comma():
    below = Bonus(kind="percentage", percentage=D("0.1"), threshold_fte=D("0.8"))
    above = calculate(replace(SINGLE, fte=D("1.0"), bonus=below), 2026)
    assert "boven 0,8 fte (0,2 fte)" in above.component("bonus").explanation
    none = calculate(
        replace(SINGLE, bonus=Bonus(kind="vast", amount=D(1), threshold_fte=D("0.8"))), 2026
    )
    assert "vanaf 0,8 fte" in none.component("bonus").explanation
