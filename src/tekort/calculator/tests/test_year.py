"""A link without a year computes for the current year, shows it, and shares it (issue 19)."""

from datetime import date
from urllib.parse import parse_qs, urlencode

import pytest
from django.urls import reverse

from tekort.calculator import letter
from tekort.calculator.forms import default_year

pytestmark = pytest.mark.django_db

NO_YEAR = {"fte": "0,6", "fte_to": "1", "monthly_salary_fulltime": "5000"}


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2025, 6, 1), "2025"),
        (date(2026, 12, 6), "2026"),
        (date(2027, 1, 2), "2026"),
        (date(2020, 1, 1), "2025"),
    ],
)
def test_the_default_year_is_the_current_year_or_the_latest_before_it(today, year):
    assert default_year(today) == year


def test_the_default_is_this_year_not_a_fixed_one():
    this_year = date.today().year
    assert default_year() == str(this_year) or int(default_year()) < this_year
    assert letter.year() == int(default_year())


def test_a_page_without_a_year_shows_and_shares_the_year_it_computed(client):
    year = default_year()
    html = client.get(f"{reverse('calculator:calculator')}?{urlencode(NO_YEAR)}").content.decode()
    assert f'<option value="{year}" selected>' in html
    share = html.split('id="deel-link" href="?', 1)[1].split("#", 1)[0].replace("&amp;", "&")
    assert parse_qs(share)["year"] == [year]


def test_json_without_a_year_names_it_in_the_inputs(client):
    body = client.get(f"{reverse('calculator:calculation-json')}?{urlencode(NO_YEAR)}").json()
    assert body["year"] == int(default_year()) and body["inputs"]["year"] == default_year()


def test_the_policy_view_without_a_year_links_with_the_year(client):
    response = client.get(f"{reverse('calculator:policy')}?bonus_kind=vast&bonus_amount=1200")
    assert f"year={default_year()}" in response.context["query"]
