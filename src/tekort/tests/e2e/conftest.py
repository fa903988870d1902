"""Browser tests: Debian's Chromium driven by Playwright (no browser download), checked with axe-core.

Run with `pytest -m e2e` (a separate run: these tests flush their database after each test).
"""

import os
import shutil
import sqlite3

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


@pytest.fixture(scope="session")
def saved_worlds():
    """Copies of the SQLite test database by name, each with what ``built_once`` returned."""
    saved: dict[str, tuple[sqlite3.Connection, object]] = {}
    yield saved
    for copy, _value in saved.values():
        copy.close()


@pytest.fixture
def built_once(saved_worlds, transactional_db):
    """``built_once(name, build)``: the world ``build()`` writes, built by the first test of this
    worker that asks and restored for later ones (a browser test flushes the database after
    it, so each would build it again). ``build`` returns a primary key or another plain value.

    On SQLite (the browser run's database) the whole database is copied with SQLite's backup
    API after the build and copied back before a later test: the same rows, keys and sequences
    as building it again. On another database it is built every time."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    def restore_or_build(name: str, build):
        if connection.vendor != "sqlite":
            return build()
        connection.ensure_connection()
        if name in saved_worlds:
            copy, value = saved_worlds[name]
            copy.backup(connection.connection)
            # the flush after the previous test made the content types again, with other keys
            ContentType.objects.clear_cache()
            return value
        value = build()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        saved_worlds[name] = (copy, value)
        return value

    return restore_or_build


@pytest.fixture
def small_register(transactional_db, shared_data_dir):
    """Municipalities and the real BO locations (enough for the home page and the search)."""
    from tekort.registry.importers.duo_locations import DuoBoLocations
    from tekort.registry.importers.municipalities import CbsMunicipalities

    CbsMunicipalities(shared_data_dir / CbsMunicipalities.default_path).run()
    DuoBoLocations(shared_data_dir / DuoBoLocations.default_path).run()
