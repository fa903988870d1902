"""Every page on a phone and on a laptop (issue 16): Chromium at 390×844 and 1366×900.

The pages are derived from the URLconf as the authorisation matrix does
(``tekort.tests.test_authz_matrix.url_patterns``): every public pattern, and for each signed-in
role (school, board, region, analyst: the ministry's role) every pattern it may open, with
the URL kwargs of the matrix (the published release's slug and peildatum instead of the
matrix's empty release). A Django test client asks each URL first; the browser visits those
that answer 200 with HTML (downloads, JSON and redirects are not screens). A few query strings
that draw the widest tables and the calculator's result are added (``EXTRA_PUBLIC``).

On each page the test fails when
- the document is wider than the viewport (the widest elements are named),
- after opening the menu (the "Menu" button on a phone) a menu or account item is not visible
  and inside the viewport, or the button does not report ``aria-expanded="true"``,
- an SVG chart draws text smaller than 12 px on the phone,
- axe-core reports a WCAG 2.1 A/AA violation (with the menu open on the phone).

One browser, one context and page per viewport; the role's session cookie is swapped. The page
counts are printed (``-s``). ``TEKORT_SCREENSHOTS=<dir>`` also saves the phone screenshots of
the home page, /cijfers/ and /meeruren/ (docs/screenshots/).
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tekort.accounts.role_matrix import build_world, make_role_users
from tekort.accounts.testing import sign_in
from tekort.tests.e2e.conftest import WCAG_21_AA
from tekort.tests.e2e.test_publications import published  # noqa: F401 (a fixture)
from tekort.tests.test_authz_matrix import kwarg_resolvers, url_for, url_patterns

pytestmark = pytest.mark.e2e

VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 900)}
ROLES = ["school", "board", "region", "analyst"]
EXTRA_PUBLIC = [
    "/tabellen/?breakdown=municipality_code&method=model",
    "/tabellen/?breakdown=sector%3Ag5&sector=bao",
    "/kaart/?level=municipality_code",
]
MIN_CHART_TEXT_PX = 12
# WCAG 2.1 A/AA rules; only the violations are sent back (the passes are most of the time).
AXE_OPTIONS = {**WCAG_21_AA, "resultTypes": ["violations"]}
# Rows of a long table and areas of a map after the first 30 repeat the markup of those before
# them; axe skips them (a 400-row table takes it 10-30 s). The width check covers them all.
AXE_CONTEXT = {
    "exclude": [["main table tbody tr:nth-child(n+31)"], ["main svg a.area:nth-of-type(n+31)"]]
}
SCREENSHOTS = {"home": "/", "cijfers": "/cijfers/", "meeruren": "/meeruren/"}

# What the browser measures on a page, in one evaluation.
MEASURE = """() => {
  const width = window.innerWidth;
  const doc = document.documentElement.scrollWidth;
  const wide = [];
  if (doc > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const parent = el.parentElement.getBoundingClientRect();
      const escapes = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
      if (r.right > width + 1 && r.width > 0 && (escapes || parent.right <= width + 1)) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        wide.push(name + ' ' + Math.round(r.right) + 'px');
      }
    }
  }
  const hidden = [];
  for (const el of document.querySelectorAll('#site-menu a, #site-menu button')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const shown = r.width > 0 && r.height > 0 && style.visibility !== 'hidden' &&
      r.left >= 0 && r.right <= width + 1;
    if (!shown) hidden.push(el.textContent.trim() + ' (x ' + Math.round(r.left) + '-' + Math.round(r.right) + ')');
  }
  let smallest = Infinity;
  for (const text of document.querySelectorAll('main svg text')) {
    const ctm = text.getScreenCTM();
    if (!ctm || !text.getBBox().width) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (size < smallest) smallest = size;
  }
  return {doc, width, wide: wide.slice(-6), hidden, items: document.querySelectorAll('#site-menu a, #site-menu button').length,
          smallestChartText: isFinite(smallest) ? smallest : null};
}"""


def _answers_html(client: Client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def _resolvers(release) -> dict:
    """The matrix's URL kwargs, with the published release in place of its empty one."""
    from tekort.estimates.models import EstimateRun
    from tekort.publications.models import TablePermalink
    from tekort.publications.tables import query_key

    resolvers = kwarg_resolvers()
    query = {"measure": "tekort", "breakdown": "onderwijsregio"}
    permalink = TablePermalink.objects.create(
        query_key=query_key(release, query), release=release, query=query
    )
    run = release.run
    preview = EstimateRun.objects.create(
        round=release.round,
        method_version=run.method_version,
        inputs_fingerprint=run.inputs_fingerprint,
        seed=run.seed + 1,
        n_bootstrap=run.n_bootstrap,
        status="done",
        finished_at=run.finished_at,
    )
    for key in list(resolvers):
        if key.endswith("/slug") and key.startswith(("publications:release", "api:release")):
            resolvers[key] = lambda side: release.slug
        elif key.endswith("/peildatum"):
            resolvers[key] = lambda side: release.round.peildatum
        elif key in ("publications:permalink/pk", "publications:permalink-download/pk"):
            resolvers[key] = lambda side: permalink.pk
        elif key == "publications:preview/pk":
            resolvers[key] = lambda side: preview.pk
    return resolvers


@pytest.fixture
def screens(published):  # noqa: F811
    """The URLs to visit: {None: public, role: signed-in}, and each role's user."""
    release = published
    world = build_world()
    users = make_role_users(world, prefix="scherm")
    resolvers, cache = _resolvers(release), {}
    clients = {None: Client(), **{role: sign_in(Client(), users[role]) for role in ROLES}}
    urls = {None: [], **{role: [] for role in ROLES}}
    started = time.monotonic()
    for pattern in url_patterns():
        access = pattern.access
        if access is None:
            continue
        if access.kind == "public":
            url = url_for(pattern, world.own, users["anonymous"], resolvers, cache)
            if _answers_html(clients[None], url):
                urls[None].append(url)
            continue
        for role in ROLES:
            url = url_for(pattern, world.own, users[role], resolvers, cache)
            if _answers_html(clients[role], url):
                urls[role].append(url)
    calculator = clients[None].get("/meeruren/").content.decode()
    preset = re.search(r'<a href="([^"]+)" data-preset=', calculator).group(1)
    urls[None] += [*EXTRA_PUBLIC, preset.replace("&amp;", "&")]
    if os.environ.get("TEKORT_TIMINGS"):
        print(f"pre-pass {time.monotonic() - started:.1f}s", flush=True)
    return {"urls": urls, "users": users}


def _session_cookie(user, base_url: str) -> dict:
    client = sign_in(Client(), user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def _check(page, viewport: str) -> list[str]:
    """The problems of the page now loaded (empty: none)."""
    problems = []
    button = page.locator(".menu-button")
    if viewport == "phone":
        if not button.is_visible():
            return ["the menu button is not visible on the phone"]
        button.click()
        if button.get_attribute("aria-expanded") != "true":
            problems.append("the menu button does not report aria-expanded=true when open")
    elif button.is_visible():
        problems.append("the menu button is shown on a laptop")
    found = page.evaluate(MEASURE)
    if found["doc"] > found["width"]:
        problems.append(
            f"document {found['doc']} px wide in a {found['width']} px viewport: "
            + ", ".join(found["wide"])
        )
    if found["items"] < 8 or found["hidden"]:
        problems.append(f"menu items not visible ({found['items']} found): {found['hidden']}")
    smallest = found["smallestChartText"]
    if viewport == "phone" and smallest is not None and smallest < MIN_CHART_TEXT_PX - 0.05:
        problems.append(f"chart text drawn at {smallest:.1f} px")
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)", [AXE_CONTEXT, AXE_OPTIONS]
    )
    problems += [
        f"axe {v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in results["violations"]
    ]
    return problems


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_every_page_fits_a_phone_and_a_laptop(browser, live_server, screens, name):
    """One viewport per test, so that two workers walk the phone and the laptop at once."""
    from axe_playwright_python.sync_playwright import Axe

    urls, users = screens["urls"], screens["users"]
    problems: dict[str, list[str]] = {}
    visited: dict[str, int] = {}
    screenshot_dir = os.environ.get("TEKORT_SCREENSHOTS")
    width, height = VIEWPORTS[name]
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": height})
    context.add_init_script(Axe().axe_script)  # axe-core in every page, loaded once
    page = context.new_page()
    page.set_default_timeout(15_000)
    for role, role_urls in urls.items():
        context.clear_cookies()
        if role is not None:
            context.add_cookies([_session_cookie(users[role], live_server.url)])
        for url in role_urls:
            started = time.monotonic()
            page.goto(live_server.url + url)
            loaded = time.monotonic()
            if found := _check(page, name):
                problems[f"{name} {role or 'public'} {url}"] = found
            visited[role or "public"] = visited.get(role or "public", 0) + 1
            if os.environ.get("TEKORT_TIMINGS"):
                print(
                    f"{name} {role} {url} load {loaded - started:.2f}s check {time.monotonic() - loaded:.2f}s",
                    flush=True,
                )
    if screenshot_dir and name == "phone":
        context.clear_cookies()
        for shot, url in SCREENSHOTS.items():
            page.goto(live_server.url + url)
            page.screenshot(path=str(Path(screenshot_dir) / f"{shot}.png"))
    context.close()
    print(f"responsive {name}: {visited} = {sum(visited.values())} pages")
    # sanity: the derived lists hold the pages this issue is about
    assert {"/", "/cijfers/", "/meeruren/", "/tabellen/", "/kaart/"} <= set(urls[None])
    areas = (
        "/gemeenten/",
        "/onderwijsregios/",
        "/arbeidsmarktregios/",
        "/provincies/",
        "/besturen/",
    )
    assert all(any(url.startswith(area) for url in urls[None]) for area in areas), areas
    assert all(urls[role] for role in ROLES), {role: len(urls[role]) for role in ROLES}
    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())


RESULT_WITHIN_PX = 2000  # on a phone the calculator's result follows its essential inputs


def test_the_calculators_result_follows_its_essential_inputs_on_a_phone(
    browser, live_server, transactional_db
):
    """At 390×844 the result's heading begins within 2,000 px of the page's top, with and
    without JavaScript (issue 16: it began about 5,960 px down, after every optional field)."""
    client = Client()
    calculator = client.get("/meeruren/").content.decode()
    preset = re.search(r'<a href="([^"]+)" data-preset=', calculator).group(1)
    tops = {}
    for script in (True, False):
        context = browser.new_context(
            locale="nl-NL", viewport={"width": 390, "height": 844}, java_script_enabled=script
        )
        try:
            page = context.new_page()
            page.goto(live_server.url + preset.replace("&amp;", "&").split("#")[0])
            heading = page.locator("#resultaat-titel")
            tops[script] = heading.evaluate("h => h.getBoundingClientRect().top + window.scrollY")
            shot = os.environ.get("TEKORT_SCREENSHOTS")
            if shot and script:
                # the page's first 2,400 px: where the result must begin
                page.screenshot(
                    path=str(Path(shot) / "meeruren-result.png"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 390, "height": 2400},
                )
        finally:
            context.close()
    print(f"calculator result heading at {tops} px on a 390x844 phone")
    assert all(top < RESULT_WITHIN_PX for top in tops.values()), tops
