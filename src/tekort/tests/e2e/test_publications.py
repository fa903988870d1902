"""Published figures in Chromium: axe on every public page, the table tool and map by keyboard."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def published(built_once, shared_data_dir):
    """The real primary-school register with boundaries, demo registrations, one release (built
    once per worker, ``built_once``)."""
    from tekort.publications.models import Release

    return Release.objects.get(pk=built_once("published", lambda: _publish(shared_data_dir)))


def _publish(shared_data_dir) -> int:
    """Import the register, generate the demo rounds, publish the last two; the latest's key."""
    from tekort.estimates.run import run_estimates
    from tekort.publications.publishing import publish
    from tekort.registry.importers.duo_locations import DuoBoLocations, DuoPupilCounts
    from tekort.registry.importers.municipalities import (
        CbsMunicipalities,
        LabourMarketRegions,
        MunicipalityBoundaries,
    )
    from tekort.registry.importers.schoolweging import CbsSchoolweging
    from tekort.submissions import demo
    from tekort.submissions.models import Round

    for importer in (
        CbsMunicipalities,
        LabourMarketRegions,
        MunicipalityBoundaries,
        DuoBoLocations,
        DuoPupilCounts,  # a location without a pupil count has no frame formatie
        CbsSchoolweging,
    ):
        importer(shared_data_dir / importer.default_path).run()
    call_command("import_onderwijsregios", provisional_demo=True, verbosity=0)
    demo.generate(seed=7)
    rounds = list(Round.objects.order_by("-peildatum")[:2])
    # demo rounds: never final
    publish(run_estimates(rounds[1], seed=1, n_bootstrap=10), note="Eerder")
    return publish(run_estimates(rounds[0], seed=1, n_bootstrap=10), note="Voorlopige cijfers").pk


def tab_to(page, condition: str, limit: int = 600):
    """Press Tab until ``condition`` (JS on ``el`` = the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"
        ):
            return
    raise AssertionError(f"never reached by Tab: {condition}")


def test_every_public_page_has_no_wcag_violations(page, live_server, published, axe_violations):
    release = published
    peildatum = release.round.peildatum.isoformat()
    pages = [
        "/cijfers/",
        f"/cijfers/{release.slug}/",
        "/publicaties/",
        f"/publicaties/{peildatum}/",
        f"/publicaties/{peildatum}/wijzigingen",
        "/tabellen/",
        "/tabellen/?breakdown=sector%3Ag5&sector=bao&measure=verborgen",
        "/tabellen/?breakdown=municipality_code&q=rotter&method=model",
        "/tabellen/?breakdown=planets",  # the error state
        "/tabellen/?function=schoolleider&breakdown=onderwijsregio",
        "/tabellen/?function=schoolleider&breakdown=municipality_code",  # not published: error
        "/kaart/",
        "/kaart/?level=onderwijsregio&measure=verborgen",
        "/kaart/?level=labour_market_region",
        "/tekortvakken/",
        "/methodologie/",
        "/methodologie/disclosure-control",
        "/methodologie/forecast",
        "/methodologie/school-leaders",
        "/begrippen/",
        "/toegankelijkheid/",
    ]
    found = {}
    for url in pages:
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        if violations := axe_violations(page):
            found[url] = violations
    # a permalink made from the filtered table
    page.goto(live_server.url + "/tabellen/?breakdown=sector%3Ag5&sector=bao")
    page.get_by_role("button", name="Maak een permalink").click()
    expect(page.locator("h1")).to_contain_text("leraren naar sector × g5")
    if violations := axe_violations(page):
        found["permalink"] = violations
    assert found == {}


def test_the_table_tool_and_the_map_work_by_keyboard_alone(page, live_server, published):
    page.goto(live_server.url + "/tabellen/")
    tab_to(page, "el.id === 'id_breakdown'")
    page.keyboard.type("Sector × G5")
    tab_to(page, "el.id === 'id_sector'")
    page.keyboard.type("bao")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Toon tabel')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_have_text("2 rijen.")
    expect(page.locator("table.cells caption")).to_contain_text("bao (basisonderwijs)")
    rows = page.locator("table.cells tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("th")).to_have_text("bao (basisonderwijs), G5")
    tab_to(page, "el.textContent.includes('Maak een permalink')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tabellen/permalink/[0-9a-f-]{36}$"))
    expect(page.locator("table.cells tbody tr")).to_have_count(2)

    page.goto(live_server.url + "/kaart/")
    # the skip link passes the map; the first area is reachable and named with its value
    tab_to(page, "el.classList && el.classList.contains('skip-map')")
    tab_to(page, "el.getAttribute('class') === 'area'")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert ":" in name and ("%" in name or "geen waarde" in name)
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    row = page.locator(target)
    expect(row).to_be_visible()
    label = name.split(":")[0]
    expect(row.locator("th")).to_have_text(label)
    # a suppressed area is named as such, not with a value
    hatched = page.locator("a.area:has(path[fill='url(#hatch)'])").first
    assert "[c]" in hatched.get_attribute("aria-label")
