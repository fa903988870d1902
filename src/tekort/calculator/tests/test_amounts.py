"""Money typed the Dutch way: "4.800" is four thousand eight hundred; ambiguity is an error."""

from decimal import Decimal as D
from urllib.parse import urlencode

import pytest

from tekort.calculator.amounts import AmountError, parse_amount
from tekort.calculator.forms import PolicyForm
from tekort.calculator.tests.page_requests import JSON, PAGE
from tekort_calc import Household

pytestmark = pytest.mark.django_db

BASE = {"fte": "0,6", "fte_to": "0,8", "year": "2026"}


def calculated(client, **fields):
    response = client.get(f"{JSON}?{urlencode({**BASE, **fields})}")
    assert response.status_code == 200, response.json()
    inputs = response.json()["inputs"]
    return Household.from_form({k: v for k, v in inputs.items() if k not in ("fte_to", "year")})


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("4.800", D("4800")),
        ("4.800,50", D("4800.50")),
        ("4800,50", D("4800.50")),
        ("4800", D("4800")),
        ("€ 4.800", D("4800")),
        ("4.800,-", D("4800")),
        ("4 800", D("4800")),
        ("4800.50", D("4800.50")),  # a lone dot before one or two digits is a decimal point
        ("12.345,6", D("12345.6")),
    ],
)
def test_a_dutch_salary_is_read_as_the_user_means_it(client, typed, amount):
    assert calculated(client, monthly_salary_fulltime=typed).monthly_salary_fulltime == amount


def test_every_money_field_takes_thousands_dots(client):
    household = calculated(
        client,
        monthly_salary_fulltime="5.000",
        partner="on",
        partner_income="38.000",
        housing="huur",
        rent="1.050,25",
        assets="1.250.000",
        child_1_age="3",
        child_1_childcare="dagopvang",
        child_1_hours_per_day="10",
        child_1_price_per_hour="10,50",
        bonus_kind="vast",
        bonus_amount="1.200",
        bonus_threshold_fte="0,8",
    )
    assert household.partner_income == D("38000")
    assert household.rent == D("1050.25")
    assert household.assets == D("1250000")
    assert household.children[0].childcare_price_per_hour == D("10.50")
    assert household.bonus.amount == D("1200")


@pytest.mark.parametrize("fte", ["0,8", "0.8"])
def test_fractional_fields_keep_a_dot_or_a_comma_as_decimal_separator(client, fte):
    household = calculated(
        client,
        fte=fte,
        monthly_salary_fulltime="4.800",
        bonus_kind="vast",
        bonus_amount="1000",
        bonus_threshold_fte=fte,
        childcare_days_covered="1.5",
    )
    assert household.fte == D("0.8")
    assert household.bonus.threshold_fte == D("0.8")
    assert household.childcare_days_covered == D("1.5")


def test_the_policy_form_reads_a_dutch_bonus_amount():
    form = PolicyForm({"bonus_kind": "vast", "bonus_amount": "1.200", "bonus_threshold_fte": "1"})
    assert form.is_valid(), form.errors
    assert form.bonus.amount == D("1200")


def test_an_ambiguous_amount_is_a_clear_dutch_error_on_its_field_and_nothing_is_computed(
    client,
):
    response = client.get(f"{JSON}?{urlencode({**BASE, 'monthly_salary_fulltime': '4,800'})}")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "monthly_salary_fulltime": [
            "Voltijds brutomaandsalaris (€): '4,800' is op twee manieren te lezen. "
            "Bedoel je 4.800? Zet een punt tussen de duizendtallen en alleen een komma voor "
            "de centen, bijvoorbeeld 4.800,50."
        ]
    }
    html = client.get(f"{PAGE}?{urlencode({**BASE, 'monthly_salary_fulltime': '4,800'})}")
    html = html.content.decode()
    assert 'id="resultaat"' not in html
    assert 'id="id_monthly_salary_fulltime_error"' in html
    assert "Bedoel je 4.800?" in html


@pytest.mark.parametrize("typed", ["4.80.0", "0.800", "4800.000", "1.234,567", "4 80", "vier"])
def test_what_is_not_an_amount_is_refused_never_guessed(client, typed):
    response = client.get(f"{JSON}?{urlencode({**BASE, 'assets': typed})}")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["assets"]
    assert message.startswith(f"Spaargeld en beleggingen van het huishouden (€): '{typed}'")
    assert "is geen bedrag" in message


def test_the_parser_alone():
    assert parse_amount("1.000.000,01") == D("1000000.01")
    assert parse_amount("0,50") == D("0.50")
    with pytest.raises(AmountError):
        parse_amount("1.000.00")
    with pytest.raises(AmountError):
        parse_amount("€")
