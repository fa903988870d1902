"""The calculator pages: Dutch form with linked errors, results equal to tekort_calc, nothing stored."""

import re
from decimal import Decimal as D
from urllib.parse import parse_qsl, urlencode

import pytest
from django.urls import reverse

from tekort.calculator.params import household_params
from tekort_calc import PRESETS, Household, calculate, compare, preset
from tekort_calc.money import fmt_eur, fmt_pct

pytestmark = pytest.mark.django_db

URL = reverse("calculator:calculator")
COUPLE = {
    "fte": "0,6",
    "fte_to": "0,8",
    "year": "2026",
    "monthly_salary_fulltime": "4800",
    "partner": "on",
    "partner_income": "38000",
    "child_1_age": "3",
    "child_1_childcare": "dagopvang",
    "child_1_hours_per_day": "10",
    "child_1_price_per_hour": "10,50",
    "housing": "huur",
    "rent": "850",
}
COUPLE_HOUSEHOLD = Household.from_form(
    {k: ("ja" if v == "on" else v) for k, v in COUPLE.items() if k not in ("fte_to", "year")}
)


def get(client, url, params=None):
    return client.get(url + ("?" + urlencode(params) if params else ""))


def test_empty_page_shows_the_form_presets_and_the_letter_example_in_dutch(client):
    html = client.get(URL).content.decode()
    assert "<h1>Meerurencalculator</h1>" in html
    assert '<label for="id_fte">Deeltijdfactor nu (fte)</label>' in html
    assert 'aria-describedby="id_fte_helptext"' in html
    for label in (
        "Alleenstaand",
        "Stel, twee inkomens",
        "Alleenstaande ouder met kind in de opvang",
        "Alleenstaande huurder",
        "Gezin in een koopwoning",
    ):
        assert f">{label}</a>" in html
    assert "Het voorbeeld uit de Kamerbrief: van drie naar vijf dagen" in html
    assert 'id="resultaat"' not in html
    # CSP: no inline script or style
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def test_results_match_the_core_for_the_same_inputs(client):
    html = get(client, URL, COUPLE).content.decode()
    before = calculate(COUPLE_HOUSEHOLD, 2026)
    after = calculate(COUPLE_HOUSEHOLD.with_fte(D("0.8")), 2026)
    c = compare(before, after)
    results = html[html.index('id="resultaat"') :]
    for amount in (
        before.per_month,
        after.per_month,
        c.gain_per_month,
        before.total,
        after.total,
        c.gain,
        c.net_per_extra_hour,
        before.payslip.net,
        after.payslip.net,
    ):
        assert fmt_eur(amount) in results
    assert fmt_pct(c.kept_fraction, 1) in results
    assert fmt_pct(c.total_marginal_pressure, 1) in results
    # every component with its explanation and its marginal pressure
    for key, share in c.marginal_pressure().items():
        comp = after.component(key)
        assert comp.label in results
        assert fmt_pct(share, 1) in results
    assert after.component("childcare_cost").explanation.replace("'", "&#x27;") in results
    assert "Kinderopvangtoeslag" in results


def test_chart_is_inline_svg_with_a_table_alternative_and_a_text_summary(client):
    html = get(client, URL, COUPLE).content.decode()
    assert '<svg id="curve-grafiek"' in html and 'role="img"' in html
    assert "<summary>Tabel bij de grafiek</summary>" in html
    table = html[html.index('id="curve-tabel"') :]
    assert table.count('<th scope="row">') == 21
    h = COUPLE_HOUSEHOLD.with_fte(D("1.2"))
    assert fmt_eur(calculate(h, 2026).per_month) in table
    assert "Bij 0,2 fte houdt het huishouden" in html


def test_unverified_values_are_shown_in_dutch_words_and_notation(client):
    html = get(client, URL, COUPLE).content.decode()
    after = calculate(COUPLE_HOUSEHOLD.with_fte(D("0.8")), 2026)
    assert after.unverified, "the 2026 ABP premium is a placeholder"
    assert "niet geverifieerd" in html
    box = html.split('id="niet-geverifieerd"', 1)[1].split("</section>", 1)[0]
    assert "ABP-premiepercentage (OP/NP): 24,7%. Het definitieve percentage" in box
    assert "ABP-franchise (het deel van het salaris zonder pensioenpremie): € 17.545." in box
    assert (
        "Percentage kinderopvangtoeslag voor het eerste kind, naar gezamenlijk inkomen: "
        "€ 0: 96,0%; € 56.412: 96,0%; € 56.413: 95,5%; € 165.658: 36,5%."
    ) in box
    for p in after.unverified:  # no Python values, no English source notes
        assert p.source.replace("'", "&#x27;") not in box
    assert "Decimal" not in box and "((" not in box


def test_validation_errors_name_the_field_and_are_linked_to_it(client):
    html = get(client, URL, {"fte": "abc", "fte_to": "2", "rent": "100"}).content.decode()
    assert 'id="resultaat"' not in html
    assert "Deeltijdfactor nu (fte): &#x27;abc&#x27; is geen getal." in html
    assert "Deeltijdfactor straks (fte): vul een deeltijdfactor in tussen 0,05 en 1,2." in html
    assert "Kale huur per maand (€): vul alleen een huur in bij woonsituatie huur." in html
    assert 'aria-invalid="true" aria-describedby="id_fte_helptext id_fte_error" id="id_fte"' in html
    assert '<p class="error" id="id_fte_error">' in html
    summary = html[html.index('class="error-summary"') :]
    assert '<a href="#id_fte">' in summary and '<a href="#id_rent">' in summary


def test_a_step_outside_the_salary_table_is_an_error_naming_the_valid_steps(client):
    html = get(
        client, URL, {"fte": "0,6", "fte_to": "1", "year": "2026", "scale": "LB", "step": "13"}
    ).content.decode()
    assert 'id="id_step_error"' in html
    assert "Trede: kies een trede van 1 tot en met 12 voor schaal LB (po, 2026)." in html


@pytest.mark.parametrize(
    "name",
    [
        "calculator",
        "calculation-json",
        "curve-json",
        "curve-csv",
        "letter",
        "letter-json",
        "policy",
        "policy-json",
        "policy-csv",
    ],
)
def test_nothing_is_stored_cached_or_sent_on(client, django_assert_num_queries, name):
    with django_assert_num_queries(0):
        response = get(
            client,
            reverse(f"calculator:{name}"),
            COUPLE if "letter" not in name and "policy" not in name else None,
        )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies  # no session, no CSRF cookie


def test_json_equals_the_core(client):
    data = get(client, reverse("calculator:calculation-json"), COUPLE).json()
    before = calculate(COUPLE_HOUSEHOLD, 2026)
    after = calculate(COUPLE_HOUSEHOLD.with_fte(D("0.8")), 2026)
    c = compare(before, after)
    assert data["before"]["components"] == before.as_dict()["components"]
    assert data["after"]["total"] == str(after.total)
    assert data["after"]["per_month"] == str(after.per_month)
    assert D(data["comparison"]["gain"]) == c.gain
    assert D(data["comparison"]["gain_per_month"]) == c.gain_per_month
    assert D(data["comparison"]["net_per_extra_hour"]) == c.net_per_extra_hour
    assert D(data["comparison"]["kept_fraction"]) == c.kept_fraction.quantize(D("0.0001"))
    pressure = {ch["key"]: ch["marginal_pressure"] for ch in data["comparison"]["changes"]}
    for key, share in c.marginal_pressure().items():
        assert D(pressure[key]) == share.quantize(D("0.0001"))
    assert {u["key"] for u in data["unverified"]} == {p.key for p in after.unverified} | {
        p.key for p in before.unverified
    }
    # the normalised inputs reproduce the household
    inputs = dict(data["inputs"])
    assert (inputs.pop("fte_to"), inputs.pop("year")) == ("0,8", "2026")
    assert Household.from_form(inputs) == COUPLE_HOUSEHOLD


def test_json_errors_are_400_and_keyed_by_field(client):
    response = get(client, reverse("calculator:calculation-json"), {"fte": "9", "fte_to": "1"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["fte"] == [
        "Deeltijdfactor nu (fte): vul een deeltijdfactor in tussen 0,05 en 1,2."
    ]
    assert "monthly_salary_fulltime" in errors


def test_curve_json_and_csv_follow_the_core(client):
    points = get(client, reverse("calculator:curve-json"), COUPLE).json()["points"]
    assert [p["fte"] for p in points][:3] == ["0.2", "0.25", "0.3"] and points[-1]["fte"] == "1.2"
    mid = next(p for p in points if p["fte"] == "0.75")
    assert D(mid["disposable"]) == calculate(COUPLE_HOUSEHOLD.with_fte(D("0.75")), 2026).total
    csv_text = get(client, reverse("calculator:curve-csv"), COUPLE).content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("fte,hours_per_year,teacher_gross")
    assert len(lines) == 22
    assert lines[-1].split(",")[4] == points[-1]["disposable"]


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_preset_links_fill_the_form_with_the_preset(client, key):
    html = client.get(URL).content.decode()
    href = (
        re.search(rf'<a href="([^"]+)" data-preset="{key}">', html).group(1).replace("&amp;", "&")
    )
    params = dict(parse_qsl(href.split("?", 1)[1].split("#")[0]))
    assert params.pop("fte_to") == "1" and params.pop("year") == "2026"
    assert Household.from_form(params) == preset(key, "0.6", 5000)
    page = client.get(href.split("#")[0]).content.decode()
    assert fmt_eur(calculate(preset(key, "0.6", 5000), 2026).per_month) in page


def test_household_params_round_trip_every_preset_with_a_bonus():
    from dataclasses import replace

    from tekort_calc import Bonus

    for key in PRESETS:
        for bonus in (
            Bonus("vast", D(1200), threshold_fte=D("0.8")),
            Bonus("percentage", percentage=D("0.125"), threshold_fte=D("0.6"), pensionable=True),
        ):
            h = replace(preset(key, "0.7", "4321.5"), bonus=bonus, apply_cao_rises=False)
            assert Household.from_form(household_params(h)) == h
