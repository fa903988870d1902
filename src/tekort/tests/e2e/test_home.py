"""The home page in Chromium: it leads with the shortage, passes axe, and the search works by keyboard."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_is_accessible_and_searchable(page, live_server, small_register, axe_violations):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Hoe groot is het lerarentekort?")
    expect(page.locator("main")).to_contain_text("Er zijn nog geen cijfers gepubliceerd.")
    assert axe_violations(page) == []

    page.get_by_label("School, BRIN-code, plaats, gemeente of regio").fill("Verwondering")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("gevonden")
    link = page.get_by_role("link", name="BBS de Verwondering")
    expect(link).to_be_visible()
    assert axe_violations(page) == []

    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("BBS de Verwondering")
    expect(page.locator("dl.facts")).to_contain_text("32JK00")


def test_skip_link_is_the_first_tab_stop(page, live_server, small_register):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Direct naar de inhoud"
