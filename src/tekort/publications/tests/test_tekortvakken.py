"""Tekortvakken: the vo shortage by subject as published (issue 20).

Two rounds' estimate runs get subject cells made here (breakdowns ``vak`` and
``vak:onderwijsregio``) and are published with the one write path; a withheld cell carries a
sentinel value that must never be shown, and a later, unpublished run carries another. The
pages, their JSON and CSV, and the API are read back.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from tekort.forecasts.tests.factories import EstimateCellFactory, EstimateRunFactory, RoundFactory
from tekort.publications import subjects
from tekort.publications.publishing import publish
from tekort.registry.models import Onderwijsregio

pytestmark = pytest.mark.django_db

EARLIER, LATER = date(2033, 2, 1), date(2033, 10, 1)
# national rate per subject (later round); FA is suppressed by disclosure control, NA has too
# little response (class F), DU is of low reliability (class E)
LATER_RATES = {"WI": 0.12, "NE": 0.09, "EN": 0.07, "DU": 0.05, "FA": 0.4321, "NA": 0.02}
EARLIER_RATES = {"WI": 0.10, "NE": 0.08, "EN": 0.06, "DU": 0.04, "FA": 0.03, "NA": 0.02}
WITHHELD = {"FA": {"disclosure_status": "primary_suppressed"}, "NA": {"quality_class": "F"}}
LOW_RELIABILITY = {"DU": {"quality_class": "E"}}
# the withheld cell's value (43.21 %) and the unpublished run's (73.73 %), in every rounding;
# not after a digit or a colon, so a release's publication time (…T20:15:43.232) is no match
SENTINELS = re.compile(r"(?<![\d:])(?:43[,.]2|73[,.]7|0\.4321|0\.7373)")
MEASURES = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)


def _cells(run, rates: dict, regions: list[str], *, withheld=True) -> None:
    for code, rate in rates.items():
        extra = {**(WITHHELD.get(code, {}) if withheld else {}), **LOW_RELIABILITY.get(code, {})}
        EstimateCellFactory(
            run=run, breakdown=subjects.SUBJECT, domain=f"vak={code}", rate=rate, fte=80, **extra
        )
        for i, region in enumerate(regions):
            # the first region's cell of every subject is suppressed
            status = "primary_suppressed" if i == 0 else "published"
            EstimateCellFactory(
                run=run,
                breakdown=subjects.SUBJECT_REGION,
                domain=f"vak={code}|onderwijsregio={region}",
                rate=rate + 0.01 * i,
                fte=20,
                disclosure_status=status,
            )
    for measure in MEASURES:
        EstimateCellFactory(
            run=run,
            breakdown=subjects.SUBJECT,
            domain="vak=WI",
            measure=measure,
            rate=rates["WI"] / 4,
            fte=20,
        )


def _run(peildatum, rates, regions, **kwargs):
    round_ = RoundFactory(peildatum=peildatum, is_demo=False)
    run = EstimateRunFactory(round=round_, breakdowns=list(subjects.BREAKDOWNS))
    _cells(run, rates, regions, **kwargs)
    return run


@pytest.fixture
def regions():
    names = list(Onderwijsregio.objects.order_by("name").values_list("name", flat=True)[:3])
    assert len(names) == 3
    return names


@pytest.fixture
def releases(regions):
    earlier = publish(_run(EARLIER, EARLIER_RATES, regions, withheld=False))
    later = publish(_run(LATER, LATER_RATES, regions))
    # a finished run of the later round and one of a new round, neither published
    sentinel = dict.fromkeys(LATER_RATES, 0.7373)
    unpublished = EstimateRunFactory(round=later.round, breakdowns=list(subjects.BREAKDOWNS))
    _cells(unpublished, sentinel, regions, withheld=False)
    _run(date(2034, 2, 1), sentinel, regions, withheld=False)
    return earlier, later


def _text(response) -> str:
    """The answer's text without the shapes' coordinates (a map's paths hold any digits)."""
    return re.sub(r' (d|points|viewBox)="[^"]*"', "", response.content.decode())


def test_subjects_are_ranked_by_their_shortage_with_intervals(client, releases):
    _earlier, later = releases
    data = client.get(reverse("publications:tekortvakken-json")).json()
    assert data["release"]["slug"] == later.slug
    order = [s["code"] for s in data["subjects"]]
    # shown values highest first, then the withheld ones in the ministry's order
    assert order == ["WI", "NE", "EN", "DU", "FA", "NA"]
    assert [s["rank"] for s in data["subjects"]] == [1, 2, 3, 4, None, None]
    wi = data["subjects"][0]
    assert wi["name"] == "Wiskunde"
    assert (wi["percentage"], wi["ci_low"], wi["ci_high"]) == (12.0, 11.2, 12.8)
    assert wi["url"] == "/tekortvakken/WI/"
    assert "u" in data["subjects"][3]["flags"]  # DU: low reliability, shown with its symbol
    page = _text(client.get(reverse("publications:tekortvakken")))
    assert 'id="chart-vakken-title"' in page
    # the table beside the chart lists the subjects in ranked order
    table = page[page.index("<caption>") :]
    positions = [table.index(f">{name}<") for name in ("Wiskunde", "Nederlands", "Engels", "Duits")]
    assert positions == sorted(positions)
    # what a tekortvak is, and that a total-only answer is item non-response, in Dutch
    assert "Wat is een tekortvak?" in page and "item-non-respondent" in page
    assert 'href="/begrippen/#tekortvak"' in page
    methodology = page.split('href="/methodologie/subjects"', 1)
    assert len(methodology) == 2 and client.get("/methodologie/subjects").status_code == 200


def test_a_withheld_cell_shows_its_symbol_and_never_a_value(client, releases):
    data = client.get(reverse("publications:tekortvakken-json")).json()
    fa = next(s for s in data["subjects"] if s["code"] == "FA")
    na = next(s for s in data["subjects"] if s["code"] == "NA")
    assert fa["flags"][0] == "c" and fa["percentage"] is None and fa["ci_low"] is None
    assert fa["n_responding"] is None  # not even its counts
    assert na["flags"][0] == "x" and na["percentage"] is None
    page = client.get(reverse("publications:tekortvakken"))
    csv_response = client.get(reverse("publications:tekortvakken-csv"))
    for response in (page, client.get(reverse("publications:tekortvakken-json")), csv_response):
        assert response.status_code == 200
        assert not SENTINELS.search(_text(response)), response["Content-Type"]
    assert "[c]" in _text(page) and "[x]" in _text(page)
    rows = list(csv.DictReader(io.StringIO(_text(csv_response))))
    fa_row = next(r for r in rows if r["domein"] == "vak=FA" and r["maat"] == "tekort")
    assert fa_row["percentage"] == "" and fa_row["fte"] == "" and fa_row["symbolen"] == "[c]"
    assert fa_row["naam"] == "Frans"


def test_the_csv_has_dutch_headers_and_every_subject_cell(client, releases, regions):
    _earlier, later = releases
    response = client.get(reverse("publications:tekortvakken-csv"), {"release": later.slug})
    assert response["Content-Disposition"].endswith(f'tekort-{later.slug}-tekortvakken.csv"')
    rows = list(csv.DictReader(io.StringIO(_text(response))))
    assert {"indeling", "domein", "percentage_ondergrens", "symbolen"} <= set(rows[0])
    assert {r["indeling"] for r in rows} == {"vak", "vak:onderwijsregio"}
    assert len(rows) == later.cells.filter(breakdown__in=subjects.BREAKDOWNS).count()
    region = next(r for r in rows if r["domein"] == f"vak=WI|onderwijsregio={regions[1]}")
    assert region["percentage"] == "13.0" and region["naam"] == f"Wiskunde, {regions[1]}"
    # a named release is frozen: its ETag answers 304; the latest is kept a minute only
    assert "max-age=3600" in response["Cache-Control"]
    again = client.get(
        reverse("publications:tekortvakken-csv"),
        {"release": later.slug},
        headers={"If-None-Match": response["ETag"]},
    )
    assert again.status_code == 304
    assert "max-age=60" in client.get(reverse("publications:tekortvakken-csv"))["Cache-Control"]


def test_the_chosen_subject_by_onderwijsregio(client, releases, regions):
    data = client.get(reverse("publications:tekortvakken-json"), {"vak": "NE"}).json()
    assert data["selected"] == "NE"
    assert [r["onderwijsregio"] for r in data["regions"]] == sorted(regions, key=str.casefold)
    by_region = {r["onderwijsregio"]: r for r in data["regions"]}
    assert by_region[regions[0]]["percentage"] is None and by_region[regions[0]]["fill"] == "hatch"
    assert by_region[regions[2]]["percentage"] == 11.0
    # by default the subject with the highest shortage
    assert client.get(reverse("publications:tekortvakken-json")).json()["selected"] == "WI"
    # the matrix: a row per region, a column per subject
    matrix = data["matrix"]
    assert matrix["subjects"][:2] == ["NE", "WI"]
    assert len(matrix["rows"]) == 3 and all(len(r["cells"]) == 6 for r in matrix["rows"])
    page = _text(client.get(reverse("publications:tekortvakken"), {"vak": "NE"}))
    assert "Nederlands naar onderwijsregio" in page
    assert 'id="regiotabel"' in page and f"{regions[2]}: 11,0%" in page  # a map area's name
    bad = client.get(reverse("publications:tekortvakken"), {"vak": "XX"})
    assert bad.status_code == 400


def test_a_subjects_series_over_two_releases(client, releases):
    earlier, later = releases
    data = client.get(reverse("publications:tekortvak-json", args=["WI"])).json()
    assert data["name"] == "Wiskunde"
    series = [(p["peildatum"], p["release"], p["cell"]["percentage"]) for p in data["series"]]
    assert series == [
        (EARLIER.isoformat(), earlier.slug, 10.0),
        (LATER.isoformat(), later.slug, 12.0),
    ]
    assert data["series"][0]["cell"]["ci_low"] == 9.2
    measures = [c["measure"] for c in data["measures"]]
    assert measures == ["tekort", *MEASURES]
    page = _text(client.get(reverse("publications:tekortvak", args=["WI"])))
    assert "Wiskunde" in page and earlier.slug in page and later.slug in page
    assert "trend-title" in page
    # FA: its value in the earlier release, its symbol in the later one
    fa = client.get(reverse("publications:tekortvak-json", args=["FA"])).json()["series"]
    assert fa[0]["cell"]["percentage"] == 3.0 and fa[1]["cell"]["percentage"] is None
    assert not SENTINELS.search(_text(client.get(reverse("publications:tekortvak", args=["FA"]))))


def test_an_unknown_subject_is_not_found(client, releases):
    for name in ("tekortvak", "tekortvak-json"):
        assert client.get(reverse(f"publications:{name}", args=["XX"])).status_code == 404
        # a subject of the list that no release has
        assert client.get(reverse(f"publications:{name}", args=["OV"])).status_code == 404
    assert client.get(reverse("publications:tekortvakken"), {"release": "1999"}).status_code == 404


def test_an_unpublished_run_never_shows(client, regions):
    """Before publication nothing of the subject cells is public; the latest release is the
    published one, not a newer run of its round or a run of a later round."""
    assert client.get(reverse("publications:tekortvakken")).status_code == 404
    assert client.get(reverse("publications:tekortvakken-json")).status_code == 404
    assert client.get(reverse("publications:tekortvak", args=["WI"])).status_code == 404
    unpublished = _run(date(2034, 2, 1), {"WI": 0.7373}, regions, withheld=False)
    assert client.get(reverse("publications:tekortvakken-csv")).status_code == 404
    release = publish(_run(LATER, LATER_RATES, regions))
    _cells(
        EstimateRunFactory(round=release.round), {"WI": 0.7373, "NE": 0.7373}, regions
    )  # a newer run of the published round
    urls = [
        reverse("publications:tekortvakken"),
        reverse("publications:tekortvakken-json"),
        reverse("publications:tekortvakken-csv"),
        reverse("publications:tekortvak", args=["WI"]),
        reverse("publications:tekortvak-json", args=["WI"]),
        f"/api/v1/releases/{release.slug}/cells/?subject=WI",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not SENTINELS.search(_text(response)), url
    # the unpublished round's release does not exist
    slug = f"{unpublished.round.peildatum.isoformat()}-v1"
    assert client.get(reverse("publications:tekortvakken"), {"release": slug}).status_code == 404


def test_the_api_gives_the_subject_cells(client, releases, regions):
    _earlier, later = releases
    url = f"/api/v1/releases/{later.slug}/cells/"
    page = client.get(url, {"subject": "WI", "measure": "tekort"}).json()
    domains = [c["domain"] for c in page["results"]]
    assert domains[0] == "vak=WI" and len(domains) == 1 + len(regions)
    assert all(d == "vak=WI" or d.startswith("vak=WI|onderwijsregio=") for d in domains)
    national = client.get(url, {"breakdown": "vak", "measure": "tekort"}).json()["results"]
    fa = next(c for c in national if c["domain"] == "vak=FA")
    assert fa["percentage"] is None and fa["flags"][0] == "c"
    assert next(c for c in national if c["domain"] == "vak=WI")["label"] == "Wiskunde"
    listed = client.get("/api/v1/subjects/").json()
    assert {"code": "WI", "label": "Wiskunde"} in listed
    breakdowns = {b["code"]: b["dimensions"] for b in client.get("/api/v1/breakdowns/").json()}
    assert breakdowns["vak:onderwijsregio"] == ["vak", "onderwijsregio"]
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    cells = schema["paths"]["/api/v1/releases/{slug}/cells/"]["get"]["parameters"]
    assert "subject" in {p["name"] for p in cells}
    assert "/api/v1/subjects/" in schema["paths"]


def test_the_release_page_and_the_glossary_lead_to_the_subjects(client, releases):
    _earlier, later = releases
    page = _text(client.get(reverse("publications:release", args=[later.slug])))
    assert (
        f'href="/tekortvakken/?release={later.slug}"' in page and "Tekortvakken in het vo" in page
    )
    glossary = _text(client.get(reverse("publications:glossary")))
    assert 'id="tekortvak"' in glossary and 'href="/tekortvakken/"' in glossary
    # the table tool offers the subjects as a breakdown of this release
    table = client.get(
        reverse("publications:table-download", args=["json"]),
        {"release": later.slug, "breakdown": "vak"},
    ).json()
    assert {r["label"] for r in table["rows"]} >= {"Wiskunde", "Frans"}


def test_the_pages_and_the_csv_are_dutch(client, releases):
    """The Dutch-everywhere sweep reads the demo release, which holds no subject cells: the
    pages with subject cells are searched for English here, with its finder."""
    from django.utils import translation

    from tekort.tests.test_dutch_everywhere import EnglishFinder, reader_text

    finder = EnglishFinder()
    urls = [
        reverse("publications:tekortvakken"),
        reverse("publications:tekortvakken") + "?vak=XX",
        reverse("publications:tekortvakken-csv"),
        reverse("publications:tekortvak", args=["WI"]),
        reverse("publications:tekortvak", args=["FA"]),
    ]
    for url in urls:
        with translation.override("nl"):  # as the sweep asks, whatever an import activated
            kind, text = reader_text(client.get(url))
        assert kind in ("page", "csv") and text
        assert finder.find(text) == [], url


def test_the_demo_release_shows_its_subjects(client, release):
    """The demo rounds' vo locations answer per subject or with their total only
    (``submissions.demo``); their published release has its tekortvakken page."""
    stored = release.cells.filter(breakdown=subjects.SUBJECT, measure="tekort")
    assert stored.exists()
    data = client.get(reverse("publications:tekortvakken-json")).json()
    assert data["release"]["slug"] == release.slug
    assert len(data["subjects"]) == stored.count()
    shown = [s["percentage"] for s in data["subjects"] if s["percentage"] is not None]
    assert shown == sorted(shown, reverse=True)
    assert client.get(reverse("publications:tekortvakken")).status_code == 200
    code = data["subjects"][0]["code"]
    assert client.get(reverse("publications:tekortvak", args=[code])).status_code == 200
    # the item response: the subject cells' respondents against the vo total's; about 30 %
    # of the demo's vo respondents give their total only (submissions.demo)
    vo = release.cells.get(
        function="leraar", breakdown="sector", domain="sector=vo", measure="tekort"
    )
    item = data["item_response"]
    assert item["responding"] == vo.n_responding
    assert item["per_subject"] == max(c.n_responding or 0 for c in stored)
    assert 0.6 < item["per_subject"] / item["responding"] < 0.8
    html = client.get(reverse("publications:tekortvakken")).content.decode()
    assert f"Van de {item['responding']} vo-vestigingen" in html


def test_a_subject_name_cannot_run_as_a_formula_in_the_csv(client, releases):
    """Subject names are register data: a name a spreadsheet would run is neutralised."""
    from tekort.registry.models import VoSubject

    VoSubject.objects.filter(code="WI").update(name="=HYPERLINK(1)")
    rows = list(
        csv.DictReader(io.StringIO(_text(client.get(reverse("publications:tekortvakken-csv")))))
    )
    names = {r["naam"] for r in rows if r["domein"] == "vak=WI"}
    assert names == {"'=HYPERLINK(1)"}


def test_the_summaries_name_the_highest_and_the_lowest_published_value():
    """Ranking and map summaries read their extremes alike: rows without a value are counted as
    having none, and of values that tie the highest is the first row, the lowest the last."""
    from decimal import Decimal

    from django.utils import translation

    from tekort.publications.subject_views import ranking_summary, region_summary

    ranked = [
        {"name": "Wiskunde", "percentage": Decimal("12.0")},
        {"name": "Nederlands", "percentage": Decimal("12.0")},
        {"name": "Engels", "percentage": Decimal("3.5")},
        {"name": "Duits", "percentage": Decimal("3.5")},
        {"name": "Frans", "percentage": None},
    ]
    regions = [
        {"label": "Drenthe", "percentage": Decimal("4.0")},
        {"label": "Rijnmond", "percentage": None},
        {"label": "Utrecht", "percentage": Decimal("7.25")},
        {"label": "Zeeland", "percentage": Decimal("1.5")},
    ]
    with translation.override("en"):
        assert ranking_summary(ranked) == (
            "4 subjects have a published value, 1 have none. Highest shortage: "
            "Wiskunde (12,0%); lowest: Duits (3,5%)."
        )
        assert region_summary("Engels", regions) == (
            "Engels: 3 onderwijsregio's have a published value, 1 have none. "
            "Highest: Utrecht (7,3%); lowest: Zeeland (1,5%)."
        )
        assert ranking_summary(ranked[-1:]) == "No subject has a published value."
        assert region_summary("Engels", regions[1:2]) == (
            "Engels: no onderwijsregio has a published value."
        )
