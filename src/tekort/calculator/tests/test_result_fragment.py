"""One chart (issue 19 item 5): the result, its chart and the chart's table are drawn only on
the server. ``resultaat/`` answers a query with the page's own result section, which
calculator.js swaps in; the script draws nothing."""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client

from tekort.calculator.tests.page_requests import BASE, PAGE, RESULT
from tekort.calculator.tests.test_pages import COUPLE

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "calculator" / "calculator.js"
QUERIES = [
    COUPLE,
    BASE,
    {**BASE, "fte_to": "0,4"},  # less: another sentence, a marker left of "nu"
    {**BASE, "fte_to": "0,6"},  # the same
    {**BASE, "bonus_kind": "vast", "bonus_amount": "1200", "bonus_threshold_fte": "0,8"},
]


def get(client, url, params=None):
    return client.get(url + ("?" + urlencode(params) if params is not None else ""))


@pytest.mark.parametrize("params", QUERIES)
def test_the_fragment_is_the_pages_result_section(client, params):
    page = get(client, PAGE, params).content.decode()
    response = get(client, RESULT, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    fragment = response.content.decode().strip()
    assert fragment.startswith('<section id="resultaat" class="results"')
    assert fragment.endswith("</section>")
    start = page.index('<section id="resultaat"')
    assert page[start : start + len(fragment)] == fragment
    # the fragment holds the chart and its table alternative
    assert '<svg id="curve-grafiek"' in fragment and "<polyline points=" in fragment
    assert len(re.findall(r"<tr><th scope=\"row\">", fragment.split('id="curve-tabel"')[1])) == 21
    assert "<html" not in fragment and "<form" not in fragment


def test_the_fragment_changes_with_the_inputs(client):
    before = get(client, RESULT, BASE).content.decode()
    after = get(client, RESULT, {**BASE, "fte_to": "1"}).content.decode()
    line = re.compile(r'<line class="marker" x1="([\d.]+)"')
    assert line.findall(before)[1] != line.findall(after)[1]  # the "straks" marker moved
    assert "Straks (0,8 fte)" in before and "Straks (1 fte)" in after


def test_an_invalid_query_is_a_400_with_the_pages_dutch_error_summary(client):
    params = {**BASE, "fte_to": "3", "rent": "100"}
    response = get(client, RESULT, params)
    assert response.status_code == 400
    fragment = response.content.decode()
    assert fragment.strip().startswith('<section id="resultaat" class="results"')
    assert 'class="error-summary" role="alert"' in fragment
    assert (
        '<a href="#id_fte_to">Deeltijdfactor straks (fte): vul een deeltijdfactor in tussen '
        "0,05 en 1,2.</a>"
    ) in fragment
    assert (
        '<a href="#id_rent">Kale huur per maand (€): vul alleen een huur in bij woonsituatie huur.</a>'
        in fragment
    )
    assert 'id="curve-grafiek"' not in fragment
    page = get(client, PAGE, params).content.decode()
    for message in re.findall(r'<li><a href="#id_\w+">[^<]+</a></li>', fragment):
        assert message in page


def test_without_a_query_the_fragment_asks_for_the_form(client):
    response = client.get(RESULT)
    assert response.status_code == 400
    assert "<li>Vul het formulier in om een resultaat te zien.</li>" in response.content.decode()


def test_the_fragment_follows_the_pages_privacy_rules(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = get(client, RESULT, COUPLE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_the_script_draws_nothing_and_asks_the_server():
    script = SCRIPT.read_text()
    for drawing in ("polyline", "createElementNS", "svg", "niceStep", "toLocaleString", ".json"):
        assert drawing not in script, drawing
    assert 'getAttribute("data-result-url")' in script
    page = Client().get(PAGE, BASE).content.decode()
    assert f'data-result-url="{RESULT}"' in page
    assert (
        '<p id="resultaat-status" class="visually-hidden" role="status" aria-live="polite"></p>'
        in page
    )
