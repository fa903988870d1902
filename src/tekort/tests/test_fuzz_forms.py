"""Hostile input through every query string and every form (issue 17, item 4): never a 5xx.

Property-based (Hypothesis, bounded and derandomised, so a run is repeatable and short):

1. **Every URL pattern** of the project (walked as the authorisation matrix and the one-road
   test do, ``beheer/`` and ``i18n/`` skipped), filled with real objects by the matrix's
   KWARGS, is requested with hostile query strings by a user who may see it: anonymously when
   it is public, else by the first role (school, board with invitation rights, region, analyst,
   administrator) that holds its permission. The parameter names are the ones the site uses
   (``PARAMETERS``) plus every field of the forms the page itself shows.
2. **Every form** (``<form method="post">``) found on those pages is posted to its action with
   hostile values in each of its fields (a file field gets a hostile file), by a freshly
   signed-in client of the role that saw the form (a form may sign its user out).

The values (``HOSTILE`` and arbitrary text): ``1e12``, ``-0``, ``NaN``, ``Infinity``,
``1e5000``, ``²``, very long strings, NUL, right-to-left marks, HTML and script, SQL-ish strings,
impossible dates. Every answer must be one of ``ALLOWED`` (200, 3xx redirects, 400, 403, 404,
405, 413, 429: never a 5xx, and no exception escaping the view) within ``SECONDS`` seconds. The
published demo releases of the one-road test are the world, so public pages have content.
The number of requests is printed (``-s``).
"""

from __future__ import annotations

import html.parser
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort.accounts.role_matrix import build_world, make_role_users
from tekort.accounts.testing import sign_in
from tekort.tests.test_authz_matrix import (
    PATTERNS,
    expected_permission,
    kwarg_resolvers,
    url_for,
)

# walks every URL pattern over HTTP: run once, on PostgreSQL (the sweep tier, Makefile)
pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

ALLOWED = {200, 301, 302, 303, 304, 400, 403, 404, 405, 413, 429}
SECONDS = 20.0
GET_EXAMPLES = 3  # hostile query strings per URL pattern
POST_EXAMPLES = 4  # hostile submissions per form
ROLES = ["school", "board_inviter", "region", "analyst", "admin"]
HARVEST_ROLES = ["analyst", "admin"]  # signed-in pages are also read by these for their forms
# forms shown only under conditions the walk does not meet (the raming's "save" needs results)
EXTRA_FORMS = [("forecasts:save", ("name", "query"), "analyst")]
MUST_POST = {  # forms the walk must find and post to
    "submissions:form",  # a school's registration
    "submissions:school-leaders",
    "submissions:board",  # the board upload
    "submissions:rounds",
    "accounts:login",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:invite",
    "accounts:accept",
    "estimates:runs",
    "forecasts:save",
    "monitor:status-new",
    "monitor:item-deadline",
    "monitor:item-links",
    "monitor:letter-plan",
}
DATA_SUFFIXES = (".json", ".csv", ".xlsx", ".pdf", ".docx", ".geojson", ".txt", ".xml")

HOSTILE = [
    "1e12",
    "-0",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e5000",
    "-1e5000",
    "1e-5000",
    "1e300000",
    "99999999999999999999999999999",
    "²",
    "٣",
    "1,5",
    "0x10",
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE auth_user; --",
    "%00",
    "../../../etc/passwd",
    "x" * 10_000,
    "€" * 2_000,
    "2025-13-45",
    "0000-00-00",
    "9999-12-31",
    "abc",
    "true",
    "[]",
    "{}",
    '=HYPERLINK("http://x.example")',
]

# query parameters the site reads somewhere (pages, downloads, the API, the raming, the calculator)
PARAMETERS = [
    "q",
    "page",
    "peildatum",
    "round",
    "release",
    "region",
    "sector",
    "breakdown",
    "measure",
    "function",
    "domain",
    "level",
    "method",
    "model_based",
    "format",
    "limit",
    "offset",
    "vintage",
    "scenario",
    "version",
    "action",
    "user",
    "next",
    "theme",
    "status",
    "kind",
    "year",
    "fte",
    "step",
    "bonus_percentage",
    "child_1_age",
]

# arbitrary text without NUL (the NUL middleware refuses any request carrying one before a view
# runs; ``HOSTILE`` sends it on purpose), so that generated values reach the views
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
values = st.one_of(st.sampled_from(HOSTILE), text)


class Forms(html.parser.HTMLParser):
    """The POST forms of a page: [(action, {field name: input type})]."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._current = {}
                self.forms.append((attrs.get("action") or "", self._current))
            else:
                self._current = None
        elif tag in ("input", "select", "textarea") and self._current is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                self._current[name] = (attrs.get("type") or tag).lower()

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def page_forms(path: str, response) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    if response.status_code != 200 or response.streaming:
        return []
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode("utf-8", "replace"))
    found = []
    for action, fields in parser.forms:
        target = urlsplit(action).path if action else path
        if not target.startswith("/") or target.startswith(("/beheer/", "/i18n/")):
            continue
        files = tuple(sorted(n for n, kind in fields.items() if kind == "file"))
        plain = tuple(sorted(n for n, kind in fields.items() if kind != "file"))
        found.append((target, plain, files))
    return found


@pytest.fixture
def world_and_users(published_world):
    """The replayed demo rounds published; the matrix's world and one user per role."""
    world = build_world()
    return world, make_role_users(world, prefix="fuzz")


def who_may_see(pattern, world, users, resolvers, cache_) -> tuple[str, str] | None:
    """(role, url) of the first role that may request the pattern on its own side."""
    if pattern.access.kind == "public":
        return "anonymous", url_for(pattern, world.own, users["anonymous"], resolvers, cache_)
    for role in ROLES:
        url = url_for(pattern, world.own, users[role], resolvers, cache_)
        if pattern.access.kind == "signed_in" or expected_permission(pattern, users[role], url):
            return role, url
    return None


class Record:
    def __init__(self):
        self.requests = 0
        self.failures: list[str] = []

    def check(self, method: str, url: str, response, seconds: float, sent) -> None:
        self.requests += 1
        status = response.status_code
        if status not in ALLOWED or seconds > SECONDS:
            self.failures.append(
                f"{method} {url} {str(sent)[:200]!r}: {status} in {seconds:.1f} s "
                f"{getattr(response, 'exc_info', None) and response.exc_info[1]!r}"
            )


def timed(call):
    started = time.monotonic()
    response = call()
    if response.streaming:
        b"".join(response.streaming_content)
    return response, time.monotonic() - started


def client_for(role: str, users) -> Client:
    client = Client(raise_request_exception=False)
    return client if role == "anonymous" else sign_in(client, users[role])


def is_page(url: str) -> bool:
    return not url.startswith("/api/") and not url.rstrip("/").endswith(DATA_SUFFIXES)


def fuzz_query_strings(pattern, role, url, users, record: Record, forms: set):
    client = client_for(role, users)
    plain, seconds = timed(lambda: client.get(url))
    record.check("GET", url, plain, seconds, "")
    names = set(PARAMETERS)
    for target, fields, files in page_forms(url, plain):
        forms.add((target, fields, files, role))
        names.update(fields)
    # the forms of a page shown to other users (the raming's "save", an administrator's buttons)
    for other in HARVEST_ROLES if is_page(url) and pattern.access.kind != "public" else ():
        if other == role:
            continue
        response, seconds = timed(lambda other=other: client_for(other, users).get(url))
        record.check("GET", url, response, seconds, other)
        for target, fields, files in page_forms(url, response):
            forms.add((target, fields, files, other))
    names = sorted(names)

    @settings(
        max_examples=GET_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=4))
    def check(query):
        address = f"{url}?{urlencode(query)}"
        response, seconds = timed(lambda: client.get(address))
        record.check("GET", address, response, seconds, "")

    check()


def fuzz_form(target, fields, files, role, users, record: Record):
    @settings(
        max_examples=POST_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        data=st.fixed_dictionaries(dict.fromkeys(fields, values)),
        content=st.sampled_from(
            [b"", b"\x00" * 64, b"<script>alert(1)</script>;=1+1\n", b"PK\x03\x04broken"]
        ),
    )
    def check(data, content):
        client = client_for(role, users)  # a form may sign its user out: sign in each time
        payload = dict(data)
        for name in files:
            payload[name] = SimpleUploadedFile("bestand.csv", content, "text/csv")
        response, seconds = timed(lambda: client.post(target, payload))
        record.check("POST", target, response, seconds, data)

    check()


def test_hostile_query_strings_and_forms_never_give_a_server_error(world_and_users, capsys):
    world, users = world_and_users
    started, cpu_started = time.monotonic(), time.process_time()
    resolvers, cache_, record, forms = kwarg_resolvers(), {}, Record(), set()
    covered = 0
    for pattern in PATTERNS:
        seen = who_may_see(pattern, world, users, resolvers, cache_)
        assert seen is not None, f"no role may request {pattern}"
        role, url = seen
        fuzz_query_strings(pattern, role, url, users, record, forms)
        covered += 1
    for name, fields, role in EXTRA_FORMS:
        forms.add((reverse(name), fields, (), role))
    posted, targets = 0, set()
    for target, fields, files, role in sorted(forms):
        if (not fields and not files) or target in targets:
            continue  # a form without fields (sign out, new backup codes); one role per form
        targets.add(target)
        fuzz_form(target, fields, files, role, users, record)
        posted += 1
    assert not record.failures, f"{len(record.failures)} failing requests:\n" + "\n".join(
        record.failures
    )
    assert covered == len(PATTERNS) and posted >= 10
    names = {resolve(target).view_name for target in targets}
    assert MUST_POST <= names, f"forms not found: {MUST_POST - names}"
    with capsys.disabled():
        print(
            f"\nfuzz: {covered} URL patterns, {posted} forms, {record.requests} requests, "
            f"0 server errors; {time.monotonic() - started:.0f} s "
            f"({time.process_time() - cpu_started:.0f} s of CPU)"
        )
