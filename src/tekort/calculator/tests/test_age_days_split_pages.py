"""Issue 19 items 3 and 4 on the pages: the age, days a week, the partner's days and the
comparison of splits. Every new field answers 200 or a Dutch 400 on the field, fast."""

import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort.calculator.tests.page_requests import BASE, JSON, PAGE, SPLIT, SPLIT_JSON
from tekort_calc.tests import test_split as core_split

pytestmark = pytest.mark.django_db

# the couple whose splits the core's test works out (tekort_calc/tests/test_split.py), in 2026
COUPLE = {**core_split.COUPLE, "year": "2026"}
NEW_FIELDS = ("birth_date", "age", "partner_age", "partner_days")
FAST = 2.0


def get(client, url, params):
    start = time.perf_counter()
    response = client.get(f"{url}?{urlencode(params)}", headers={"accept": "application/json"})
    return response, time.perf_counter() - start


def test_days_a_week_in_both_fte_fields(client):
    response, _ = get(client, JSON, {**BASE, "fte": "3 dagen", "fte_to": "32 uur"})
    assert response.status_code == 200
    data = response.json()
    assert (data["inputs"]["fte"], data["inputs"]["fte_to"]) == ("0,6", "0,8")


def test_a_teacher_past_the_aow_age_is_taxed_at_the_aow_rates_on_the_page(client):
    under = get(client, JSON, BASE)[0].json()
    past = get(client, JSON, {**BASE, "age": "67"})[0].json()
    keys = [c["key"] for c in past["before"]["components"]]
    assert "ouderenkorting" in keys
    assert "ouderenkorting" not in [c["key"] for c in under["before"]["components"]]
    assert past["inputs"]["age"] == "67"
    assert past["warnings"][-1].startswith(
        "De leraar heeft in 2026 de AOW-leeftijd (67 jaar) bereikt"
    )
    assert under["warnings"][-1] == (
        "De geboortedatum of leeftijd van de leraar is niet ingevuld: we rekenen alsof de "
        "leraar in 2026 de AOW-leeftijd (67 jaar) nog niet heeft bereikt."
    )


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("age", "1e300000", "Of: je leeftijd op 1 januari: '1e300000' is geen getal."),
        ("age", "-3", "Of: je leeftijd op 1 januari: de leeftijd moet tussen 15 en 100 liggen."),
        (
            "age",
            "999999999999",
            "Of: je leeftijd op 1 januari: de leeftijd moet tussen 15 en 100 liggen.",
        ),
        ("age", "zestig", "Of: je leeftijd op 1 januari: 'zestig' is geen getal."),
        (
            "birth_date",
            "31-02-1960",
            "Je geboortedatum: '31-02-1960' is geen datum; schrijf dag, maand en jaar, "
            "bijvoorbeeld 17-03-1959.",
        ),
        (
            "birth_date",
            "01-01-1800",
            "Je geboortedatum: de geboortedatum moet tussen 01-01-1900 en 31-12-2012 liggen.",
        ),
        (
            "birth_date",
            "9" * 500,
            f"Je geboortedatum: '{'9' * 32}…' is te lang of te groot voor dit veld.",
        ),
        (
            "partner_days",
            "3",
            "Werkdagen per week van je partner: vul alleen werkdagen van een partner in als je "
            "een partner hebt.",
        ),
        (
            "partner_age",
            "70",
            "Leeftijd van je partner op 1 januari: vul alleen de leeftijd van een partner in als "
            "je een partner hebt.",
        ),
        (
            "fte",
            "9 dagen",
            "Deeltijdfactor nu (fte): vul een deeltijdfactor in tussen 0,05 en 1,2.",
        ),
        ("fte", "1e5000 dagen", "Deeltijdfactor nu (fte): '1e5000 dagen' is geen getal."),
    ],
)
def test_bad_new_inputs_get_a_dutch_400_on_their_field(client, field, text, message):
    response, seconds = get(client, JSON, {**BASE, field: text})
    assert response.status_code == 400 and seconds < FAST
    assert response.json()["errors"] == {field: [message]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "7",
            "Werkdagen per week van je partner: het aantal werkdagen van de partner moet tussen 0 en 5 per week liggen.",
        ),
        (
            "-1",
            "Werkdagen per week van je partner: het aantal werkdagen van de partner moet tussen 0 en 5 per week liggen.",
        ),
        ("1e999999999", "Werkdagen per week van je partner: '1e999999999' is geen getal."),
        ("vier", "Werkdagen per week van je partner: 'vier' is geen getal."),
    ],
)
def test_bad_partner_days_on_the_split(client, text, message):
    response, seconds = get(client, SPLIT_JSON, {**COUPLE, "partner_days": text})
    assert response.status_code == 400 and seconds < FAST
    assert response.json()["errors"] == {"partner_days": [message]}


def test_the_split_json_compares_three_plus_five_with_four_plus_four(client):
    response, _ = get(client, SPLIT_JSON, COUPLE)
    assert response.status_code == 200
    data = response.json()
    rows = [
        (r["teacher_days"], r["partner_days"], r["total"], r["difference"]) for r in data["rows"]
    ]
    assert rows == [
        ("3", "5", "74190.36", "0.00"),
        ("4", "4", "75051.73", "861.37"),
        ("5", "3", "74176.23", "-14.13"),
    ]
    assert data["best"] == {"teacher_days": "4", "partner_days": "4"}
    assert data["inputs"]["partner_days"] == "5"


def test_the_split_page_shows_the_table_and_the_best_split(client):
    response, _ = get(client, SPLIT, COUPLE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Werkdagen verdelen</h1>" in html
    assert (
        "Van de verdelingen van jullie 8 werkdagen houden jullie het meest te besteden over met "
        "4 dagen voor jou en 4 voor je partner: € 861,37 per jaar meer dan nu."
    ) in html
    assert '<th scope="row">3 + 5 (nu)</th>' in html
    assert '<td class="num">€ 75.051,73</td>' in html
    assert "Kosten kinderopvang" in html
    assert reverse("calculator:split-json") + "?" in html


def test_the_split_without_a_partner_says_what_is_missing(client):
    response, _ = get(client, SPLIT_JSON, {"fte": "1", "monthly_salary_fulltime": "4000"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "partner": [
            "Ik heb een partner (toeslagpartner): de vergelijking van verdelingen is voor een "
            "huishouden met een partner."
        ],
        "partner_days": [
            "Werkdagen per week van je partner: vul in hoeveel dagen per week je partner werkt, "
            "om de verdelingen te vergelijken."
        ],
        "partner_income": [
            "Bruto jaarinkomen partner (€): vul het inkomen van je partner in, om de "
            "verdelingen van jullie werkdagen te vergelijken."
        ],
    }
    page, _ = get(client, SPLIT, {"fte": "1", "monthly_salary_fulltime": "4000"})
    assert page.status_code == 200 and "vul in hoeveel dagen per week je partner werkt" in (
        page.content.decode()
    )


def test_the_calculator_links_a_couple_to_the_split(client):
    html = get(client, PAGE, {**COUPLE, "fte_to": "4 dagen"})[0].content.decode()
    assert "Vergelijk verdelingen van jouw werkdagen en die van je partner" in html


@given(field=st.sampled_from(NEW_FIELDS), text=st.text(max_size=60))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_text_in_a_new_field_of_the_split(field, text):
    response, seconds = get(Client(), SPLIT_JSON, {**COUPLE, field: text})
    assert seconds < FAST
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        body = response.json()
        if "detail" in body:  # the site-wide refusal of a NUL character
            assert "\x00" in text
            return
        assert all(isinstance(m, str) and m for ms in body["errors"].values() for m in ms)


def test_the_calculator_form_has_the_new_fields_and_shows_the_aow_assumption(client):
    html = get(client, PAGE, {**BASE, "birth_date": "15-07-1959"})[0].content.decode()
    for label in (
        "Je geboortedatum",
        "Of: je leeftijd op 1 januari",
        "Werkdagen per week van je partner",
        "Leeftijd van je partner op 1 januari",
    ):
        assert f">{label}</label>" in html
    assert 'value="15-07-1959"' in html
    assert "De leraar bereikt de AOW-leeftijd (67 jaar) op 15-07-2026" in html
