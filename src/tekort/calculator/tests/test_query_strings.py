"""No query string costs more than a normal request or answers a 500, on any of the
calculator's addresses (issue 19 item 1).

The addresses are read from the app's URLconf, so a new one is covered without editing this
test. Hypothesis builds query strings from the calculator's own parameter names and from
arbitrary ones, with arbitrary values (NUL, exponents, huge numbers, separators, unicode).
"""

import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort.calculator.urls import app_name, urlpatterns
from tekort_calc.household import FIELDS

pytestmark = pytest.mark.django_db

URLS = [reverse(f"{app_name}:{p.name}") for p in urlpatterns]
NAMES = [*FIELDS, "fte_to", "year"]
VALID = {"fte": "0,6", "fte_to": "0,8", "year": "2026", "monthly_salary_fulltime": "5000"}
NORMAL = 2.0  # seconds; a normal request takes a few hundredths, the policy view ~0.3 cold
NUMBERS = st.from_regex(r"-?[0-9]{1,8}([.,][0-9]{0,8})?([eE][+-]?[0-9]{1,9})?", fullmatch=True)
VALUES = st.text(max_size=40) | NUMBERS | st.sampled_from(["", "ja", "nee", "huur", "vo", "LB"])


def dutch_400(response, params) -> bool:
    body = response.content.decode()
    if any("\x00" in k + v for k, v in params.items()):  # refused site-wide, before any view
        return "NUL-teken" in body
    if response["Content-Type"].startswith("application/json"):
        errors = response.json()["errors"]
        return bool(errors) and all(isinstance(m, str) and m for ms in errors.values() for m in ms)
    return 'class="error-summary"' in body


def test_every_address_of_the_calculator_is_covered():
    assert {"/meeruren/", "/meeruren/resultaat/", "/meeruren/beleid.csv"} <= set(URLS)
    assert len(URLS) == len(urlpatterns) >= 10


@given(
    url=st.sampled_from(URLS),
    start=st.sampled_from([{}, VALID]),
    query=st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=12), VALUES, max_size=6),
)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_query_string_on_any_address_is_200_or_a_dutch_400_in_normal_time(url, start, query):
    params = {**start, **query}
    began = time.perf_counter()
    response = Client().get(f"{url}?{urlencode(params)}")
    seconds = time.perf_counter() - began
    assert seconds < NORMAL, (url, params, seconds)
    assert response.status_code in (200, 400), (url, params, response.status_code)
    if response.status_code == 400:
        assert dutch_400(response, params), (url, params, response.content[:300])


@pytest.mark.parametrize("name", ["calculation-json", "curve-json", "curve-csv"])
def test_no_query_at_all_is_a_dutch_400_not_an_empty_error_list(client, name):
    response = client.get(reverse(f"calculator:{name}"))
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"__all__": ["Vul het formulier in om een resultaat te zien."]}
    }
