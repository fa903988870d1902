"""The meerurencalculator in Chromium: keyboard only, a preset, the result and its table
alternative, axe-clean (WCAG 2.1 A/AA) — with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def fill_by_keyboard(page, label, text):
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def axe_on_the_no_js_page(browser, nojs_page, axe_violations):
    """axe-core cannot run where JavaScript is off (its evaluation waits on timers that never
    fire), so the DOM the JS-less page shows is served again, at the same URL, to a page whose
    own scripts are all blocked, and checked there."""
    html, url = nojs_page.content(), nojs_page.url.split("#")[0]
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
        page.route(
            lambda u: u == url,
            lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
        )
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "nl"
        return axe_violations(page)
    finally:
        context.close()


def open_table_alternative(page):
    summary = page.locator("summary", has_text="Tabel bij de grafiek")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#curve-tabel")).to_be_visible()
    expect(page.locator("#curve-tabel tbody tr")).to_have_count(21)


def test_calculator_by_keyboard_with_live_update(
    page, live_server, transactional_db, axe_violations
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/meeruren/")
    expect(page.locator("h1")).to_have_text("Meerurencalculator")
    assert axe_violations(page) == []

    # a common situation, one click (here: one Enter) away
    page.get_by_role("link", name="Alleenstaande huurder", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Kale huur per maand (€)")).to_have_value("800")
    summary = page.locator("#samenvatting")
    expect(summary).to_contain_text("het huishouden houdt")
    expect(page.locator("#componenten")).to_contain_text("Huurtoeslag")
    expect(page.locator("#niet-geverifieerd")).to_contain_text("niet geverifieerd")
    before = summary.inner_text()
    assert axe_violations(page) == []

    # change an input: the script recalculates from the JSON endpoint and updates the address
    fill_by_keyboard(page, "Deeltijdfactor straks (fte)", "0,8")
    expect(page.locator("#resultaat")).to_have_attribute("data-live", "1")
    expect(summary).not_to_have_text(before)
    expect(page.locator("#kerncijfers thead")).to_contain_text("Nu (0,6 fte)")
    assert re.search(r"fte_to=0%2C8", page.url)

    # submit with Enter: the server renders the same answer
    live = summary.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#kerncijfers thead")).to_contain_text("Straks (0,8 fte)")
    assert page.locator("#samenvatting").inner_text() == live
    open_table_alternative(page)
    assert axe_violations(page) == []
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_calculator_works_without_javascript(
    browser, live_server, transactional_db, axe_violations
):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/meeruren/")
        assert axe_on_the_no_js_page(browser, page, axe_violations) == []
        page.get_by_role("link", name="Alleenstaande ouder met kind in de opvang").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#samenvatting")).to_contain_text("het huishouden houdt")
        expect(page.locator("#componenten")).to_contain_text("Kinderopvangtoeslag")

        # a mistake: the error is announced, linked to the field, and the link moves focus there
        fill_by_keyboard(page, "Deeltijdfactor straks (fte)", "3")
        page.wait_for_timeout(600)  # longer than the script's debounce: nothing may happen
        assert page.locator("#resultaat").get_attribute("data-live") is None
        page.keyboard.press("Enter")
        error_link = page.locator(".error-summary a", has_text="Deeltijdfactor straks (fte)")
        expect(error_link).to_be_visible()
        field = page.get_by_label("Deeltijdfactor straks (fte)")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile("tussen 0,05 en 1,2"))
        assert axe_on_the_no_js_page(browser, page, axe_violations) == []
        error_link.focus()
        page.keyboard.press("Enter")
        expect(field).to_be_focused()

        page.keyboard.press("Control+A")
        page.keyboard.type("1")
        page.keyboard.press("Enter")
        expect(page.locator("#kerncijfers thead")).to_contain_text("Straks (1 fte)")
        open_table_alternative(page)
        assert axe_on_the_no_js_page(browser, page, axe_violations) == []

        page.goto(live_server.url + "/meeruren/voorbeeld/")
        expect(page.locator("#voorbeeld-samenvatting")).to_contain_text("uit de Kamerbrief")
        assert axe_on_the_no_js_page(browser, page, axe_violations) == []

        page.goto(live_server.url + "/meeruren/beleid/")
        expect(page.locator("#verdeling")).to_contain_text("36 huishoudens")
        page.locator("summary", has_text="Tabel bij de grafiek").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#beleid-tabel tbody tr")).to_have_count(36)
        assert axe_on_the_no_js_page(browser, page, axe_violations) == []
    finally:
        context.close()
