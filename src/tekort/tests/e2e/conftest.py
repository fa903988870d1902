"""Browser tests: Debian's Chromium driven by Playwright (no browser download), checked with axe-core.

Run with `pytest -m e2e` (a separate run: these tests flush their database after each test).
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TEKORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # A fresh live server's first page (templates compiled, catalogues and shapes loaded) can
    # take several seconds on a busy 2-core CI machine; a navigation may take longer than an
    # action on a loaded page.
    page.set_default_navigation_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def axe_violations():
    """A function returning the WCAG 2.1 A/AA violations of the page, as readable strings."""
    axe = Axe()

    def check(page):
        results = axe.run(page, options=WCAG_21_AA)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]

    return check


@pytest.fixture
def small_register(transactional_db, shared_data_dir):
    """Municipalities and the real BO locations (enough for the home page and the search)."""
    from tekort.registry.importers.duo_locations import DuoBoLocations
    from tekort.registry.importers.municipalities import CbsMunicipalities

    CbsMunicipalities(shared_data_dir / CbsMunicipalities.default_path).run()
    DuoBoLocations(shared_data_dir / DuoBoLocations.default_path).run()
