"""The raming's levers read numbers the Dutch way (issue 16): "0,1" is 0.1, never 1 or 01."""

from decimal import Decimal
from urllib.parse import parse_qs, urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from tekort.forecasts.decimal_field import DutchDecimalField, dutch_text

PAGE = reverse("forecasts:scenario")


def _error(field, text) -> str:
    with translation.override("nl"):
        try:
            field.clean(text)
        except Exception as error:  # noqa: BLE001 - the ValidationError's Dutch message
            return " ".join(str(m) for m in error.messages)
    raise AssertionError(f"{text!r} was accepted")


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("decimal", "0,1", Decimal("0.1")),
        ("decimal", "0.1", Decimal("0.1")),
        ("decimal", " -0,25 ", Decimal("-0.25")),
        ("decimal", "0", Decimal("0")),
        ("decimal", "10", Decimal("10")),
        ("amount", "1.000.000", Decimal("1000000")),
        ("amount", "2500,50", Decimal("2500.50")),
        ("integer", "1.000", 1000),
        ("integer", "40", 40),
    ],
)
def test_dutch_numbers_are_read_as_meant(kind, text, value):
    assert DutchDecimalField(kind=kind).clean(text) == value


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("decimal", "01", "„01” begint met een nul: bedoelt u 0,1? Gebruik een decimale komma."),
        ("decimal", "-05", "„-05” begint met een nul: bedoelt u -0,5? Gebruik een decimale komma."),
        (
            "decimal",
            "0.1.1",
            "Vul een getal in, zo nodig met een decimale komma (bijvoorbeeld 0,1).",
        ),
        ("decimal", "1e3", "Vul een getal in, zo nodig met een decimale komma (bijvoorbeeld 0,1)."),
        ("integer", "3,5", "Vul een geheel getal in (zonder decimalen)."),
        (
            "amount",
            "4,800",
            "„4,800” is op twee manieren te lezen; schrijf 4.800 of gebruik een komma.",
        ),
    ],
)
def test_what_cannot_be_read_for_certain_gets_a_dutch_message(kind, text, message):
    assert _error(DutchDecimalField(kind=kind), text) == message


def test_range_is_said_with_a_decimal_comma():
    field = DutchDecimalField(min_value=-0.5, max_value=1.0)
    assert _error(field, "1,5") == "Vul een getal in van ten hoogste 1."
    assert _error(field, "-0,75") == "Vul een getal in van ten minste -0,5."
    assert dutch_text(0.2) == "0,2" and dutch_text(30) == "30" and dutch_text(1e10) == "10000000000"


def test_a_dutch_lever_value_runs_as_typed(client, demo_round):
    """+10 % pabo intake typed "0,1" runs as 0.1 (it once ran as 01 = +100 %)."""
    region = demo_round.region.name
    query = {"region": region, "sector": "bao", "pabo_intake_change": "0,1"}
    response = client.get(f"{PAGE}?{urlencode(query)}")
    assert response.status_code == 302  # to the canonical URL, with a decimal point
    canonical = parse_qs(response["Location"].split("?", 1)[1])
    assert canonical["pabo_intake_change"] == ["0.1"]
    page = client.get(response["Location"]).content.decode()
    assert 'name="pabo_intake_change"' in page and 'type="number"' not in page
    assert 'type="text" inputmode="decimal" autocomplete="off" name="pabo_intake_change"' in page
    assert "neutrale waarde 0,2." in page  # more_hours_fte's default, with a decimal comma


def test_a_lost_comma_is_refused_in_dutch_on_the_page(client, demo_round):
    query = {"region": demo_round.region.name, "sector": "bao", "pabo_intake_change": "01"}
    response = client.get(f"{PAGE}?{urlencode(query)}")
    assert response.status_code == 200  # the form again, with the field's message
    page = response.content.decode()
    assert "„01” begint met een nul: bedoelt u 0,1? Gebruik een decimale komma." in page
    assert 'aria-invalid="true"' in page
