"""Public pages: headline, versions, table tool, permalinks, downloads, map, text pages; staff."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tekort.publications.models import Release, TablePermalink
from tekort.publications.publishing import publish

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_register,  # national figures and named areas of the whole country
    pytest.mark.usefixtures("module_release"),
]


def test_the_headline_page_shows_the_latest_release_with_intervals_and_methods(client, release):
    response = client.get("/cijfers/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lerarentekort op peildatum 1 oktober 2025" in html
    assert "voorlopig" in html
    national = release.headline["national"]
    assert f"{national['percentage']:.1f}".replace(".", ",") + "%" in html
    # six charts (sector, cells, how schools cope, trend, G5, schoolweging), each with a table
    # and a summary; the school leaders' section has a summary and a table without a chart
    assert html.count('role="img"') == 6 and 'id="chart-coping-title"' in html
    assert html.count("<table") >= 7 and html.count('class="summary"') == 7
    # school leaders: a key figure and their own table (asked per school board)
    leaders = release.headline["school_leaders"]["national"]
    assert "tekort aan schoolleiders (uitgevraagd per schoolbestuur)" in html
    assert f"{leaders['percentage']:.1f}".replace(".", ",") + "%" in html
    assert 'id="schoolleiders"' in html and "/methodologie/school-leaders" in html
    assert "/methode/hoe-we-meten/" in html  # every row's "methode" link: the plain page
    assert "/methode/hoe-zeker-is-dit/#kwaliteitsklassen" in html  # quality class links
    assert "[p]" in html and "vertrouwelijk" in html  # the symbols' legend
    # the same page at its version's URL, its JSON the stored headline
    assert client.get(f"/cijfers/{release.slug}/").status_code == 200
    assert client.get("/cijfers.json").json() == release.headline


def test_a_superseded_version_says_which_version_replaced_it(client, release):
    second = publish(_copy_run(release.run), note="Definitief")  # demo: never final
    old = client.get(f"/cijfers/{release.slug}/").content.decode()
    assert "vervangen" in old and f"/cijfers/{second.slug}/" in old
    assert f"/cijfers/{second.slug}/" in client.get("/cijfers/").content.decode()
    versions = client.get(f"/publicaties/{release.round.peildatum}/").content.decode()
    assert "Versie 1" in versions and "Versie 2" in versions
    log = client.get(f"/publicaties/{release.round.peildatum}/wijzigingen").content.decode()
    assert "Definitief" in log and "0 cellen herzien" in log
    log_json = client.get(f"/publicaties/{release.round.peildatum}/wijzigingen.json").json()
    assert [v["version"] for v in log_json["versions"]] == [2, 1]
    assert log_json["versions"][1]["superseded_by"] == second.slug
    listing = client.get("/publicaties.json").json()["releases"]
    assert {r["slug"] for r in listing} == set(Release.objects.values_list("slug", flat=True))


def test_the_table_tool_filters_and_offers_downloads_at_predictable_urls(client, release):
    query = {"release": release.slug, "breakdown": "sector:g5", "sector": "bao"}
    html = client.get("/tabellen/", query).content.decode()
    assert "bao (basisonderwijs), G5" in html and "2 rijen" in html
    rows = client.get("/tabellen.json", query).json()["rows"]
    assert [r["domain"] for r in rows] == ["sector=bao|g5=True", "sector=bao|g5=False"]
    text = client.get("/tabellen.csv", query).content.decode()
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["domein"] for r in records] == [r["domain"] for r in rows]  # Dutch headers
    assert records[0]["percentage"] == str(rows[0]["percentage"])
    book = load_workbook(io.BytesIO(client.get("/tabellen.xlsx", query).content))
    sheet = book.worksheets[0]
    # the fixture's rounds are demo rounds: the demo line, title, release, blank, header, rows
    assert sheet["A1"].value == "Demonstratiegegevens: geen echte cijfers"
    assert sheet.max_row == 5 + len(rows) and "[c]" in str(list(book.worksheets[1].values))
    # a filter by area name; an invalid choice is an error linked to its field
    found = client.get("/tabellen.json", {"breakdown": "municipality_code", "q": "amster"})
    assert [r["label"] for r in found.json()["rows"]] == ["Amsterdam"]
    bad = client.get("/tabellen/", {"breakdown": "planets"})
    assert bad.status_code == 400
    assert 'aria-describedby="id_breakdown_error"' in bad.content.decode()


def test_the_table_tool_shows_school_leaders_only_where_they_are_published(client, release):
    query = {"release": release.slug, "function": "schoolleider", "breakdown": "sector"}
    table = client.get("/tabellen.json", query).json()
    assert table["query"]["function"] == "schoolleider"
    stored = {
        c.domain: c.rate
        for c in release.cells.filter(function="schoolleider", breakdown="sector", measure="tekort")
    }
    assert {r["domain"] for r in table["rows"]} == set(stored)
    assert all(r["function"] == "schoolleider" for r in table["rows"])
    teachers = client.get("/tabellen.json", {**query, "function": "leraar"}).json()
    assert "function" not in teachers["query"]  # teachers are the default (older permalinks)
    assert [r["percentage"] for r in teachers["rows"]] != [r["percentage"] for r in table["rows"]]
    html = client.get("/tabellen/", query).content.decode()
    assert "schoolleiders naar sector" in html
    # school leaders by municipality are not published: an error on the breakdown, no table
    bad = client.get("/tabellen/", {**query, "breakdown": "municipality_code"})
    assert bad.status_code == 400
    assert "geen cijfers van schoolleiders" in bad.content.decode()


def test_the_table_tool_puts_several_peildata_in_one_table(client, release):
    earlier = Release.objects.exclude(pk=release.pk).get()
    query = {"release": release.slug, "breakdown": "sector", "compare": [earlier.slug]}
    table = client.get("/tabellen.json", query).json()
    assert table["query"]["compare"] == [earlier.slug]
    periods = table["periods"]
    assert [p["release"]["slug"] for p in periods] == [earlier.slug, release.slug]  # by date
    stored = {
        c.domain: c.rate
        for c in earlier.cells.filter(function="leraar", breakdown="sector", measure="tekort")
    }
    assert {r["domain"] for r in periods[0]["rows"]} == set(stored)
    assert periods[1]["rows"] == table["rows"]  # the chosen peildatum's rows, as without compare
    html = client.get("/tabellen/", query).content.decode()
    dates = [f"{r.round.peildatum:%d-%m-%Y}" for r in (earlier, release)]
    assert f"peildata {dates[0]}, {dates[1]}" in html
    assert 'id="comparison-caption"' in html and f"/cijfers/{release.slug}/verandering/" in html
    first = next(r for r in periods[0]["rows"] if r["percentage"] is not None)
    assert f"{first['percentage']:.1f}".replace(".", ",") in html
    # the CSV is long: one record per peildatum and area, each with its own release
    records = list(csv.DictReader(io.StringIO(client.get("/tabellen.csv", query).content.decode())))
    assert len(records) == len(periods[0]["rows"]) + len(periods[1]["rows"])
    assert {r["publicatie"] for r in records} == {earlier.slug, release.slug}
    # the chosen peildatum cannot be compared with itself; an unknown release is an error
    again = client.get("/tabellen.json", {**query, "compare": [earlier.slug, release.slug]})
    assert again.status_code == 400
    assert client.get("/tabellen/", {**query, "compare": ["nope"]}).status_code == 400
    # a permalink freezes the comparison too
    link = client.get("/tabellen/permalink/", query)
    frozen = client.get(link.url + ".json").json()
    assert [p["release"]["slug"] for p in frozen["periods"]] == [earlier.slug, release.slug]


def test_a_permalink_freezes_the_table_on_its_release_version(client, release):
    data = {"release": release.slug, "breakdown": "g5", "measure": "verborgen"}
    response = client.get("/tabellen/permalink/", data)
    link = TablePermalink.objects.get()
    assert response.url == f"/tabellen/permalink/{link.pk}"
    assert client.get("/tabellen/permalink/", data).url == response.url  # same table, same link
    before = client.get(f"/tabellen/permalink/{link.pk}.json").json()
    assert before["release"]["slug"] == release.slug and len(before["rows"]) == 2
    publish(_copy_run(release.run, factor=1.5), note="Herzien")
    page = client.get(f"/tabellen/permalink/{link.pk}").content.decode()
    assert "vervangen" in page
    after = client.get(f"/tabellen/permalink/{link.pk}.json").json()
    assert after["rows"] == before["rows"]  # frozen: the revision does not change it
    assert client.get(f"/tabellen/permalink/{link.pk}.csv")["ETag"] == release.etag
    assert client.get(f"/tabellen/permalink/{link.pk}.xlsx").status_code == 200


def test_the_map_draws_every_area_with_a_name_and_hatches_suppressed_ones(client, release):
    html = client.get("/kaart/", {"level": "municipality_code"}).content.decode()
    assert html.count('class="area"') > 300
    assert 'aria-label="Amsterdam: ' in html
    assert 'fill="url(#hatch)"' in html and "onderdrukt" in html
    regions = client.get("/kaart/", {"level": "onderwijsregio"}).content.decode()
    assert "geen gebied" in regions and regions.count('class="area"') > 20
    data = client.get("/kaart.json", {"level": "labour_market_region"}).json()
    assert len(data["areas"]) == 35
    assert client.get("/kaart/", {"level": "mars"}).status_code == 400


def test_methodology_glossary_and_accessibility_pages(client):
    index = client.get("/methodologie/").content.decode()
    assert "/methodologie/disclosure-control" in index
    page = client.get("/methodologie/disclosure-control").content.decode()
    assert '<article class="document">' in page and "p%-regel" in page
    assert "<table>" in client.get("/methodologie/forecast").content.decode()
    assert client.get("/methodologie/no-such-page").status_code == 404
    assert client.get("/methodologie/..%2Fglossary").status_code == 404
    glossary = client.get("/begrippen/").content.decode()
    for term in ("Peildatum", "Verborgen vacature", "Onderwijsregio", "Formatie"):
        assert f">{term}</h2>" in glossary
    assert "WCAG 2.1" in client.get("/toegankelijkheid/").content.decode()
    assert json.loads(client.get("/methodologie.json").content)["pages"]


def _copy_run(run, factor=1.0):
    """A new finished run of the same round with the same cells (rates scaled by ``factor``)."""
    from tekort.estimates.models import EstimateCell, EstimateRun

    copy = EstimateRun.objects.create(
        round=run.round,
        method_version=run.method_version,
        inputs_fingerprint=run.inputs_fingerprint,
        seed=run.seed + 1,
        n_bootstrap=run.n_bootstrap,
        status=EstimateRun.Status.DONE,
        results_fingerprint=f"{factor}".ljust(64, "0"),
    )
    cells = list(EstimateCell.objects.filter(run=run))
    for cell in cells:
        cell.pk, cell.run = None, copy
        if cell.rate is not None:
            cell.rate *= factor
    EstimateCell.objects.bulk_create(cells)
    return copy
