"""The one Dutch number reader: text checked before it is converted, typed errors."""

import time
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tekort_calc import FieldError, Household, ValidationError
from tekort_calc.numbers import (
    AMBIGUOUS,
    NOT_A_NUMBER,
    NOT_WHOLE,
    TOO_LONG,
    NumberError,
    parse_amount,
    parse_decimal,
    parse_integer,
)

BASE = {"fte": "0,6", "monthly_salary_fulltime": "5000"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.800", D("4800")),
        ("4.800,50", D("4800.50")),
        ("4800,50", D("4800.50")),
        ("4800", D("4800")),
        ("€ 4.800,-", D("4800")),
        ("4 800", D("4800")),
        ("4800.50", D("4800.50")),
        ("45.000", D("45000")),
        ("1.250.000", D("1250000")),
        ("0", D("0")),
    ],
)
def test_amounts_follow_the_documented_dutch_rules(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("4,800", AMBIGUOUS),
        ("4.80.0", NOT_A_NUMBER),
        ("1e5", NOT_A_NUMBER),
        ("1e5000", NOT_A_NUMBER),
        ("1e999999999", NOT_A_NUMBER),
        ("inf", NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ("9" * 33, TOO_LONG),
        ("9" * 13, TOO_LONG),
        ("", NOT_A_NUMBER),
    ],
)
def test_bad_amounts_are_typed_errors(text, code):
    with pytest.raises(NumberError) as info:
        parse_amount(text)
    assert info.value.code == code


def test_an_ambiguous_amount_suggests_the_grouped_reading():
    with pytest.raises(NumberError) as info:
        parse_amount("4,800")
    assert info.value.suggestion == "4.800"


def test_fractions_and_integers():
    assert parse_decimal("0,6") == parse_decimal("0.6") == D("0.6")
    assert parse_decimal("10") == D(10)
    assert parse_integer("3") == 3 and parse_integer("3,0") == 3
    for text, code in (("3,5", NOT_WHOLE), ("1e300000", NOT_A_NUMBER), ("1" * 40, TOO_LONG)):
        with pytest.raises(NumberError) as info:
            parse_integer(text)
        assert info.value.code == code
    with pytest.raises(NumberError):
        parse_decimal("1e1000000")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,5", D("4.5")),
        ("4.5", D("4.5")),  # a lone point is a decimal point, as spreadsheets write it
        ("1.234,5", D("1234.5")),  # dots group the thousands before a decimal comma
        ("1.234.567,25", D("1234567.25")),
        ("-12,25", D("-12.25")),
        (" 0,60 ", D("0.6")),
        ("4.800", D("4.8")),  # the known limit: a fraction, never 4800 (amounts: parse_amount)
    ],
)
def test_fractions_the_dutch_way(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize(
    "text",
    ["1e3", "1,2,3", "1.2.3", "1.23,4", "12.34,5", "1,234.5", ",5.", "0x10", "½", "4,5%", "NaN"],
)
def test_fractions_that_are_refused(text):
    with pytest.raises(NumberError) as info:
        parse_decimal(text)
    assert info.value.code == NOT_A_NUMBER


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_is_a_number_or_a_typed_error_quickly(text):
    for parse in (parse_amount, parse_decimal, parse_integer):
        start = time.perf_counter()
        try:
            parse(text)
        except NumberError:
            pass
        assert time.perf_counter() - start < 0.05


@pytest.mark.parametrize(
    ("field", "text", "code", "params"),
    [
        ("step", "1e5000", "not_a_number", {}),
        ("child_1_age", "1e300000", "not_a_number", {"n": 1}),
        ("bonus_percentage", "1e999999999", "not_a_number", {}),
        ("fte", "1e1000000", "not_a_number", {}),
        ("monthly_salary_fulltime", "9" * 40, "too_long", {}),
    ],
)
def test_from_form_raises_its_validation_error_fast_not_overflow(field, text, code, params):
    data = {**BASE, field: text}
    if field == "bonus_percentage":
        data["bonus_kind"] = "percentage"
    start = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        Household.from_form(data)
    assert time.perf_counter() - start < 0.05
    assert info.value.errors[field] == FieldError(
        field, code, {"text": text, "suggestion": "", **params}
    )


def test_from_form_reads_thousands_dots_as_the_web_form_does():
    h = Household.from_form({**BASE, "partner": "ja", "partner_income": "45.000"})
    assert h.partner_income == D(45000)
    assert Household.from_form(
        {**BASE, "monthly_salary_fulltime": "4.800"}
    ).monthly_salary_fulltime == D(4800)
    with pytest.raises(ValidationError) as info:
        Household.from_form({**BASE, "monthly_salary_fulltime": "4,800"})
    assert info.value.errors["monthly_salary_fulltime"] == FieldError(
        "monthly_salary_fulltime", "ambiguous", {"text": "4,800", "suggestion": "4.800"}
    )
