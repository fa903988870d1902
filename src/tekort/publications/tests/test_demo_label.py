"""Demo figures are labelled everywhere (issue 14, item 5): every CSV and XLSX row says ``demo``
("ja"/"nee"), an XLSX of demo figures starts with the demo line, every release described in
JSON or by the API says ``demo``, and a demo release never says "definitief".

Each test runs twice on the same published releases: once with their rounds marked demo, once
marked real. Both releases are stored as "definitief" (as a demo release published before
``publish`` refused that may be), so the real case shows the status passes through unchanged.
"""

import csv
import io

import pytest
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook

from tekort.publications.models import Release
from tekort.submissions.models import Round

pytestmark = pytest.mark.django_db

DEMO_LINE = "Demonstratiegegevens: geen echte cijfers"
TABLES = (
    {"breakdown": "sector"},
    {"breakdown": "municipality_code", "method": "model"},
    {"breakdown": "sector", "function": "schoolleider"},
)


@pytest.fixture(params=[True, False], ids=["demo", "real"])
def demo(request, module_release, db):
    """Whether the releases' rounds are demo rounds.

    Both rounds are published once for the module (``module_release``: provisional, as
    ``publish`` refuses "definitief" for a demo round), then stored as "definitief" in this
    test's savepoint, as a demo release published before that refusal may be.
    """
    Round.objects.filter(pk__in=Release.objects.values("round")).update(is_demo=request.param)
    Release.objects.update(status=Release.Status.FINAL)
    return request.param


@pytest.fixture
def latest(demo):
    return Release.objects.current().select_related("round").first()


def _expected_status(demo: bool) -> str:
    return "voorlopig" if demo else "definitief"


def _assert_csv(response, demo: bool) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert next(csv.reader(io.StringIO(response.content.decode())))[0] == "demo"
    assert records and {r["demo"] for r in records} == {"ja" if demo else "nee"}
    return records


def _assert_xlsx(response, demo: bool) -> None:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][0] == DEMO_LINE) is demo
    assert not any(DEMO_LINE in str(v) for row in rows[1:] for v in row if v)
    header = next(k for k, row in enumerate(rows) if row[0] == "demo")
    body = [row for row in rows[header + 1 :] if any(v not in (None, "") for v in row)]
    assert body and {row[0] for row in body} == {"ja" if demo else "nee"}


def _assert_release(meta: dict, demo: bool) -> None:
    assert meta["demo"] is demo
    assert meta["status"] == _expected_status(demo)


def test_every_download_of_the_table_tool_and_of_a_release_says_demo(client, latest, demo):
    for table in TABLES:
        query = {"release": latest.slug, **table}
        _assert_csv(client.get("/tabellen.csv", query), demo)
        _assert_xlsx(client.get("/tabellen.xlsx", query), demo)
        _assert_release(client.get("/tabellen.json", query).json()["release"], demo)
    records = _assert_csv(client.get(f"/cijfers/{latest.slug}/cellen.csv"), demo)
    assert {r["functie"] for r in records} == {"leraar", "schoolleider"}
    # a permalink's downloads
    link = client.get("/tabellen/permalink/", {"release": latest.slug, "breakdown": "sector"})
    url = link["Location"]
    _assert_csv(client.get(url + ".csv"), demo)
    _assert_xlsx(client.get(url + ".xlsx"), demo)
    _assert_release(client.get(url + ".json").json()["release"], demo)


def test_the_api_says_demo_for_every_release_and_cell_and_never_final_for_demo(
    client, latest, demo
):
    releases = client.get("/api/v1/releases/").json()
    assert len(releases) == 2
    for meta in releases:
        _assert_release(meta, demo)
    _assert_release(client.get(f"/api/v1/releases/{latest.slug}/").json(), demo)
    _assert_release(client.get(f"/api/v1/releases/{latest.slug}/headline/").json()["release"], demo)
    cells, url = [], f"/api/v1/releases/{latest.slug}/cells/?limit=5000"
    while url:  # every page
        page = client.get(url).json()
        cells += page["results"]
        url = page["next"]
    assert len(cells) == page["count"] == latest.cells.count()
    assert {c["demo"] for c in cells} == {demo}
    # a demo release is provisional: its shown figures carry [p]; a real final one has none
    shown = [c for c in cells if c["percentage"] is not None]
    assert shown and all(("p" in c["flags"]) is demo for c in shown)


def test_the_json_of_the_public_pages_says_demo_for_the_release(client, latest, demo):
    for url in ("/cijfers.json", f"/cijfers/{latest.slug}.json"):
        _assert_release(client.get(url).json()["release"], demo)
    for meta in client.get("/publicaties.json").json()["releases"]:
        _assert_release(meta, demo)
    log = client.get(f"/publicaties/{latest.round.peildatum.isoformat()}/wijzigingen.json")
    for meta in log.json()["versions"]:
        _assert_release(meta, demo)
    _assert_release(client.get("/kaart.json").json()["release"], demo)
    _assert_release(client.get("/kaart.json", {"level": "province"}).json()["release"], demo)


def test_the_release_pages_show_the_demo_label(client, latest, demo):
    link = client.get("/tabellen/permalink/", {"release": latest.slug, "breakdown": "sector"})
    for url in (
        "/cijfers/",
        f"/cijfers/{latest.slug}/",
        "/tabellen/",
        "/kaart/",
        link["Location"],
    ):
        html = client.get(url).content.decode()
        assert ("Demonstratiegegevens: geen echte cijfers." in html) is demo, url
        assert ("badge-definitief" in html) is not demo, url
    peildatum = latest.round.peildatum.isoformat()
    for url in (
        "/publicaties/",
        f"/publicaties/{peildatum}/",
        f"/publicaties/{peildatum}/wijzigingen",
    ):
        html = client.get(url).content.decode()
        assert ("voorlopig, demogegevens" in html) is demo, url
        assert ("definitief" in html) is not demo, url
    tool = client.get("/tabellen/").content.decode()
    assert ("· voorlopig · demogegevens</option>" in tool) is demo


def test_the_openapi_schema_declares_demo_and_the_statuses():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for name in ("Release", "Cell"):
        assert components[name]["properties"]["demo"]["type"] == "boolean"
        assert "demo" in components[name]["required"]
    status = components["Release"]["properties"]["status"]
    enum = components[status["allOf"][0]["$ref"].rsplit("/", 1)[1]] if "allOf" in status else status
    assert enum["enum"] == ["voorlopig", "definitief"]
    assert "voorlopig" in status.get("description", "") + enum.get("description", "")
