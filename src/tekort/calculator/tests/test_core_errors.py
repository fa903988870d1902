"""The core's typed errors, worded in Dutch by the calculator app (issue 19 item 1).

``tekort_calc`` raises ``FieldError(field, code, params)``; ``core_errors`` says it after the
field's label. The sentences are the ones users saw before the core stopped wording them.
"""

from decimal import Decimal as D
from urllib.parse import urlencode

import pytest
from django.utils import translation

from tekort.calculator import core_errors
from tekort.calculator.tests.page_requests import BASE, JSON
from tekort_calc import FieldError
from tekort_calc.household import FTE_MAX, FTE_MIN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"fte": "1,5"},
            "fte",
            "Deeltijdfactor nu (fte): vul een deeltijdfactor in tussen 0,05 en 1,2.",
        ),
        ({"fte": "abc"}, "fte", "Deeltijdfactor nu (fte): 'abc' is geen getal."),
        ({"fte": ""}, "fte", "Deeltijdfactor nu (fte): dit veld is verplicht."),
        (
            {"monthly_salary_fulltime": ""},
            "monthly_salary_fulltime",
            "Voltijds brutomaandsalaris (€): vul een voltijds maandsalaris in, of kies schaal en trede.",
        ),
        (
            {"monthly_salary_fulltime": "100"},
            "monthly_salary_fulltime",
            "Voltijds brutomaandsalaris (€): het voltijds maandsalaris moet tussen € 500 en "
            "€ 20.000 liggen.",
        ),
        (
            {"partner": "on", "partner_income": "2000000"},
            "partner_income",
            "Bruto jaarinkomen partner (€): het inkomen van de partner moet tussen 0 en "
            "1.000.000 liggen.",
        ),
        (
            {"partner_income": "2000"},
            "partner_income",
            "Bruto jaarinkomen partner (€): vul alleen een partnerinkomen in als je een partner "
            "hebt.",
        ),
        (
            {"child_1_age": "19"},
            "child_1_age",
            "Leeftijd kind 1: de leeftijd van kind 1 moet tussen 0 en 17 liggen.",
        ),
        (
            {"child_2_childcare": "bso"},
            "child_2_age",
            "Leeftijd kind 2: vul de leeftijd van kind 2 in.",
        ),
        ({"child_3_age": "2,5"}, "child_3_age", "Leeftijd kind 3: vul een heel getal in."),
        (
            {"child_1_age": "3", "child_1_hours_per_day": "25"},
            "child_1_hours_per_day",
            "Uren opvang per werkdag, kind 1: uren opvang per dag voor kind 1 moet tussen 0 en "
            "24 liggen.",
        ),
        (
            {"child_1_age": "3", "child_1_price_per_hour": "51"},
            "child_1_price_per_hour",
            "Uurprijs opvang, kind 1 (€): de uurprijs voor kind 1 moet tussen € 0 en € 50 liggen.",
        ),
        (
            {"childcare_days_covered": "6"},
            "childcare_days_covered",
            "Werkdagen per week zonder betaalde opvang: het aantal dagen zonder betaalde opvang "
            "moet tussen 0 en 5 liggen.",
        ),
        (
            {"housing": "huur", "rent": "6000"},
            "rent",
            "Kale huur per maand (€): de kale huur per maand moet tussen € 0 en € 5.000 liggen.",
        ),
        (
            {"rent": "700"},
            "rent",
            "Kale huur per maand (€): vul alleen een huur in bij woonsituatie huur.",
        ),
        (
            {"assets": "-5"},
            "assets",
            "Spaargeld en beleggingen van het huishouden (€): het vermogen kan niet negatief zijn.",
        ),
        (
            {"bonus_amount": "200000"},
            "bonus_amount",
            "Bonus per jaar, bruto (€): het bonusbedrag moet tussen € 0 en € 100.000 liggen.",
        ),
        (
            {"bonus_percentage": "150"},
            "bonus_percentage",
            "Bonuspercentage (%): het bonuspercentage moet tussen 0 en 100 liggen.",
        ),
        (
            {"bonus_threshold_fte": "2"},
            "bonus_threshold_fte",
            "Bonus vanaf (fte): de drempel moet tussen 0 en 1,2 fte liggen.",
        ),
        (
            {"fte_to": "0"},
            "fte_to",
            "Deeltijdfactor straks (fte): vul een deeltijdfactor in tussen 0,05 en 1,2.",
        ),
        (
            {"fte": "9" * 40},
            "fte",
            "Deeltijdfactor nu (fte): '99999999999999999999999999999999…' is te lang of te groot "
            "voor dit veld.",
        ),
    ],
)
def test_each_core_error_reads_as_before_in_dutch(client, params, field, message):
    response = client.get(f"{JSON}?{urlencode({**BASE, **params})}")
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]


@pytest.mark.parametrize(
    ("error", "dutch"),
    [
        (FieldError("sector", "invalid_choice", {"options": ("po", "vo")}), "kies po of vo."),
        (
            FieldError("scale", "invalid_choice", {"options": ("LB", "LC", "LD", "LE")}),
            "kies LB, LC, LD of LE.",
        ),
        (
            FieldError(
                "child_4_childcare",
                "invalid_choice",
                {"n": 4, "options": ("geen", "dagopvang", "bso", "gastouder")},
            ),
            "kies geen, dagopvang, bso of gastouder voor kind 4.",
        ),
        (FieldError("partner", "not_yes_no"), "kies ja of nee."),
        (FieldError("favourite", "unknown_field"), "onbekend veld."),
        (FieldError("children", "too_many", {"max": 4}), "maximaal 4 kinderen."),
        (
            FieldError("scale", "no_salary_data", {"sector": "vo", "scale": "LE"}),
            "voor schaal LE (vo) zijn geen salarisgegevens; vul het voltijds maandsalaris in.",
        ),
        (
            FieldError(
                "step",
                "no_salary_data",
                {"sector": "po", "scale": "LB", "step": 5, "steps": (1, 12)},
            ),
            "voor schaal LB trede 5 zijn geen salarisgegevens (alleen trede 1, 12); vul het "
            "voltijds maandsalaris in.",
        ),
        (
            FieldError("step", "out_of_range", {"min": D(1), "max": D(12)}),
            "de trede moet tussen 1 en 12 liggen.",
        ),
        (
            FieldError(
                "monthly_salary_fulltime", "ambiguous", {"text": "4,800", "suggestion": "4.800"}
            ),
            "'4,800' is op twee manieren te lezen. Bedoel je 4.800? Zet een punt tussen de "
            "duizendtallen en alleen een komma voor de centen, bijvoorbeeld 4.800,50.",
        ),
        # a field without a sentence of its own gets the code's general one
        (
            FieldError("days_per_week", "out_of_range", {"min": D("0.5"), "max": D(5)}),
            "de waarde moet tussen 0,5 en 5 liggen.",
        ),
        (FieldError("days_per_week", "some_new_code"), "deze waarde is niet geldig."),
        # a sentence never fails on a parameter the core left out
        (
            FieldError("fte", "out_of_range", {"min": FTE_MIN}),
            "vul een deeltijdfactor in tussen 0,05 en ….",
        ),
    ],
)
def test_the_sentence_for_each_code(error, dutch):
    with translation.override("nl"):
        assert core_errors.message(error) == dutch
    with translation.override("en"):
        assert core_errors.message(
            FieldError("fte", "out_of_range", {"min": FTE_MIN, "max": FTE_MAX})
        ) == ("enter a part-time factor between 0,05 and 1,2.")
