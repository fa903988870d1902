"""Scale and trede through the pages: "LB, trede 8" works in the HTML page and the JSON, and a
trede outside the table gets a Dutch message naming the valid treden (issue 19)."""

from decimal import Decimal as D
from urllib.parse import urlencode

import pytest

from tekort.calculator.tests.page_requests import JSON, PAGE
from tekort_calc import Household, calculate
from tekort_calc.money import fmt_eur

pytestmark = pytest.mark.django_db

LB8 = {"fte": "0,6", "fte_to": "1", "year": "2026", "sector": "po", "scale": "LB", "step": "8"}


def get(client, url, params):
    return client.get(url + "?" + urlencode(params))


def salary(data, side):
    return next(c for c in data[side]["components"] if c["key"] == "salary")


def test_lb_trede_8_in_the_json(client):
    response = get(client, JSON, LB8)
    assert response.status_code == 200
    data = response.json()
    # 10 months × 4,532 × 0.6 + 2 months × 4,586 × 0.6 (tables of 1 Nov 2025 and 1 Nov 2026)
    assert salary(data, "before")["amount"] == "32695.20"
    assert salary(data, "after")["amount"] == "54492.00"
    assert salary(data, "before")["explanation"].startswith(
        "Voltijds maandsalaris € 4.532,00 (cao po schaal LB trede 8, salaristabel per "
        "2025-11-01 (status D); vanaf 2026-11-01 € 4.586,00 (status D))"
    )
    allowances = next(c for c in data["before"]["components"] if c["key"] == "allowances")
    assert allowances["amount"] == "181.50"  # not the top trede: oktobertoelage × 0.6
    assert data["inputs"]["step"] == "8"


def test_lb_trede_8_on_the_html_page(client):
    response = get(client, PAGE, LB8)
    assert response.status_code == 200
    html = response.content.decode()
    results = html[html.index('id="resultaat"') :]
    before = calculate(Household(fte=D("0.6"), scale="LB", step=8), 2026)
    after = calculate(Household(fte=D(1), scale="LB", step=8), 2026)
    assert before.amount("salary") == D("32695.20")
    for amount in (before.per_month, after.per_month, before.amount("salary")):
        assert fmt_eur(amount) in results
    assert "cao po schaal LB trede 8" in results
    assert 'id="id_step_error"' not in html


def test_the_top_trede_gets_no_oktobertoelage_on_the_page(client):
    data = get(client, JSON, {**LB8, "step": "12"}).json()
    assert "allowances" not in {c["key"] for c in data["before"]["components"]}
    assert salary(data, "before")["amount"] == str(D("3312.00") * 10 + D("3351.60") * 2)


def test_a_trede_outside_the_table_gets_a_dutch_message_with_the_valid_range(client):
    response = get(client, JSON, {**LB8, "scale": "LD", "step": "14"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "step": ["Trede: kies een trede van 1 tot en met 12 voor schaal LD (po, 2026)."]
    }
    html = get(client, PAGE, {**LB8, "sector": "vo", "step": "0"}).content.decode()
    assert "Trede: kies een trede van 1 tot en met 12 voor schaal LB (vo, 2026)." in html


def test_the_form_offers_every_scale_and_names_the_treden(client):
    html = client.get(PAGE).content.decode()
    for scale in ("LB", "LC", "LD", "LE"):
        assert f'<option value="{scale}">{scale}</option>' in html
    assert "LB, LC, LD, LE: trede 1 tot en met 12" in html
    assert "De gegevens bevatten trede 1 en 12 van LB" not in html
