"""One road to the public: adding unpublished data changes no public answer (issue 14, item 3).

The invariant, tested on the real register (the session's test database):

A. **World.** The demo estimates shared by the Django tests are replayed (the ``estimate_runs``
   fixture of ``src/tekort/conftest.py``: rounds 2025-02-01 and 2025-10-01, every
   location of the register) and both are published with the one write path (provisional:
   demo figures are never final), so public pages have real content (headline, tables, map,
   API, the raming built on the October release). Every public URL pattern (``tekort.accounts.access.public``, found by
   walking ``django.urls.get_resolver()`` as the authorisation matrix does; ``beheer/`` and
   ``i18n/`` skipped) is requested anonymously with each of its parameter sets (below) and the
   answers are recorded: the **public baseline**.
B. A later October round (``NEW_PEILDATUM``) opens, still empty. The signed-in views of those
   who own no sentinel data are recorded now (a board sees a round open to register in; that is
   no data): the board view of a board of the sentinel onderwijsregio that registered nothing
   (``stranger``), and the region views of the sentinel onderwijsregio R (only published,
   disclosure-controlled tables) and of another onderwijsregio R2.
C. Unpublished data is added, through the one write path (``submissions.intake``): ONE school
   location of R registers (formatie 17.37, shortage 4.61: its own ratio 26.54 %), ONE other
   board of R registers all its bao locations (formatie 262.62, shortage 100.80: 38.38 %) and
   its school leaders (31.31 / 8.08: 25.81 %); then two FINISHED but UNPUBLISHED estimate runs
   carry sentinel values in a copy of every cell of the published run (every function,
   breakdown, domain and measure the pages use, all marked publishable, quality A): one of the
   new round and a later one of the published round (a newer run must not replace a release's
   figures), each with sentinel region tables for every onderwijsregio. The cache is cleared.
   Every request of A and B is made again.

The test fails when (a) a sentinel (``SENTINELS``: every form in which the run's values, the
school's, the board's and the school leaders' figures, ratios and counts could be rendered,
searched in the decoded answer: HTML unescaped, JSON re-serialised without escapes, the XML of
XLSX and DOCX files, the text of PDFs) occurs in an answer more often than in its baseline, or
(b) an answer's status, redirect target or (normalised) body differs from its baseline. Every
failing request is listed in one assertion message. Normalised (``NORMALISE``) is only what
differs between two identical requests anyway: the CSRF token of a form. Nothing else may
change, not even the status of a refusal (a 404 must stay a 404, a 400 a 400).

Parameter sets (R: the sentinel school's onderwijsregio name; bao: its sector; M: its
municipality; NEW: the new round's peildatum; NEW_SLUG: the slug its first release would get,
NEXT_SLUG the published round's next version's):

| URL name(s) | parameter sets |
|---|---|
| every public pattern | none; ``region=R&sector=bao`` (the raming's selection); ``peildatum=NEW&release=NEW_SLUG&round=NEW`` (asking for the unpublished round by name) |
| ``forecasts:scenario``, ``-json``, ``-csv`` | + ``region=Nederland&sector=bao``, ``region=Nederland&sector=vo``, ``region=R&sector=vo`` |
| ``forecasts:nowcast``, ``-json`` | + ``region=Nederland&sector=bao`` |
| ``forecasts:backtest``, ``-json``, ``-csv`` | + ``region=R`` |
| ``publications:table-tool``, ``table-download`` (csv, xlsx, json), ``permalink-create`` | + ``breakdown=onderwijsregio&q=R``; ``breakdown=sector&sector=bao``; ``breakdown=sector:schoolweging_band&sector=bao``; ``breakdown=municipality_code&q=M``; the same with ``method=model``; ``function=schoolleider&breakdown=onderwijsregio``; ``function=schoolleider&breakdown=sector``; ``measure=openstaand&breakdown=onderwijsregio``; ``breakdown=national``; ``release=NEW_SLUG&breakdown=onderwijsregio``; ``release=NEXT_SLUG&breakdown=sector``; ``release=<earlier release>&breakdown=onderwijsregio`` |
| ``publications:map``, ``map-json`` | + ``level=onderwijsregio``; ``level=municipality_code&method=model``; ``level=labour_market_region&measure=verborgen``; ``release=NEW_SLUG&level=onderwijsregio`` |
| ``api:release-cells`` | + ``breakdown=onderwijsregio&domain=onderwijsregio=R``; ``breakdown=onderwijsregio:sector&domain=onderwijsregio=R\\|sector=bao``; ``breakdown=sector&domain=sector=bao``; ``function=schoolleider``; ``breakdown=municipality_code&domain=municipality_code=M&model_based=true``; ``limit=5000``; ``limit=5000&offset=5000`` |
| ``registry:search``, ``search-json`` | + ``q=<school code>``; ``q=<school name>``; ``q=<board location code>`` |
| path kwargs | ``slug``: the current and the earlier release, NEW_SLUG and NEXT_SLUG (these two answer 404 before and after); ``peildatum``: both published rounds and NEW; ``fmt``: csv, xlsx, json; ``code``: the school and one of the board's locations; a permalink of the current release's onderwijsregio table; the rest from the authorisation matrix's KWARGS |
| signed in: ``dashboards:board``, ``-json``, ``-xlsx``, ``-csv`` (each table) of the stranger board; ``dashboards:region``, ``-json``, ``-xlsx``, ``-csv`` (each table) of R and of R2 | none; ``peildatum=2025-10-01``; ``peildatum=NEW`` |

Sanity checks, so that a passing test means something: the set of public patterns requested is
the set the resolver lists (none silently skipped); the baseline has content (``MUST_HAVE_CONTENT``:
the headline, table tool, map, API cells, the raming's JSON and CSV, the board and region views
answer 200); and the search finds the planted values where they may be seen: the ministry's
view of the unpublished round and the analysts' preview of the run show its sentinels, the
board's own view its ratio and its school leaders', the school's own version history its
figures. The counts (82 public patterns, 452 anonymous and 48 signed-in requests, each made
twice, when this was written) are kept in ``REQUESTS`` and printed (``-s``).
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tekort.accounts.role_matrix import Side, World, make_role_users
from tekort.accounts.testing import sign_in
from tekort.estimates.models import EstimateCell, EstimateRegionTables
from tekort.forecasts.tests.factories import EstimateRunFactory
from tekort.publications.models import TablePermalink
from tekort.publications.tables import query_key
from tekort.registry.models import Board, Location, Onderwijsregio
from tekort.submissions import intake
from tekort.submissions.figures import Figures, SchoolLeaderFigures
from tekort.submissions.models import Registration, Round
from tekort.tests.test_authz_matrix import kwarg_resolvers, url_patterns

# walks every URL pattern over HTTP: run once, on PostgreSQL (the sweep tier, Makefile)
pytestmark = pytest.mark.sweep

NEW_PEILDATUM = date(2026, 10, 1)
SECTOR = "bao"
NEDERLAND = "Nederland"

# -- the sentinel values -------------------------------------------------------------------------

SCHOOL = {
    "formatie": "17.37",
    "long_leave": "3.03",
    "regulier_openstaand": "2.50",
    "vervanging_openstaand": "2.11",
}
BOARD_TOTAL = {"formatie": Decimal("262.62"), "shortage": Decimal("100.80")}
SCHOOL_LEADERS = {"formatie": "31.31", "regulier_openstaand": "8.08"}
RUN_CELL = {
    "rate": 0.7373,
    "ci_low": 0.7171,
    "ci_high": 0.7575,
    "se_rate": 0.060606,
    "fte": 91919.19,
    "ci_fte_low": 90909.09,
    "ci_fte_high": 92929.29,
    "se_fte": 5151.51,
    "boot_se_rate": 0.060606,
    "boot_ci_low": 0.7171,
    "boot_ci_high": 0.7575,
    "n_responding": 1717,
    "n_frame": 1919,
    "n_boards_responding": 1616,
    "response_rate": 0.4242,
    "response_rate_formatie": 0.4343,
    "quality_class": "A",
    "quality_class_fte": "A",
    "disclosure_status": "published",
    "symbol": "",
}
REGION_TABLE_INT, REGION_TABLE_FLOAT = 1717, 73.73  # every number of the sentinel region tables

SEPARATOR = "[.,\\s\u00a0\u202f\u2009']?"  # a thousands separator, or none


def _decimal(text: str) -> list[str]:
    """'73.7' → the forms a page may print it in: 73.7 and 73,7 (a prefix of 73.73 as well)."""
    return [re.escape(text), re.escape(text.replace(".", ","))]


def _integer(value: int) -> list[str]:
    """An integer with or without a thousands separator, not inside a longer number."""
    digits = str(value)
    if len(digits) <= 3:
        return [rf"{digits}(?![\d])"]
    head, tail = digits[:-3], digits[-3:]
    return [rf"{head}{SEPARATOR}{tail}(?![\d])"]


def _ratio(shortage: float, formatie: float) -> list[str]:
    """A ratio as a fraction (4 decimals) and as a percentage with 2 and 1 decimals."""
    rate = shortage / formatie
    pct = rate * 100
    return [
        *_decimal(f"{rate:.4f}"),
        *_decimal(f"{pct:.2f}"),
        *_decimal(f"{pct:.1f}"),
    ]


def _pattern(forms: list[str]) -> re.Pattern:
    return re.compile("(?<![\\d])(?:" + "|".join(forms) + ")")


def _digit_runs(forms: list[str]) -> tuple[str, ...]:
    """Each form's longest run of literal digits: a text holding none of them holds no match
    (the search is then skipped; a regex that starts with a look-behind is slow on long text)."""
    return tuple(max(re.findall(r"\d+", form), key=len) for form in forms)


def _sentinels() -> dict[str, tuple[re.Pattern, tuple[str, ...]]]:
    school_shortage = Decimal(SCHOOL["regulier_openstaand"]) + Decimal(
        SCHOOL["vervanging_openstaand"]
    )
    region_formatie = Decimal(SCHOOL["formatie"]) + BOARD_TOTAL["formatie"]
    region_shortage = school_shortage + BOARD_TOTAL["shortage"]
    leaders_shortage = Decimal(SCHOOL_LEADERS["regulier_openstaand"])
    found = {
        "run fte 91919.19": _integer(91919) + _integer(91920) + _decimal("91919.2"),
        "run fte interval 90909.09-92929.29": _integer(90909)
        + _integer(90910)
        + _integer(92929)
        + _integer(92930),
        "run se fte 5151.51": _integer(5151) + _integer(5150),
        "run rate 0.7373": _decimal("0.7373") + _decimal("73.7"),
        "run interval 0.7171-0.7575": _decimal("0.7171")
        + _decimal("71.7")
        + _decimal("0.7575")
        + _decimal("75.8")
        + _decimal("75.7"),
        "run se 0.0606": _decimal("0.0606") + _decimal("6.06"),
        "run n_responding 1717": _integer(1717),
        "run n_frame 1919": _integer(1919),
        "run boards responding 1616": _integer(1616),
        "run response 0.4242/0.4343": _decimal("0.4242")
        + _decimal("42.42")
        + _decimal("0.4343")
        + _decimal("43.43"),
        "school formatie 17.37": _decimal(SCHOOL["formatie"]),
        "school shortage 4.61": _decimal(f"{school_shortage:.2f}"),
        "school ratio 4.61/17.37": _ratio(float(school_shortage), float(SCHOOL["formatie"])),
        "board formatie 262.62": _decimal(f"{BOARD_TOTAL['formatie']:.2f}"),
        "board shortage 100.80": _decimal(f"{BOARD_TOTAL['shortage']:.1f}"),
        "board ratio 100.80/262.62": _ratio(
            float(BOARD_TOTAL["shortage"]), float(BOARD_TOTAL["formatie"])
        ),
        "school + board (the region's new registrations) 105.41/279.99": _decimal(
            f"{region_formatie:.2f}"
        )
        + _decimal(f"{region_shortage:.2f}")
        + _ratio(float(region_shortage), float(region_formatie)),
        "school leaders formatie 31.31": _decimal(SCHOOL_LEADERS["formatie"]),
        "school leaders shortage 8.08": _decimal(SCHOOL_LEADERS["regulier_openstaand"]),
        "school leaders ratio 8.08/31.31": _ratio(
            float(leaders_shortage), float(SCHOOL_LEADERS["formatie"])
        ),
    }
    return {label: (_pattern(forms), _digit_runs(forms)) for label, forms in found.items()}


SENTINELS = _sentinels()


def sentinel_counts(text: str) -> dict[str, int]:
    return {
        label: len(pattern.findall(text)) if any(run in text for run in runs) else 0
        for label, (pattern, runs) in SENTINELS.items()
    }


# -- answers as text -----------------------------------------------------------------------------

# What differs between two identical requests, and only that: the CSRF token of a form is
# masked afresh in every answer (without this, the sign-in, invitation, password-reset pages
# and the signed-in views' forms differ every time). Nothing else needs normalising.
NORMALISE = [(re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1…"')]


def answer_text(response) -> str:
    """The answer as searchable text: HTML unescaped, JSON without escapes, the XML parts of
    XLSX and DOCX files (not docProps: the file's creation time), the text of a PDF."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = sorted(n for n in archive.namelist() if not n.startswith("docProps/"))
            text = "\n".join(archive.read(n).decode("utf-8", "replace") for n in names)
        return html.unescape(text)
    if content.startswith(b"%PDF"):
        reader = pypdf.PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    text = content.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=0)
        except ValueError:
            return text
    return html.unescape(text)


def normalised(text: str) -> str:
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Answer:
    status: int
    location: str
    text: str
    sentinels: dict[str, int] = field(default_factory=dict)


def get(client: Client, url: str) -> Answer:
    response = client.get(url)
    text = normalised(answer_text(response))
    return Answer(response.status_code, response.get("Location", ""), text, sentinel_counts(text))


# -- the world -----------------------------------------------------------------------------------


@dataclass
class Sentinel:
    region: Onderwijsregio
    other_region: Onderwijsregio
    school: Location
    board: Board  # registers all its bao locations and its school leaders
    board_locations: list[Location]
    stranger: Board  # a board of the same region that registers nothing
    stranger_location: Location


def _single_region_boards(region) -> list[Board]:
    """Boards of ``region`` that belong to no other onderwijsregio and have bao locations."""
    return list(
        region.boards.filter(locations__sector=SECTOR)
        .exclude(onderwijsregios__in=Onderwijsregio.objects.exclude(pk=region.pk))
        .distinct()
        .order_by("number")
    )


def choose_sentinel() -> Sentinel:
    """Deterministic: the first onderwijsregio (by name) with three single-region boards with bao
    locations, one of them with 2 to 4 bao locations (the uploading board)."""
    for region in Onderwijsregio.objects.order_by("name"):
        boards = _single_region_boards(region)
        sizes = {b.pk: b.locations.filter(sector=SECTOR).count() for b in boards}
        uploading = next((b for b in boards if 2 <= sizes[b.pk] <= 4), None)
        rest = [b for b in boards if b != uploading]
        if uploading is None or len(rest) < 2:
            continue
        school_board, stranger = rest[0], rest[1]
        other_region = Onderwijsregio.objects.exclude(pk=region.pk).order_by("name").first()
        return Sentinel(
            region=region,
            other_region=other_region,
            school=school_board.locations.filter(sector=SECTOR).order_by("code").first(),
            board=uploading,
            board_locations=list(uploading.locations.filter(sector=SECTOR).order_by("code")),
            stranger=stranger,
            stranger_location=stranger.locations.order_by("code").first(),
        )
    raise LookupError("no onderwijsregio with three single-region bao boards")


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` amounts of two decimals that add up to it exactly."""
    share = (total / parts).quantize(Decimal("0.01"))
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def open_new_round() -> Round:
    today = timezone.localdate()
    return Round.objects.create(
        peildatum=NEW_PEILDATUM,
        opens_on=min(NEW_PEILDATUM, today),
        closes_on=max(NEW_PEILDATUM, today) + timedelta(days=60),
        sectors=["bao", "sbo", "so", "vso", "sovso", "vo"],
        is_demo=False,
    )


def register_sentinels(round_: Round, sentinel: Sentinel, users: dict) -> None:
    """One school through the form's write path; one board's locations and its school leaders
    through the board upload's (``intake.apply_many``)."""
    intake.submit(
        round_,
        sentinel.school,
        Figures(**{name: Decimal(value) for name, value in SCHOOL.items()}),
        user=users["school"],
        channel=Registration.Channel.FORM,
        expected_version=0,
        confirmed=True,
    )
    n = len(sentinel.board_locations)
    items = [
        intake.Item(
            location_id=location.code,
            figures=Figures(formatie=formatie, regulier_openstaand=shortage),
            expected_version=0,
        )
        for location, formatie, shortage in zip(
            sentinel.board_locations,
            _split(BOARD_TOTAL["formatie"], n),
            _split(BOARD_TOTAL["shortage"], n),
            strict=True,
        )
    ]
    leaders = intake.SchoolLeaderItem(
        board=sentinel.board,
        figures=SchoolLeaderFigures(
            **{name: Decimal(value) for name, value in SCHOOL_LEADERS.items()}
        ),
        expected_version=0,
    )
    intake.apply_many(round_, items, user=users["board"], channel="upload", school_leaders=leaders)


def _sentinel_numbers(value):
    """The region tables' structure with every number replaced by a sentinel."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return REGION_TABLE_INT
    if isinstance(value, float):
        return REGION_TABLE_FLOAT
    if isinstance(value, dict):
        return {k: _sentinel_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sentinel_numbers(v) for v in value]
    return value


def unpublished_run(round_: Round, model_run) -> object:
    """A finished, unpublished run of ``round_``: every cell of ``model_run`` (the published
    run) with the sentinel values, marked publishable; sentinel region tables of every region."""
    run = EstimateRunFactory(
        round=round_,
        method_version=model_run.method_version,
        inputs_fingerprint="7" * 64,
        results_fingerprint="8" * 64,
        breakdowns=model_run.breakdowns,
        n_frame=1919,
        n_responding=1717,
    )
    cells = [
        EstimateCell(run=run, **{**model_to_dict(c, exclude=["id", "run"]), **RUN_CELL})
        for c in model_run.cells.all()
    ]
    EstimateCell.objects.bulk_create(cells, batch_size=2000)
    EstimateRegionTables.objects.bulk_create(
        [
            EstimateRegionTables(
                run=run,
                onderwijsregio_id=t.onderwijsregio_id,
                tables=_sentinel_numbers(t.tables),
                audit=t.audit,
            )
            for t in model_run.region_tables.all()
        ]
    )
    return run


# -- the requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    who: str  # "anonymous" or the signed-in role
    pattern: str  # the URL name
    url: str  # with its query string

    def __str__(self):
        return f"{self.url} ({self.who}, {self.pattern})"


def _query(params: dict) -> str:
    return "?" + urlencode(params) if params else ""


def public_parameter_sets(names: dict) -> dict[str, list[dict]]:
    """Per URL name the parameter sets besides the common ones (see the module docstring)."""
    r, m, new_slug, next_slug = names["region"], names["municipality"], names["new"], names["next"]
    raming = [
        {"region": NEDERLAND, "sector": SECTOR},
        {"region": NEDERLAND, "sector": "vo"},
        {"region": r, "sector": "vo"},
    ]
    tables = [
        {"breakdown": "onderwijsregio", "q": r},
        {"breakdown": "sector", "sector": SECTOR},
        {"breakdown": "sector:schoolweging_band", "sector": SECTOR},
        {"breakdown": "municipality_code", "q": names["municipality_name"]},
        {"breakdown": "municipality_code", "q": names["municipality_name"], "method": "model"},
        {"function": "schoolleider", "breakdown": "onderwijsregio"},
        {"function": "schoolleider", "breakdown": "sector"},
        {"measure": "openstaand", "breakdown": "onderwijsregio"},
        {"breakdown": "national"},
        {"release": new_slug, "breakdown": "onderwijsregio"},
        {"release": next_slug, "breakdown": "sector"},
        {"release": names["earlier"], "breakdown": "onderwijsregio"},
    ]
    maps = [
        {"level": "onderwijsregio"},
        {"level": "municipality_code", "method": "model"},
        {"level": "labour_market_region", "measure": "verborgen"},
        {"release": new_slug, "level": "onderwijsregio"},
    ]
    search = [{"q": names["school_code"]}, {"q": names["school_name"]}, {"q": names["board_code"]}]
    return {
        "forecasts:scenario": raming,
        "forecasts:scenario-json": raming,
        "forecasts:scenario-csv": raming,
        "forecasts:nowcast": raming[:1],
        "forecasts:nowcast-json": raming[:1],
        "forecasts:backtest": [{"region": r}],
        "forecasts:backtest-json": [{"region": r}],
        "forecasts:backtest-csv": [{"region": r}],
        "publications:table-tool": tables,
        "publications:table-download": tables,
        "publications:permalink-create": tables,
        "publications:map": maps,
        "publications:map-json": maps,
        "api:release-cells": [
            {"breakdown": "onderwijsregio", "domain": f"onderwijsregio={r}"},
            {"breakdown": "onderwijsregio:sector", "domain": f"onderwijsregio={r}|sector={SECTOR}"},
            {"breakdown": "sector", "domain": f"sector={SECTOR}"},
            {"function": "schoolleider"},
            {
                "breakdown": "municipality_code",
                "domain": f"municipality_code={m}",
                "model_based": "true",
            },
            {"limit": "5000"},
            {"limit": "5000", "offset": "5000"},
        ],
        "registry:search": search,
        "registry:search-json": search,
    }


def common_parameter_sets(names: dict) -> list[dict]:
    new = NEW_PEILDATUM.isoformat()
    return [
        {},
        {"region": names["region"], "sector": SECTOR},
        {"peildatum": new, "release": names["new"], "round": new},
    ]


def kwarg_values(release, earlier, sentinel: Sentinel, permalink) -> dict[str, list]:
    """Path kwargs this test sets itself (several values each); the rest: the matrix's KWARGS."""
    slugs = [release.slug, earlier.slug, f"{NEW_PEILDATUM}-v1", f"{release.round.peildatum}-v2"]
    values = {
        "code": [sentinel.school.code, sentinel.board_locations[0].code],
        "fmt": ["csv", "xlsx", "json"],
        "peildatum": [release.round.peildatum, earlier.round.peildatum, NEW_PEILDATUM],
        "publications:permalink/pk": [permalink.pk],
        "publications:permalink-download/pk": [permalink.pk],
        "api:geography-areas/level": ["onderwijsregio", "municipality_code"],
    }
    release_pages = ("release", "release-json", "release-cells-csv", "release-letters-table")
    change_pages = ("release-change", "release-change-json", "release-change-csv")
    for name in (*release_pages, "release-coping-csv", *change_pages):
        values[f"publications:{name}/slug"] = slugs
    for name in ("release", "release-headline", "release-cells"):
        values[f"api:{name}/slug"] = slugs
    return values


def public_requests(patterns, sentinel: Sentinel, values: dict, names: dict) -> list[Request]:
    resolvers, cache_, side = kwarg_resolvers(), {}, sentinel_side(sentinel)

    extra, common = public_parameter_sets(names), common_parameter_sets(names)
    requests = []
    for pattern in patterns:
        choices = []
        for kwarg in pattern.kwargs:
            own = f"{pattern.name}/{kwarg}"
            if own in values or kwarg in values:
                choices.append(values[own if own in values else kwarg])
                continue
            key = own if own in resolvers else kwarg
            resolver = resolvers[key]
            per_user = resolver.__code__.co_argcount >= 2
            if key not in cache_:
                cache_[key] = resolver(side, AnonymousUser()) if per_user else resolver(side)
            choices.append([cache_[key]])
        for combination in itertools.product(*choices):
            path = reverse(pattern.name, kwargs=dict(zip(pattern.kwargs, combination, strict=True)))
            for params in common + extra.get(pattern.name, []):
                requests.append(Request("anonymous", pattern.name, path + _query(params)))
    return requests


def sentinel_side(sentinel: Sentinel) -> Side:
    return Side("own", sentinel.school, sentinel.school.board, sentinel.region)


DASHBOARD_TABLES = {
    "board": ("vergelijking", "vestigingen", "trend"),
    "region": ("gemeenten", "besturen"),
}


def signed_in_requests(sentinel: Sentinel, release) -> list[Request]:
    """The board view of the stranger board, the region views of R and of R2: each page, its
    .json, .xlsx and every table's .csv; for the latest round, the published one and the new."""
    params = [
        {},
        {"peildatum": release.round.peildatum.isoformat()},
        {"peildatum": NEW_PEILDATUM.isoformat()},
    ]
    views = [
        ("stranger board", "board", sentinel.stranger.number),
        ("region R", "region", sentinel.region.pk),
        ("region R2", "region", sentinel.other_region.pk),
    ]
    requests = []
    for who, view, arg in views:
        paths = [
            reverse(f"dashboards:{view}", args=[arg]),
            reverse(f"dashboards:{view}-json", args=[arg]),
            reverse(f"dashboards:{view}-xlsx", args=[arg]),
            *(reverse(f"dashboards:{view}-csv", args=[arg, t]) for t in DASHBOARD_TABLES[view]),
        ]
        for path, query in itertools.product(paths, params):
            requests.append(Request(who, f"dashboards:{view}", path + _query(query)))
    return requests


REQUESTS: dict[str, int] = {}


def _request_all(requests: list[Request], clients: dict) -> dict[Request, Answer]:
    return {request: get(clients[request.who], request.url) for request in requests}


def _differences(before: dict, after: dict) -> list[str]:
    failures = []
    for request, old in before.items():
        new = after[request]
        problems = []
        leaked = [
            f"{label} ×{new.sentinels[label]} (baseline ×{old.sentinels[label]})"
            for label in SENTINELS
            if new.sentinels[label] > old.sentinels[label]
        ]
        if leaked:
            problems.append("LEAKS " + "; ".join(leaked))
        if (new.status, new.location) != (old.status, old.location):
            problems.append(
                f"status {old.status}{' → ' + old.location if old.location else ''} became "
                f"{new.status}{' → ' + new.location if new.location else ''}"
            )
        elif new.text != old.text:
            problems.append("body changed: " + _first_difference(old.text, new.text))
        if problems:
            failures.append(f"{request}: " + " | ".join(problems))
    return failures


def _first_difference(old: str, new: str, width: int = 90) -> str:
    i = next(
        (k for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    start = max(0, i - 30)
    return f"…{old[start : start + width]!r} → …{new[start : start + width]!r}"


# Patterns whose baseline must have real content (some answer 200), or the comparison would
# prove little: the published figures in every public form, the raming built on them, the
# region view's published tables.
MUST_HAVE_CONTENT = (
    "publications:headline",
    "publications:headline-json",
    "publications:table-tool",
    "publications:table-download",
    "publications:map-json",
    "api:release-cells",
    "forecasts:scenario-json",
    "forecasts:scenario-csv",
    "forecasts:nowcast-json",
    "forecasts:backtest-json",
    "dashboards:board",
    "dashboards:region",
)


def _users(sentinel: Sentinel) -> dict:
    """Role users (tekort.accounts.role_matrix): ``stranger`` acts for the stranger board and
    region R, ``r2`` for region R2, ``owner`` for the school, the uploading board (and is the
    ministry's analyst of the sanity checks)."""
    r2_board = sentinel.other_region.boards.filter(locations__isnull=False).order_by("number")[0]
    sides = {
        "stranger": Side("own", sentinel.stranger_location, sentinel.stranger, sentinel.region),
        "r2": Side("own", r2_board.locations.order_by("code")[0], r2_board, sentinel.other_region),
        "owner": Side("own", sentinel.school, sentinel.board, sentinel.region),
    }
    other = Side("other", sentinel.school, sentinel.school.board, sentinel.region)
    return {
        name: make_role_users(World(own=side, other=other), prefix=f"one-road-{name}")
        for name, side in sides.items()
    }


def _names(sentinel: Sentinel, release, earlier) -> dict:
    return {
        "region": sentinel.region.name,
        "municipality": sentinel.school.municipality_id,
        "municipality_name": sentinel.school.municipality.name,
        "new": f"{NEW_PEILDATUM}-v1",
        "next": f"{release.round.peildatum}-v2",
        "earlier": earlier.slug,
        "school_code": sentinel.school.code,
        "school_name": sentinel.school.name,
        "board_code": sentinel.board_locations[0].code,
    }


def _permalink(release):
    query = {"measure": "tekort", "breakdown": "onderwijsregio"}
    link, _created = TablePermalink.objects.get_or_create(
        query_key=query_key(release, query), defaults={"release": release, "query": query}
    )
    return link


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)  # a server error is an answer to compare
    return sign_in(client, user) if user is not None else client


def test_unpublished_data_changes_no_public_answer(published_world, capsys):
    earlier, release = published_world
    sentinel = choose_sentinel()
    patterns = [p for p in url_patterns() if p.access and p.access.kind == "public"]
    values = kwarg_values(release, earlier, sentinel, _permalink(release))
    public = public_requests(patterns, sentinel, values, _names(sentinel, release, earlier))
    users = _users(sentinel)
    clients = {
        "anonymous": _client(),
        "stranger board": _client(users["stranger"]["board"]),
        "region R": _client(users["stranger"]["region"]),
        "region R2": _client(users["r2"]["region"]),
    }

    # A. the public baseline
    before = _request_all(public, clients)
    # B. a new round opens (no data yet); the signed-in baseline
    new_round = open_new_round()
    signed_in = signed_in_requests(sentinel, release)
    before.update(_request_all(signed_in, clients))
    # C. the unpublished data; every request again
    register_sentinels(new_round, sentinel, users["owner"])
    new_run = unpublished_run(new_round, release.run)
    unpublished_run(release.round, release.run)
    cache.clear()
    clients["anonymous"] = _client()
    after = _request_all(public + signed_in, clients)

    REQUESTS.update(
        public_patterns=len(patterns),
        public_requests=len(public),
        signed_in_requests=len(signed_in),
        answers_compared=len(after),
    )
    with capsys.disabled():
        print(
            f"\none road: {len(patterns)} public URL patterns, {len(public)} anonymous requests "
            f"and {len(signed_in)} signed-in ones, each answered before and after "
            f"unpublished data was added ({2 * len(after)} answers)"
        )

    # Sanity: no public pattern skipped; the baseline has content; the search finds sentinels.
    listed = {p.name for p in url_patterns() if p.access and p.access.kind == "public"}
    requested = {r.pattern for r in public}
    assert requested == listed and len(listed) > 50, sorted(listed ^ requested)
    problems = [
        f"{name}: no baseline answer with content (200); the comparison would prove little"
        for name in MUST_HAVE_CONTENT
        if not any(a.status == 200 for r, a in before.items() if r.pattern == name)
    ]
    problems += _sentinels_not_found(users["owner"], sentinel, new_run, new_round)
    failures = _differences(before, after)
    if failures:
        problems.append(
            f"{len(failures)} of {len(after)} answers leak or changed after unpublished data "
            "was added:\n" + "\n".join(failures)
        )
    assert not problems, "\n".join(problems)


def _sentinels_not_found(owners, sentinel, new_run, new_round) -> list[str]:
    """The search finds each kind of sentinel where it may be seen: the ministry's view of the
    unpublished round and the run's preview, the board's own view, the school's own history."""
    new = {"peildatum": NEW_PEILDATUM.isoformat()}
    analyst, board, school = (_client(owners[role]) for role in ("analyst", "board", "school"))
    checks = [
        (analyst, reverse("dashboards:ministry") + _query(new), "run rate 0.7373"),
        (analyst, reverse("dashboards:ministry-json") + _query(new), "run rate 0.7373"),
        (analyst, reverse("publications:preview", args=[new_run.pk]), "run rate 0.7373"),
        (
            board,
            reverse("dashboards:board", args=[sentinel.board.number]) + _query(new),
            "board ratio 100.80/262.62",
        ),
        (
            board,
            reverse("dashboards:board-json", args=[sentinel.board.number]) + _query(new),
            "school leaders ratio 8.08/31.31",
        ),
        (
            school,
            reverse("submissions:versions-json", args=[new_round.pk, sentinel.school.code]),
            "school formatie 17.37",
        ),
    ]
    missing = []
    for client, url, label in checks:
        answer = get(client, url)
        if answer.status != 200 or not answer.sentinels[label]:
            missing.append(f"{url}: {answer.status}, the search did not find {label}")
    return missing
