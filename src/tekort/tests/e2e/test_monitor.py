"""The policy monitor in Chromium: filter, search, open an item, follow its timeline; axe finds
no WCAG 2.1 A/AA violations on any page visited."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def policy_register(transactional_db, shared_data_dir):
    from tekort.monitor.importer import PolicyImporter

    PolicyImporter(shared_data_dir / "policy").run()


def test_filter_search_open_an_item_and_follow_its_timeline(
    page, live_server, policy_register, axe_violations
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Moties en toezeggingen").first.click()
    expect(page.locator("h1")).to_have_text("Moties en toezeggingen")
    expect(page.get_by_role("status")).to_have_text("71 items gevonden.")
    assert axe_violations(page) == []

    page.get_by_label("Soort").select_option(label="toezegging")
    page.get_by_label("Thema").select_option(label="lerarenopleidingen")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("status")).to_have_text("3 items gevonden.")
    expect(page.get_by_role("link", name="Toezegging Pabo instroomnorm")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Filters wissen").click()
    page.get_by_label("Zoeken").fill("stille reserve")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("gevonden")
    link = page.get_by_role("link", name="Motie over een actieplan om de stille reserve")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("stille reserve")
    expect(page.locator("blockquote").first).to_contain_text("De Tweede Kamer")
    expect(page.get_by_role("heading", name="Kanttekeningen bij de bronnen")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(live_server.url + "/beleid/moties/tz-202206-077/")
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text("december 2022")
    expect(timeline.nth(1)).to_contain_text("26 juni 2024")
    assert axe_violations(page) == []
    timeline.nth(1).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Werken in het onderwijs")
    assert axe_violations(page) == []

    page.get_by_role("link", name="De bijlage 'stand van zaken' van deze brief").click()
    expect(page.locator("h1")).to_have_text("Bijlage – stand van zaken moties en toezeggingen")
    expect(page.locator("table.annex-table tbody tr")).to_have_count(17)
    assert axe_violations(page) == []


def test_studies_and_indicators_are_accessible(page, live_server, policy_register, axe_violations):
    page.goto(live_server.url + "/beleid/onderzoeken/")
    expect(page.locator("table tbody tr")).to_have_count(63)
    assert axe_violations(page) == []
    page.goto(live_server.url + "/beleid/indicatoren/")
    expect(page.get_by_text("geen interval bekend").first).to_be_visible()
    assert axe_violations(page) == []
