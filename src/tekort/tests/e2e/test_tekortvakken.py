"""Tekortvakken in Chromium: axe on the pages with subject cells, and a subject chosen by keyboard.

The browser tests' demo release is of the primary-school register (no vo, so no subject cells):
here two releases get subject cells made as in ``publications/tests/test_tekortvakken.py``.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

REGIONS = ["Onderwijsregio Noord", "Onderwijsregio West", "Onderwijsregio Zuid"]
SUBJECTS = [("NE", "Nederlands"), ("WI", "Wiskunde"), ("EN", "Engels"), ("DU", "Duits")]
SUBJECTS += [("FA", "Frans"), ("NA", "Natuurkunde")]


@pytest.fixture
def subject_releases(transactional_db):
    from datetime import date

    from tekort.publications.publishing import publish
    from tekort.publications.tests import test_tekortvakken as made
    from tekort.registry.models import VoSubject

    # a flushed database has lost the subjects its migration loaded
    for position, (code, name) in enumerate(SUBJECTS):
        VoSubject.objects.get_or_create(
            code=code,
            defaults={"name": name, "position": position, "valid_from": date(2023, 10, 1)},
        )
    publish(made._run(made.EARLIER, made.EARLIER_RATES, REGIONS, withheld=False))
    return publish(made._run(made.LATER, made.LATER_RATES, REGIONS))


def test_the_tekortvakken_pages_have_no_wcag_violations(
    page, live_server, subject_releases, axe_violations
):
    found = {}
    for url in (
        "/tekortvakken/",
        "/tekortvakken/?vak=XX",
        "/tekortvakken/WI/",
        "/tekortvakken/FA/",
    ):
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}


def test_a_subject_is_chosen_by_keyboard(page, live_server, subject_releases):
    page.goto(live_server.url + "/tekortvakken/")
    expect(page.locator("#regio")).to_have_text("Wiskunde naar onderwijsregio")
    field = page.get_by_label("Vak op de kaart en in de tabel")
    field.focus()
    field.select_option("NE")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toon vak")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#regio")).to_have_text("Nederlands naar onderwijsregio")
    row = page.locator("#regiotabel tbody tr").filter(has_text=REGIONS[0])
    expect(row).to_contain_text("[c]")  # the first region's cell is suppressed
