"""Inputs from a flat dict of strings, with errors that name the field."""

from decimal import Decimal as D

import pytest

from tekort_calc import FieldError, Household, ValidationError, calculate


def test_form_with_decimal_comma_and_children():
    h = Household.from_form(
        {
            "fte": "0,6",
            "monthly_salary_fulltime": "€ 4.750,50",
            "partner": "ja",
            "partner_income": "40000",
            "child_1_age": "3",
            "child_1_childcare": "dagopvang",
            "child_1_hours_per_day": "10",
            "child_1_price_per_hour": "10,25",
            "housing": "huur",
            "rent": "800",
            "bonus_kind": "percentage",
            "bonus_percentage": "10",
            "bonus_threshold_fte": "0,8",
        }
    )
    assert h.fte == D("0.6") and h.monthly_salary_fulltime == D("4750.50")
    assert h.has_partner and h.partner_income == D(40000)
    assert h.children[0].childcare_price_per_hour == D("10.25")
    assert h.bonus.percentage == D("0.1")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"monthly_salary_fulltime": "4000"}, FieldError("fte", "required")),
        (
            {"fte": "abc", "monthly_salary_fulltime": "4000"},
            FieldError("fte", "not_a_number", {"text": "abc", "suggestion": ""}),
        ),
        (
            {"fte": "1,5", "monthly_salary_fulltime": "4000"},
            FieldError("fte", "out_of_range", {"min": D("0.05"), "max": D("1.2")}),
        ),
        ({"fte": "1"}, FieldError("monthly_salary_fulltime", "required")),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "partner": "misschien"},
            FieldError("partner", "not_yes_no"),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "child_1_age": "19"},
            FieldError("child_1_age", "out_of_range", {"n": 1, "min": 0, "max": 17}),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "child_1_childcare": "dagopvang"},
            FieldError("child_1_age", "required", {"n": 1}),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "rent": "700"},
            FieldError("rent", "only_with", {"needs": "housing", "value": "huur"}),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "sector": "mbo"},
            FieldError("sector", "invalid_choice", {"options": ("po", "vo")}),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "favourite": "x"},
            FieldError("favourite", "unknown_field"),
        ),
        (
            {"fte": "1", "scale": "LB", "step": "13"},
            FieldError("step", "out_of_range", {"min": 1, "max": 12}),
        ),
        (
            {"fte": "1", "monthly_salary_fulltime": "4000", "child_2_age": "3,5"},
            FieldError("child_2_age", "not_whole", {"text": "3,5", "suggestion": "", "n": 2}),
        ),
    ],
)
def test_errors_are_typed_and_name_the_field(data, error):
    with pytest.raises(ValidationError) as exc:
        Household.from_form(data)
    assert exc.value.errors[error.field] == error
    assert str(exc.value).startswith(f"{error.field}: {error.code}")


def test_a_validation_error_takes_only_typed_errors():
    with pytest.raises(TypeError):
        ValidationError({"fte": "fte: vul een deeltijdfactor in."})


def test_scale_and_step_use_the_dated_tables_or_ask_for_a_salary():
    h = Household.from_form({"fte": "1", "scale": "LB", "step": "12", "sector": "po"})
    r = calculate(h, 2026)
    # LB trede 12: the table of 1 Nov 2025 (D) for January-October, 10 months × 5,520, and
    # the table of 1 Nov 2026 (D, +1.2%) for November and December, 2 months × 5,586
    assert r.amount("salary") == D(5520) * 10 + D(5586) * 2
    with pytest.raises(ValidationError) as exc:
        calculate(
            Household.from_form({"fte": "1", "sector": "vo", "scale": "LE", "step": "5"}), 2026
        )
    assert exc.value.errors["scale"] == FieldError(
        "scale", "no_salary_data", {"sector": "vo", "scale": "LE"}
    )
