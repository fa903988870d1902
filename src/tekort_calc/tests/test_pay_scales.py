"""Salary scales: every trede of the cao po / vo tables, month by month (issue 19).

The expected amounts are those of the source tables in the parameter files: the cao po table of
1 October 2024 (ambtenarensalaris.nl, status C), and the tables derived from it with the
published rises (+4.6% per 1 Nov 2025, +1.2% per 1 Nov 2026, status D).
"""

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

from tekort_calc import FieldError, Household, ValidationError, calculate
from tekort_calc.parameters import available_years, load
from tekort_calc.pay import annual_pay, salary_tables, scale_steps, scales, table_for_month

TREDEN = tuple(range(1, 13))


def household(sector="po", scale="LB", step=8, fte="1", **kw) -> Household:
    return Household(fte=D(fte), sector=sector, scale=scale, step=step, **kw)


def months(h: Household, year: int) -> tuple[D, ...]:
    return annual_pay(h, load(year)).monthly_fulltime


@pytest.mark.parametrize(
    ("sector", "scale", "step", "year", "january", "december"),
    [
        # cao po table of 1 Oct 2024 in January 2025, derived 1 Nov 2025 table in December
        ("po", "LB", 1, 2025, "3463", "3622"),
        ("po", "LB", 8, 2025, "4333", "4532"),
        ("po", "LC", 5, 2025, "4216", "4410"),
        ("po", "LD", 10, 2025, "6097", "6377"),
        ("po", "LE", 12, 2025, "7710", "8065"),
        # 1 Nov 2025 table in January 2026, 1 Nov 2026 table in December
        ("po", "LB", 8, 2026, "4532", "4586"),
        ("po", "LE", 1, 2026, "4695", "4751"),
        # cao vo table of 1 Jan 2025, the whole year (no later vo table is known)
        ("vo", "LB", 8, 2025, "4333", "4333"),
        ("vo", "LD", 3, 2026, "3944", "3944"),
    ],
)
def test_a_trede_takes_the_table_valid_in_each_month(sector, scale, step, year, january, december):
    monthly = months(household(sector, scale, step), year)
    assert monthly[0] == D(january)
    assert monthly[9] == D(january)  # October: the new po table starts on 1 November
    assert monthly[10] == monthly[11] == D(december)


def test_lb_trede_8_over_the_year_at_three_days():
    pay = annual_pay(household(step=8, fte="0.6"), load(2025))
    # 10 months × 4,333 × 0.6 + 2 months × 4,532 × 0.6
    assert pay.salary == D("2599.80") * 10 + D("2719.20") * 2 == D("31436.40")
    assert pay.salary_fulltime == D(4333) * 10 + D(4532) * 2
    assert pay.january_monthly == D("2599.80")
    assert pay.fulltime_source == (
        "cao po schaal LB trede 8, salaristabel per 2024-10-01 (status C); "
        "vanaf 2025-11-01 € 4.532,00 (status D)"
    )


def test_a_rise_in_a_dated_table_is_not_applied_again():
    # January 2026 is the 1 Nov 2025 table itself, not the 2025 table × 1.046 once more, and
    # December is that table × 1.012 once (3,622 × 1.012 = 3,665.46), not twice
    assert months(household(step=1), 2026)[0] == D(3622)
    assert months(household(step=1), 2026)[11] == D(3665)
    result = calculate(household(step=1), 2026)
    assert result.amount("salary") == D(3622) * 10 + D(3665) * 2


def test_without_the_rises_the_january_table_holds_all_year():
    assert months(household(step=8, apply_cao_rises=False), 2025) == (D(4333),) * 12


def test_an_entered_salary_still_gets_the_dated_rises():
    h = Household(fte=D(1), monthly_salary_fulltime=D(5000), sector="po")
    assert months(h, 2026) == (D(5000),) * 10 + (D("5060.00"),) * 2


@pytest.mark.parametrize(
    ("scale", "step", "top", "allowance"),
    [
        ("LB", 11, False, "181.50"),
        ("LB", 12, True, "0"),
        ("LE", 12, True, "0"),
        ("LC", 1, False, "181.50"),
    ],
)
def test_the_oktobertoelage_goes_to_po_teachers_below_the_last_trede(scale, step, top, allowance):
    pay = annual_pay(household(scale=scale, step=step, fte="0.6"), load(2026))
    assert pay.top_of_scale is top
    assert pay.allowances == D(allowance)  # € 302.50 × 0.6 fte, from October 2026


def test_the_top_of_scale_box_does_not_override_the_table():
    ticked = annual_pay(household(step=8, top_of_scale=True), load(2026))
    assert ticked.top_of_scale is False
    assert ticked.allowances == D("302.50")


def test_with_an_entered_salary_the_box_decides_the_oktobertoelage():
    p = load(2026)
    entered = Household(fte=D(1), monthly_salary_fulltime=D(5000))
    assert annual_pay(entered, p).allowances == D("302.50")
    assert (
        annual_pay(
            Household(fte=D(1), monthly_salary_fulltime=D(5000), top_of_scale=True), p
        ).allowances
        == 0
    )


def test_vo_has_no_oktobertoelage():
    assert annual_pay(household("vo", "LB", 8), load(2026)).allowances == 0


def test_a_trede_outside_the_table_names_the_valid_treden():
    with pytest.raises(ValidationError) as exc:
        annual_pay(household(step=13), load(2026))
    assert exc.value.errors["step"] == FieldError(
        "step", "no_salary_data", {"sector": "po", "scale": "LB", "step": 13, "steps": TREDEN}
    )


def test_a_scale_without_a_table_asks_for_the_salary():
    with pytest.raises(ValidationError) as exc:
        annual_pay(household("vo", "LE", 3), load(2025))
    assert exc.value.errors["scale"] == FieldError(
        "scale", "no_salary_data", {"sector": "vo", "scale": "LE"}
    )


# --- the data themselves ---------------------------------------------------------------------


@pytest.mark.parametrize("year", available_years())
def test_every_scale_has_treden_1_to_12_rising_and_a_table_on_1_january(year):
    p = load(year)
    assert scales(p, "po") == ("LB", "LC", "LD", "LE")
    assert scales(p, "vo") == ("LB", "LC", "LD")
    for sector in ("po", "vo"):
        for scale in scales(p, sector):
            assert scale_steps(p, sector, scale) == TREDEN
            tables = salary_tables(p, sector, scale)
            assert table_for_month(tables, year, 1) is not None
            for table in tables:
                assert table.steps == TREDEN
                amounts = [a for _, a in table.amounts]
                assert amounts == sorted(amounts) and len(set(amounts)) == 12
                assert table.status in {"V", "C", "D", "U"}
                assert p.entry(table.key).source
            for older, newer in zip(tables, tables[1:], strict=False):
                assert all(
                    b > a for (_, a), (_, b) in zip(older.amounts, newer.amounts, strict=True)
                )


@pytest.mark.parametrize(
    ("year", "base", "rise_date"),
    [(2025, "2024-10-01", "2025-11-01"), (2026, "2025-11-01", "2026-11-01")],
)
def test_the_derived_po_tables_are_the_older_table_times_the_published_rise(year, base, rise_date):
    p = load(year)
    (when, rise), *_rest = p["pay.rises_po"]
    assert str(when) == rise_date
    for scale in scales(p, "po"):
        older = p[f"scales.po.{scale}.{base}"]
        newer = p[f"scales.po.{scale}.{rise_date}"]
        assert p.status(f"scales.po.{scale}.{rise_date}") == "D"
        expected = tuple((s, (a * (1 + rise)).quantize(D(1), ROUND_HALF_UP)) for s, a in older)
        assert newer == expected


def test_the_same_table_in_both_year_files_has_the_same_amounts():
    for scale in ("LB", "LC", "LD", "LE"):
        key = f"scales.po.{scale}.2025-11-01"
        assert load(2025)[key] == load(2026)[key]


def test_the_table_valid_in_a_month_is_the_latest_started():
    tables = salary_tables(load(2025), "po", "LB")
    assert [t.valid_from for t in tables] == [date(2024, 10, 1), date(2025, 11, 1)]
    assert table_for_month(tables, 2025, 10).valid_from == date(2024, 10, 1)
    assert table_for_month(tables, 2025, 11).valid_from == date(2025, 11, 1)


def test_only_the_salary_table_used_is_listed_as_unverified():
    # vo LB in 2026 is the carried-over table of 1 Jan 2025 (U); the LC and LD tables are not used
    used = calculate(household("vo", "LB", 8), 2026)
    assert [u.key for u in used.unverified if u.key.startswith("scales.")] == [
        "scales.vo.LB.2025-01-01"
    ]
    entered = calculate(Household(fte=D(1), monthly_salary_fulltime=D(4000), sector="vo"), 2026)
    assert [u.key for u in entered.unverified if u.key.startswith("scales.")] == []
