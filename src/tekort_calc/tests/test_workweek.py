"""Days and hours a week as an FTE, and dates of birth (issue 19 item 4)."""

from datetime import date
from decimal import Decimal as D

import pytest

from tekort_calc import Household, ValidationError
from tekort_calc.numbers import NOT_A_NUMBER, TOO_LONG, NumberError
from tekort_calc.workweek import NOT_A_DATE, parse_birth_date, parse_days, parse_fte


@pytest.mark.parametrize(
    ("text", "fte"),
    [
        ("0,8", "0.8"),
        ("4 dagen", "0.8"),
        ("4 Dagen", "0.8"),
        ("4d", "0.8"),
        ("1 dag", "0.2"),
        ("4,5 dag", "0.9"),
        ("32 uur", "0.8"),
        ("36u", "0.9"),
        ("3", "3"),  # a bare number is an FTE; the household's bounds refuse 3
    ],
)
def test_parse_fte(text, fte):
    assert parse_fte(text) == D(fte)


@pytest.mark.parametrize(("text", "days"), [("4", "4"), ("4,5 dagen", "4.5"), ("36 uur", "4.5")])
def test_parse_days(text, days):
    assert parse_days(text) == D(days)


@pytest.mark.parametrize(
    ("text", "code"),
    [("abc dagen", NOT_A_NUMBER), ("1e5000 dagen", NOT_A_NUMBER), ("9" * 40, TOO_LONG)],
)
def test_a_bad_number_of_days_names_the_whole_text(text, code):
    with pytest.raises(NumberError) as e:
        parse_fte(text)
    assert (e.value.code, e.value.text) == (code, text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("17-03-1959", date(1959, 3, 17)),
        ("17/3/1959", date(1959, 3, 17)),
        ("1959-03-17", date(1959, 3, 17)),
    ],
)
def test_parse_birth_date(text, day):
    assert parse_birth_date(text) == day


@pytest.mark.parametrize("text", ["31-02-1960", "1960", "gisteren", "17-03-59"])
def test_not_a_date(text):
    with pytest.raises(NumberError) as e:
        parse_birth_date(text)
    assert e.value.code == NOT_A_DATE


def test_the_household_reads_days_and_checks_the_new_fields():
    h = Household.from_form(
        {
            "fte": "4 dagen",
            "monthly_salary_fulltime": "4000",
            "partner": "ja",
            "partner_days": "32 uur",
            "partner_age": "70",
            "birth_date": "17-03-1959",
        }
    )
    assert (h.fte, h.partner_days, h.partner_age, h.birth_date) == (
        D("0.8"),
        D(4),
        70,
        date(1959, 3, 17),
    )
    with pytest.raises(ValidationError) as e:
        Household.from_form(
            {
                "fte": "7 dagen",
                "monthly_salary_fulltime": "4000",
                "partner_days": "3",
                "partner_age": "40",
                "age": "200",
                "birth_date": "01-01-1890",
            }
        )
    assert {n: (x.code, dict(x.params)) for n, x in e.value.errors.items()} == {
        "fte": ("out_of_range", {"min": D("0.05"), "max": D("1.2")}),
        "partner_days": ("only_with", {"needs": "partner"}),
        "partner_age": ("only_with", {"needs": "partner"}),
        "age": ("out_of_range", {"min": D(15), "max": D(100)}),
        "birth_date": ("out_of_range", {"min": "01-01-1900", "max": "31-12-2012"}),
    }
