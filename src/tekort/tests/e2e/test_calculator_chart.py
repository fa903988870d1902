"""One chart (issue 19 item 5) in Chromium: changing an input refreshes the server-drawn chart
and its table in place, focus stays in the field, the new result is announced, axe-clean."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tekort.tests.e2e.test_calculator import fill_by_keyboard

pytestmark = pytest.mark.e2e

QUERY = {"fte": "0,6", "fte_to": "0,8", "year": "2026", "monthly_salary_fulltime": "5000"}
SALARY = "Voltijds brutomaandsalaris (€)"


def household_line(page):
    return page.locator("#curve-grafiek .series.solid polyline").get_attribute("points")


def table_row(page, fte):
    return page.locator("#curve-tabel tbody tr", has=page.locator(f"th:text-is('{fte}')"))


def test_changing_an_input_redraws_chart_and_table_from_the_server(
    page, live_server, transactional_db, axe_violations
):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/meeruren/?{urlencode(QUERY)}#resultaat")
    expect(page.locator("#curve-grafiek")).to_be_visible()
    line_before = household_line(page)
    page.locator("summary", has_text="Tabel bij de grafiek").click()
    row_before = table_row(page, "1").inner_text()
    gross_before = table_row(page, "1").locator("td").first.inner_text()
    assert axe_violations(page) == []

    fill_by_keyboard(page, SALARY, "6000")
    expect(page.locator("#resultaat")).to_have_attribute("data-live", "1")
    expect(page.locator("#curve-grafiek .series.solid polyline")).not_to_have_attribute(
        "points", line_before
    )
    expect(table_row(page, "1")).not_to_have_text(row_before)
    expect(table_row(page, "1").locator("td").first).not_to_have_text(gross_before)
    expect(page.get_by_label(SALARY, exact=True)).to_be_focused()
    expect(page.locator("#resultaat-status")).to_have_text(
        page.locator("#samenvatting p").first.inner_text()
    )
    assert re.search(r"monthly_salary_fulltime=6000", page.url)
    assert any("/meeruren/resultaat/?" in u for u in requests)
    assert not any(".json" in u for u in requests)
    assert axe_violations(page) == []

    # a mistake: the server's Dutch error summary takes the result's place
    fill_by_keyboard(page, "Deeltijdfactor straks (fte)", "3")
    expect(page.locator("#resultaat .error-summary")).to_contain_text(
        "Deeltijdfactor straks (fte): vul een deeltijdfactor in tussen 0,05 en 1,2."
    )
    expect(page.locator("#curve-grafiek")).to_have_count(0)
    expect(page.get_by_label("Deeltijdfactor straks (fte)", exact=True)).to_be_focused()
    assert axe_violations(page) == []
    fill_by_keyboard(page, "Deeltijdfactor straks (fte)", "1")
    expect(page.locator("#kerncijfers thead")).to_contain_text("Straks (1 fte)")
    expect(page.locator("#curve-grafiek")).to_be_visible()
