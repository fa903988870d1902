"""The letter's worked example and the policy view for a proposed bonus."""

from decimal import Decimal as D
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tekort.calculator.policy import evaluate, typical_households
from tekort_calc import Bonus, Household, bonus_kept, calculate, compare
from tekort_calc.money import fmt_eur

pytestmark = pytest.mark.django_db

LETTER = Household(
    fte=D("0.6"), monthly_salary_fulltime=D(5000), top_of_scale=True, apply_cao_rises=False
)


def test_letter_example_is_worked_and_explained(client):
    html = client.get(reverse("calculator:letter")).content.decode()
    before, after = calculate(LETTER, 2026), calculate(LETTER.with_fte(D(1)), 2026)
    c = compare(before, after)
    assert D(800) <= c.gain_per_month <= D(1200)
    assert "van drie naar vijf dagen" in html
    assert fmt_eur(c.gain_per_month) in html
    assert fmt_eur(c.payslip_gain) in html
    assert "Beide liggen binnen de € 800,00 tot € 1.200,00 uit de Kamerbrief." in html
    # each component's share of the extra gross, with the core's words
    assert after.component("box1").explanation.replace("'", "&#x27;") in html
    # the spread over households: some keep less than the letter's €800
    spread = html[html.index('id="spreiding"') :]
    assert spread.count('<th scope="row">') == 6
    assert "nee, minder" in spread
    link = (
        reverse("calculator:calculator")
        + "?fte=0%2C6&amp;sector=po&amp;monthly_salary_fulltime=5000"
    )
    assert link in html


def test_letter_json_gives_the_worked_case_and_the_spread(client):
    data = client.get(reverse("calculator:letter-json")).json()
    c = compare(calculate(LETTER, 2026), calculate(LETTER.with_fte(D(1)), 2026))
    assert D(data["worked_case"]["comparison"]["gain_per_month"]) == c.gain_per_month
    assert data["letter_range_per_month"] == ["800", "1200"]
    assert len(data["households"]) == 6


BONUS = {
    "bonus_kind": "percentage",
    "bonus_percentage": "15",
    "bonus_threshold_fte": "0,8",
    "year": "2026",
}


def test_policy_rows_follow_the_core():
    bonus = Bonus("percentage", percentage=D("0.15"), threshold_fte=D("0.8"))
    policy = evaluate(bonus, 2026)
    assert len(policy.rows) == 6 * 2 * 3
    key, _label, salary, base = next(iter(typical_households(2026)))
    row = next(
        r
        for r in policy.rows
        if r.preset == key and r.salary_label == salary and r.fte_to == D("1.0")
    )
    kept = bonus_kept(base.with_fte(D("1.0")).with_bonus(bonus), 2026)
    assert (row.bonus_gross, row.bonus_kept) == (kept.gross_change, kept.gain)
    plain = compare(
        calculate(base.with_fte(D("0.8")), 2026), calculate(base.with_fte(D("1.0")), 2026)
    )
    assert row.gain_without == plain.gain
    assert row.pressure_without == plain.total_marginal_pressure
    # below the threshold nothing is paid
    assert all(r.bonus_gross == 0 for r in policy.rows if r.fte_to <= D("0.8"))
    assert all(r.bonus_gross > 0 for r in policy.rows if r.fte_to > D("0.8"))


def test_policy_page_shows_distribution_chart_and_table(client):
    html = client.get(reverse("calculator:policy") + "?" + urlencode(BONUS)).content.decode()
    assert "Minimum, kwartielen en maximum over 36 huishoudens" in html
    assert 'role="img"' in html and html.count('transform="translate(-4 -4)"') == 36
    assert "zonder bonus" in html and "met bonus" in html  # the legend
    table = html[html.index('id="beleid-tabel"') :]
    assert table.count('<th scope="row">') == 36
    assert "Tabel bij de grafiek: alle huishoudens" in html
    median = evaluate(Bonus("percentage", percentage=D("0.15"), threshold_fte=D("0.8")), 2026)
    assert fmt_eur(median.spreads()["gain_with_per_month"].summary[2]) in html


def test_policy_without_inputs_uses_the_default_design(client):
    data = client.get(reverse("calculator:policy-json")).json()
    assert data["bonus"]["kind"] == "vast" and data["bonus"]["amount"] == "1200"
    assert set(data["distribution"]) >= {"gain_with_per_month", "pressure_with"}


def test_policy_errors_name_the_field(client):
    params = {**BONUS, "bonus_percentage": "200"}
    html = client.get(reverse("calculator:policy") + "?" + urlencode(params)).content.decode()
    assert "Bonuspercentage (%): het bonuspercentage moet tussen 0 en 100 liggen." in html
    assert 'id="resultaat"' not in html
    response = client.get(reverse("calculator:policy-json") + "?" + urlencode(params))
    assert response.status_code == 400 and "bonus_percentage" in response.json()["errors"]


def test_policy_csv_has_a_row_per_household(client):
    text = client.get(reverse("calculator:policy-csv") + "?" + urlencode(BONUS)).content.decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("preset,salary,fte_from,fte_to,gross_change")
    assert len(lines) == 37
