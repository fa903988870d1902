"""A clear Dutch sentence for working more, less or the same (issue 19)."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE = {"fte": "1", "year": "2026", "monthly_salary_fulltime": "5000"}


def summary(client, fte_to):
    html = client.get(f"{reverse('calculator:calculator')}?{urlencode({**BASE, 'fte_to': fte_to})}")
    html = html.content.decode()
    return html.split('id="samenvatting"', 1)[1].split("</div>", 1)[0]


def explanation(client, fte_to):
    url = f"{reverse('calculator:calculation-json')}?{urlencode({**BASE, 'fte_to': fte_to})}"
    return client.get(url).json()["comparison"]["explanation"].splitlines()


def test_working_less_says_down_and_what_is_lost(client):
    lines = explanation(client, "0,6")
    assert lines[0] == (
        "Bruto gaat het loon € 28.096,04 per jaar omlaag; het huishouden gaat er netto "
        "€ 13.463,63 per jaar op achteruit (€ 1.121,97 per maand)."
    )
    assert (
        lines[1] == "Dat is € 20,29 netto per uur dat je minder werkt (663,6 uur per jaar minder)."
    )
    assert "van het bruto dat je minder verdient" in lines[2]
    html = summary(client, "0,6")
    assert "omhoog" not in html and "-€" not in html
    assert "Van het brutoloon dat je inlevert, gaat 47,9% van het netto inkomen" in html


def test_working_the_same_says_nothing_changes_without_empty_percentages(client):
    assert explanation(client, "1") == [
        "Het brutoloon en het netto inkomen van het huishouden blijven gelijk."
    ]
    html = summary(client, "1")
    assert "Je brutoloon verandert niet: er is geen deel dat je overhoudt of inlevert" in html
    assert "Je houdt  van" not in html and "druk is ." not in html  # no empty percentages


def test_working_more_keeps_the_sentence_it_had(client):
    lines = explanation(client, "1,2")
    assert lines[0] == (
        "Bruto gaat het loon € 14.048,02 per jaar omhoog; het huishouden houdt € 6.505,08 per "
        "jaar over (€ 542,09 per maand)."
    )
    assert lines[1] == "Dat is € 19,61 netto per extra gewerkt uur (331,8 uur per jaar)."
    assert "Je houdt 46,3% van het extra brutoloon over" in summary(client, "1,2")
