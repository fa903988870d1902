"""Due dates in Chromium: the overdue page (choose the day by keyboard), an overdue item, the
announcements and the annex choice; axe finds no WCAG 2.1 A/AA violations on any of them."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def policy_register(transactional_db, shared_data_dir):
    from tekort.monitor.importer import PolicyImporter

    PolicyImporter(shared_data_dir / "policy").run()


def test_overdue_page_item_announcements_and_annex_choice(
    page, live_server, policy_register, axe_violations
):
    page.goto(live_server.url + "/beleid/")
    page.get_by_role("link", name="Te laat", exact=True).click()
    expect(page.locator("h1")).to_have_text("Moties en toezeggingen die te laat zijn")
    date = page.get_by_role("textbox", name="Te laat op")
    date.focus()
    date.fill("2026-12-06")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Op 6 december 2026 zijn 18 moties en toezeggingen te laat."
    )
    expect(page.locator("table.items").first.locator("tbody tr")).to_have_count(18)
    assert axe_violations(page) == []

    link = page.get_by_role("link", name="Toezegging: meerurenbonus")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Toezegging: meerurenbonus")
    expect(page.locator("dl.facts")).to_contain_text("uiterlijk 30 november 2024")
    expect(page.locator("dl.facts")).to_contain_text("te laat")
    expect(page.locator("ol.timeline")).to_contain_text("oordeel van de samensteller")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Aankondigingen", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("9 aankondigingen.")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Bijlage", exact=True).click()
    options = page.get_by_label("Brief").locator("option")
    expect(options.nth(1)).to_contain_text("december 2022 – Bijlage 1")
    expect(options.nth(2)).to_contain_text("juni 2023 – Bijlage 1")
    assert axe_violations(page) == []
