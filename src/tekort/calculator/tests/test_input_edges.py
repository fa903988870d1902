"""Hostile or careless input: every value answers 200 or a Dutch 400 naming the field, fast.

Issue 19 item 1: ``step=1e5000`` and ``bonus_percentage=1e999999999`` answered 500,
``child_1_age=1e300000`` cost 13 s of CPU. Every numeric field is now read by
``tekort_calc.numbers``, which checks the text before converting it.
"""

import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort.calculator.tests.page_requests import BASE, CURVE, JSON, PAGE, POLICY
from tekort_calc.household import FIELDS

pytestmark = pytest.mark.django_db

POLICY_BASE = {"year": "2026", "bonus_kind": "vast", "bonus_amount": "1200"}
POLICY_FIELDS = (
    "year",
    "bonus_kind",
    "bonus_amount",
    "bonus_percentage",
    "bonus_threshold_fte",
    "bonus_pensionable",
)
FAST = 2.0  # seconds; a normal request takes a few hundredths
HYPOTHESIS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def timed_get(client, url, params):
    start = time.perf_counter()
    response = client.get(f"{url}?{urlencode(params)}", headers={"accept": "application/json"})
    return response, time.perf_counter() - start


@pytest.mark.parametrize("url", [JSON, CURVE])
def test_a_huge_exponent_in_step_is_a_400_on_step(client, url):
    response, seconds = timed_get(client, url, {**BASE, "step": "1e5000"})
    assert response.status_code == 400 and seconds < FAST
    assert response.json()["errors"] == {"step": ["Trede: '1e5000' is geen getal."]}


def test_a_huge_exponent_in_step_is_an_error_on_the_page(client):
    response, seconds = timed_get(client, PAGE, {**BASE, "step": "1e5000"})
    assert response.status_code == 200 and seconds < FAST
    assert "Trede: &#x27;1e5000&#x27; is geen getal." in response.content.decode()


def test_a_huge_bonus_percentage_is_a_400_not_an_overflow(client):
    params = {"bonus_kind": "percentage", "bonus_percentage": "1e999999999"}
    response, seconds = timed_get(client, POLICY, params)
    assert response.status_code == 400 and seconds < FAST
    assert response.json()["errors"] == {
        "bonus_percentage": ["Bonuspercentage (%): '1e999999999' is geen getal."]
    }


@pytest.mark.parametrize("text", ["1e300000", "1e1000000"])
def test_a_huge_child_age_costs_no_cpu(client, text):
    response, seconds = timed_get(client, JSON, {**BASE, "child_1_age": text})
    assert response.status_code == 400 and seconds < FAST
    assert response.json()["errors"] == {
        "child_1_age": [f"Leeftijd kind 1: '{text}' is geen getal."]
    }


def test_a_too_long_amount_is_refused_on_its_field(client):
    response, _ = timed_get(client, JSON, {**BASE, "monthly_salary_fulltime": "9" * 5000})
    assert response.status_code == 400
    [message] = response.json()["errors"]["monthly_salary_fulltime"]
    assert "te lang of te groot" in message


def check(client, url, params, field):
    response, seconds = timed_get(client, url, params)
    assert seconds < FAST, (field, params[field], seconds)
    assert response.status_code in (200, 400), (field, params[field], response.status_code)
    if response.status_code == 400:
        body = response.json()
        if "detail" in body:  # the site-wide refusal of a NUL character, before any view
            assert "\x00" in params[field] and body["detail"]
            return
        errors = body["errors"]
        assert errors and all(isinstance(m, str) and m for ms in errors.values() for m in ms)


@given(field=st.sampled_from([*FIELDS, "fte_to", "year"]), text=st.text(max_size=60))
@HYPOTHESIS
def test_any_text_in_any_field_of_berekening_json(field, text):
    check(Client(), JSON, {**BASE, field: text}, field)


@given(field=st.sampled_from([*FIELDS, "fte_to", "year"]), text=st.text(max_size=60))
@HYPOTHESIS
def test_any_text_in_any_field_of_curve_json(field, text):
    check(Client(), CURVE, {**BASE, field: text}, field)


@given(field=st.sampled_from(POLICY_FIELDS), text=st.text(max_size=60))
@HYPOTHESIS
def test_any_text_in_any_field_of_beleid_json(field, text):
    check(Client(), POLICY, {**POLICY_BASE, field: text}, field)


@given(
    field=st.sampled_from(["fte", "monthly_salary_fulltime", "step", "child_1_age", "rent"]),
    text=st.from_regex(r"-?[0-9]{1,6}([.,][0-9]{0,4})?[eE][+-]?[0-9]{1,12}", fullmatch=True),
)
@HYPOTHESIS
def test_exponents_anywhere_are_refused_fast(field, text):
    check(Client(), JSON, {**BASE, field: text}, field)
