"""Dutch everywhere (issue 16, part 5): no untranslated message on a page, a download or an e-mail.

What a user reads is searched for English, in two ways:

1. **The project's own English.** Every msgid of the project's catalogs (each app's
   ``locale/nl``, the project's ``src/tekort/locale``) and of Django's own Dutch catalog that has
   a Dutch msgstr other than itself must not appear in what a user reads: if it does, a string
   was shown untranslated (a ``_()`` missing, a lazy string evaluated before activation, a
   missing ``.mo`` entry). A msgid with placeholders is searched by its literal parts. Searched
   are only msgids of two words or more (a single word such as "Region" or "Total" is too often
   also a name); ``KNOWN_ENGLISH`` covers single words.
2. **Known English** (``KNOWN_ENGLISH``): words the issue found and English function words that
   do not occur in Dutch prose ("the", "and", "with", "which" ...).

What a user reads: an HTML page's text (not scripts, styles or the values of form options'
``value`` attributes), its ``title``, ``alt``, ``aria-label`` and ``placeholder`` attributes and
``<input type=submit>`` labels; a CSV's header row; every text cell of an XLSX's sheets that is
not data (rows before the first numeric cell: the title and header rows); a PDF's text; an
e-mail's subject and body. JSON is an API: its keys stay English on purpose (docs/api.md) and
only its human-facing ``label``/``message`` values are searched.

Covered (counted in ``COVERED`` and printed with ``-s``): every public URL pattern (the URL list
of ``test_one_road``: every pattern with its kwargs, no query and the selection queries of the
table tool, the map and the raming), the Dutch error pages 403/404/500, every GET page of a
signed-in role (the authorisation matrix's patterns, each once, by the first role it serves),
and the e-mails the site sends (invitation, password reset, reminder).

``ALLOWED`` lists English that is right where it stands, each with its reason.
"""

from __future__ import annotations

import csv
import gettext
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import django
import openpyxl
import pypdf
import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from hypothesis import given, settings
from hypothesis import strategies as st

from tekort.accounts.role_matrix import ROLE_NAMES, build_world, make_role_users
from tekort.accounts.testing import sign_in
from tekort.tests.test_authz_matrix import kwarg_resolvers, url_for, url_patterns
from tekort.tests.test_one_road import (
    _names,
    _permalink,
    choose_sentinel,
    kwarg_values,
    public_requests,
)

# walks every URL pattern over HTTP: run once, on PostgreSQL (the sweep tier, Makefile)
pytestmark = pytest.mark.sweep

SRC = Path(__file__).resolve().parents[2]

# English that must never reach a Dutch reader, whatever its source (case-sensitive where the
# capital matters). The findings and English function words absent from Dutch prose.
KNOWN_ENGLISH = [
    r"\bNot Found\b",
    r"\bForbidden\b",
    r"\bServer Error\b",
    r"\bToken:",
    r"\(Engels\)",
    r"p%%",
    r"\b[Tt]he\b",
    r"\b[Aa]nd\b",
    r"\b[Ww]ith\b",
    r"\b[Ww]hich\b",
    r"\b[Tt]his\b",
    r"\b[Ss]hould\b",
    r"\b[Rr]equired\b",
    r"\b[Ss]ubmit\b",
    r"\b[Ss]hortage\b",
    r"\b[Ff]orecast\b",
]

# (a regular expression of the English allowed, the reason) — keep this list short.
ALLOWED: list[tuple[str, str]] = []

# English still shown, known and owned: (URL regex, finding regex, why). Anything else fails.
# Each entry is a debt of issue 16 with its reason; delete the entry once it is paid (the
# counts of what each entry still excuses are printed with -s).
OPEN: list[tuple[str, str, str]] = []  # nothing excused: every finding fails
OPEN_SEEN: dict[int, int] = {}


def _open(where: str, finding: str) -> bool:
    for i, (url, pattern, _why) in enumerate(OPEN):
        if re.search(url, where) and re.search(pattern, finding):
            OPEN_SEEN[i] = OPEN_SEEN.get(i, 0) + 1
            return True
    return False


# A download's column headers are read by people (a spreadsheet's first row): code names in
# English are what the issue found ("measure", "ci_low", "quality_class").
ENGLISH_HEADERS = re.compile(
    r"(?:^|\| )(release|measure|breakdown|domain|label|model_based|ci_low|ci_high|fte_ci_low|"
    r"fte_ci_high|n_responding|n_frame|response_rate|quality_class|flags|function|region|"
    r"year|value|source|note|title|date|kind|shortage|baseline|difference|measured|"
    r"forecast|error|name|board|municipality)(?= \||$)",
    re.MULTILINE,
)

MIN_WORDS = 2  # a msgid of fewer words is not searched (single words are also names)
MIN_LENGTH = 10  # nor a shorter part of one ("of the": KNOWN_ENGLISH has those words)


# -- the catalogs ----------------------------------------------------------------------------------


def catalog_files() -> list[Path]:
    project = sorted((SRC / "tekort").glob("**/locale/nl/LC_MESSAGES/django.mo"))
    core = Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.mo"
    return [*project, core]


PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXr%]|\{[^}]*\}")


def _fragments(msgid: str) -> list[str]:
    """The literal parts of a msgid worth searching: MIN_WORDS words or more."""
    parts = [p.strip(" .,:;()\n") for p in PLACEHOLDER.split(msgid)]
    return [
        p
        for p in parts
        if len(re.findall(r"[A-Za-z]{2,}", p)) >= MIN_WORDS and len(p) >= MIN_LENGTH
    ]


def english_messages() -> dict[str, str]:
    """English fragment → the msgid it comes from, for every msgid translated into Dutch."""
    found = {}
    for path in catalog_files():
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
        for msgid, msgstr in catalog.items():
            if isinstance(msgid, tuple):  # a plural form: (msgid, n)
                msgid = msgid[0]
            if not msgid or not msgstr or msgstr == msgid:
                continue
            for fragment in _fragments(msgid):
                if fragment not in str(msgstr):
                    found.setdefault(fragment, msgid)
    return found


def _fragment_pattern(fragment: str) -> re.Pattern:
    words = [re.escape(w) for w in fragment.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])")


_WORD_CHARACTER = re.compile(r"\w")


def _holds_words(flat: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``flat`` with no word character on either side: what
    ``_fragment_pattern`` finds, for a text whose whitespace runs are single spaces (a substring
    search per fragment instead of a regex: the sweep checks thousands of fragments per page)."""
    start = flat.find(needle)
    while start != -1:
        end = start + len(needle)
        before = start > 0 and _WORD_CHARACTER.match(flat, start - 1)
        after = end < len(flat) and _WORD_CHARACTER.match(flat, end)
        if not (before or after):
            return True
        start = flat.find(needle, start + 1)
    return False


# -- what a user reads ------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader reads: not scripts, styles, ``<code>`` (identifiers, query names) nor an
    element marked ``lang="en"`` (a quotation of an English source, said so in Dutch beside it:
    a screen reader switches language for it)."""

    SKIP = {"script", "style", "template", "code"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.stack = [], []  # stack: (tag, hidden)

    @property
    def hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        hidden = tag in self.SKIP or (values.get("lang") or "").startswith("en")
        if not (self.hidden or hidden):
            for name in self.SHOWN_ATTRIBUTES:
                if values.get(name):
                    self.parts.append(values[name])
            if (
                tag == "input"
                and values.get("type") in ("submit", "button")
                and values.get("value")
            ):
                self.parts.append(values["value"])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    for pattern, _reason in ALLOWED:
        markup = re.sub(pattern, " ", markup)
    parser = _Text()
    parser.feed(markup)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            if any(isinstance(v, int | float) and not isinstance(v, bool) for v in row):
                break  # the data begins: the title and header rows are above it
            lines.append(" | ".join(str(v) for v in row if isinstance(v, str)))
    return "\n".join(lines)


def _json_text(data) -> list[str]:
    """The human-facing values of a JSON answer: labels, messages, errors."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in ("label", "message", "title"):
                found.append(value)
            else:
                found += _json_text(value)
    elif isinstance(data, list):
        for value in data:
            found += _json_text(value)
    return found


def reader_text(response) -> tuple[str, str]:
    """(kind, what a user reads) of an answer."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            is_xlsx = "xl/workbook.xml" in archive.namelist()
        return ("xlsx", _xlsx_text(content)) if is_xlsx else ("zip", "")
    if content.startswith(b"%PDF"):
        pages = pypdf.PdfReader(io.BytesIO(content)).pages
        return "pdf", "\n".join(page.extract_text() or "" for page in pages)
    text = content.decode("utf-8", "replace")
    if "csv" in content_type:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text)))
        header = next((r for r in rows if any(cell.strip() for cell in r)), [])
        return "csv", " | ".join(header)
    if "json" in content_type:
        try:
            return "json", "\n".join(_json_text(json.loads(text)))
        except ValueError:
            return "json", ""
    if "html" in content_type:
        return "page", html_text(text)
    return "other", ""


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


class EnglishFinder:
    def __init__(self):
        self.messages = english_messages()
        # a fragment's words with single spaces: found in the text with its whitespace runs made
        # single spaces, as _fragment_pattern finds it in the text itself (a test checks both)
        self.needles = {f: " ".join(f.split()) for f in self.messages}
        self.known = [re.compile(p) for p in KNOWN_ENGLISH]

    def find(self, text: str) -> list[str]:
        found = []
        flat = " ".join(text.split())
        for fragment, needle in self.needles.items():
            if _holds_words(flat, needle):
                found.append(f"msgid {self.messages[fragment]!r}")
        for pattern in self.known:
            match = pattern.search(text)
            if match:
                start = max(0, match.start() - 40)
                found.append(f"{pattern.pattern!r} in …{text[start : match.end() + 40]!r}")
        return found


@pytest.fixture(scope="module")
def finder():
    return EnglishFinder()


COVERED: dict[str, int] = {}


class MissingMessages:
    """Every message looked up while Dutch is active that the Dutch catalogs do not hold at all
    (a msgid ``makemessages`` never extracted, e.g. behind an alias of ``gettext``): it is
    shown in English whatever the page. Messages of fewer than MIN_WORDS words are left out."""

    def __init__(self):
        self.found: set[str] = set()

    def note(self, message: str, *, plural: bool = False) -> None:
        active = getattr(trans_real._active, "value", None)
        if active is None or translation.get_language() != "nl":
            return
        if len(re.findall(r"[A-Za-z]{2,}", str(message))) < MIN_WORDS:
            return
        key = str(message).replace("\r\n", "\n")
        if ((key, 0) if plural else key) not in active._catalog:
            self.found.add(str(message))

    def take(self) -> list[str]:
        found, self.found = sorted(self.found), set()
        return [f"not in any Dutch catalog: {m!r}" for m in found]


@pytest.fixture
def missing(monkeypatch):
    recorder = MissingMessages()
    gettext, ngettext = trans_real.gettext, trans_real.ngettext

    def recording_gettext(message):
        recorder.note(message)
        return gettext(message)

    def recording_ngettext(singular, plural, number):
        recorder.note(singular, plural=True)
        return ngettext(singular, plural, number)

    monkeypatch.setattr(translation._trans, "gettext", recording_gettext)
    monkeypatch.setattr(translation._trans, "ngettext", recording_ngettext)
    return recorder


def _check(finder, problems: list, where: str, response, missing=None) -> str:
    kind, text = reader_text(response)
    COVERED[kind] = COVERED.get(kind, 0) + 1
    # Messages looked up for an API's schema or JSON are for developers (docs/api.md).
    looked_up = missing.take() if missing is not None else []
    findings = finder.find(text) + (looked_up if kind not in ("json", "other") else [])
    if kind in ("csv", "xlsx"):
        headers = sorted({m.group(1) for m in ENGLISH_HEADERS.finditer(text)})
        findings += [f"English column headers {headers}"] if headers else []
    for finding in findings:
        if not _open(where, finding):
            problems.append(f"{where} ({kind}): {finding}")
    return kind


# -- the tests ------------------------------------------------------------------------------------


def test_the_finder_finds_english(finder, missing):
    """The search itself: an untranslated msgid, a known word, a message no catalog holds; what
    is Dutch, code or marked English passes."""
    assert finder.messages["Name of the scenario"] == "Name of the scenario"
    assert finder.find(html_text("<p>Name of the scenario</p>")) == [
        "msgid 'Name of the scenario'",
        "'\\\\b[Tt]he\\\\b' in …'Name of the scenario'",
    ]
    assert finder.find(html_text("<label>Token: <input></label>")) == ["'\\\\bToken:' in …'Token:'"]
    dutch = html_text(
        '<p title="Naam van het scenario">Naam van het scenario <code>the_key</code></p>'
        '<script>the</script><p lang="en">Note: the source <b>and</b> the</p><p>Klaar</p>'
    )
    assert dutch == "Naam van het scenario\nNaam van het scenario\nKlaar"  # title, text
    assert finder.find(dutch) == []
    with translation.override("nl"):
        translation.gettext("Name of the scenario")
        translation.gettext("A sentence that no catalog holds")
    assert missing.take() == ["not in any Dutch catalog: 'A sentence that no catalog holds'"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab_1 \n\t\u00a0.-é", max_size=40),
    st.lists(st.text(alphabet="ab_1.-é", min_size=1, max_size=3), min_size=1, max_size=3),
)
def test_the_substring_search_finds_what_the_fragment_pattern_finds(text, words):
    """The finder's search (whitespace runs made single spaces, no word character either side)
    answers as the fragment's regex does on the text as it is."""
    fragment = " ".join(words)
    expected = _fragment_pattern(fragment).search(text) is not None
    assert _holds_words(" ".join(text.split()), fragment) == expected


def test_public_pages_and_downloads_are_dutch(published_world, finder, missing, capsys):
    earlier, release = published_world
    sentinel = choose_sentinel()
    patterns = [p for p in url_patterns() if p.access and p.access.kind == "public"]
    values = kwarg_values(release, earlier, sentinel, _permalink(release))
    requests = public_requests(patterns, sentinel, values, _names(sentinel, release, earlier))
    selections = ("level=", "breakdown=", "sector=")
    chosen = [r for r in requests if "?" not in r.url or any(s in r.url for s in selections)]
    client, problems, statuses = Client(raise_request_exception=False), [], {}
    served = set()
    with translation.override("nl"):
        for request in chosen:
            response = client.get(request.url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            served |= {request.url} if response.status_code == 200 else set()
            if response.status_code in (301, 302):
                continue
            _check(finder, problems, request.url, response, missing)
    with capsys.disabled():
        print(f"\nDutch everywhere, public: {len(chosen)} requests, {statuses}, {COVERED}")
        print(f"still open (OPEN entry: findings excused): {OPEN_SEEN}")
    assert statuses.get(200, 0) > 250
    # the area and board pages (issue 16, part 4) are among them, each page and its .json twin
    for area in ("gemeenten", "onderwijsregios", "arbeidsmarktregios", "provincies", "besturen"):
        for twin in ("/", ".json"):
            assert any(re.match(rf"^/{area}/[^/]+{re.escape(twin)}$", url) for url in served), (
                area,
                twin,
            )
    assert not problems, "English shown to a Dutch reader:\n" + "\n".join(sorted(set(problems)))


@override_settings(DEBUG=False)
def test_error_pages_are_dutch(finder, db):
    client, problems = Client(raise_request_exception=False), []
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    _check(finder, problems, "404", response)
    assert "Pagina niet gevonden" in html_text(response.content.decode())
    from django.test import RequestFactory
    from django.views.defaults import permission_denied, server_error

    request = RequestFactory().get("/")
    for name, answer in (
        ("403", permission_denied(request, PermissionError())),
        ("500", server_error(request)),
    ):
        _kind, text = reader_text(answer)
        problems += [f"{name}: {f}" for f in finder.find(text)]
    assert not problems, "\n".join(problems)


def test_signed_in_pages_and_downloads_are_dutch(published_world, finder, missing, capsys):
    world = build_world()
    users = make_role_users(world, prefix="dutch")
    clients = {
        role: sign_in(Client(raise_request_exception=False), users[role]) for role in ROLE_NAMES[1:]
    }
    resolvers, cache, problems, served = kwarg_resolvers(), {}, [], 0
    patterns = [p for p in url_patterns() if p.access and p.access.kind != "public"]
    with translation.override("nl"):
        for pattern in patterns:
            for role in ROLE_NAMES[1:]:
                url = url_for(pattern, world.own, users[role], resolvers, cache)
                response = clients[role].get(url)
                if response.status_code != 200:
                    continue
                served += 1
                _check(finder, problems, f"{url} ({role})", response, missing)
                break
    with capsys.disabled():
        print(
            f"\nDutch everywhere, signed in: {len(patterns)} patterns, {served} served, {COVERED}"
        )
    assert served > 50
    assert not problems, "English shown to a Dutch reader:\n" + "\n".join(sorted(set(problems)))


def test_emails_are_dutch(finder, db, client):
    from tekort.accounts import invitations
    from tekort.submissions import reminders
    from tekort.submissions.tests.factories import RoundFactory

    world = build_world()
    users = make_role_users(world, prefix="mail")
    users["school"].set_password("een-lang-wachtwoord-1")
    users["school"].save()
    with translation.override("nl"):
        invitations.invite(email="genodigde@example.nl", kind="analyst", base_url="https://x.nl")
        client.post(reverse("accounts:password_reset"), {"email": users["school"].email})
        reminders.send(RoundFactory(), site_url="https://x.nl")
    kinds = {"uitnodiging": 0, "wachtwoord": 0, "herinnering": 0}
    problems = []
    for message in mail.outbox:
        subject = message.subject.lower()
        for kind in kinds:
            kinds[kind] += kind in subject
        text = f"{message.subject}\n{message.body}"
        problems += [f"{message.subject!r}: {f}" for f in finder.find(text)]
    assert all(kinds.values()), (kinds, [m.subject for m in mail.outbox])
    assert not problems, "\n".join(problems)
