"""The policy monitor's indicators in Chromium: from the list to an indicator's page and on to an
item that concerns it, by keyboard; with nothing published the pages say so; axe finds no WCAG
2.1 A/AA violations."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def policy_register(transactional_db, shared_data_dir):
    from tekort.monitor.importer import PolicyImporter

    PolicyImporter(shared_data_dir / "policy").run()


def test_from_an_indicator_to_the_items_that_concern_it(
    page, live_server, policy_register, axe_violations
):
    page.goto(live_server.url + "/beleid/indicatoren/")
    expect(page.get_by_role("note").filter(has_text="nog niets")).to_have_text(
        "tekort heeft nog niets gepubliceerd: de indicatoren die tekort zelf meet hebben geen "
        "waarde."
    )
    assert axe_violations(page) == []

    link = page.get_by_role("link", name="Respons op de uitvraag", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Respons op de uitvraag")
    expect(
        page.get_by_text("tekort heeft nog niets gepubliceerd, dus deze indicator")
    ).to_be_visible()
    items = page.get_by_role("region", name="Moties en toezeggingen die erover gaan")
    expect(items.get_by_role("listitem")).to_have_count(2)
    assert axe_violations(page) == []

    items.get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(
        "Uitbreiding registratie tekorten in antwoord op motie Kwint c.s."
    )
    published = page.get_by_role("region", name="Wat tekort zelf hierover publiceerde")
    expect(published.locator("tbody tr")).to_have_count(2)
    expect(published).to_contain_text("nog geen waarde: tekort meet dit zelf")
    assert axe_violations(page) == []
