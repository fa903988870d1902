"""The public pages of an area and a board (issue 16, part 4): the latest release's figure as
published, the nearest published level when it is withheld, the schools in it, and a .json twin
with the same content."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tekort.publications.models import ReleaseCell
from tekort.publications.presentation import percentage
from tekort.registry.models import Board, Location, Municipality, Onderwijsregio, Province

pytestmark = [
    pytest.mark.real_register,  # areas of the whole country
    pytest.mark.usefixtures("module_release"),
]

CHAIN = ("municipality_code", "labour_market_region", "province", "national")


def _cells(release, breakdown):
    """{domain: ReleaseCell} of the release's direct teachers' shortage cells of a breakdown."""
    return {
        c.domain: c
        for c in ReleaseCell.objects.filter(
            release=release,
            function="leraar",
            measure="tekort",
            breakdown=breakdown,
            is_model_based=False,
        )
    }


def _dutch(rate) -> str:
    return f"{percentage(rate):.1f}".replace(".", ",") + "%"


def _row(html: str, level: str) -> str:
    return re.search(rf'<tr data-level="{level}">.*?</tr>', html, re.DOTALL).group(0)


def _municipality_with(release, symbol: str) -> Municipality:
    cells = _cells(release, "municipality_code")
    codes = sorted(d.split("=", 1)[1] for d, c in cells.items() if c.symbol == symbol)
    return (
        Municipality.objects.filter(code__in=codes, labour_market_region__isnull=False)
        .exclude(locations=None)
        .order_by("code")
        .first()
    )


def test_a_municipality_page_shows_its_published_figure_and_its_schools(client, release):
    municipality = _municipality_with(release, "")
    cell = _cells(release, "municipality_code")[f"municipality_code={municipality.code}"]
    html = client.get(reverse("publications:municipality", args=[municipality.code]))
    assert html.status_code == 200
    html = html.content.decode()
    assert f"<h1>Gemeente {escape(municipality.name)}</h1>" in html
    row = _row(html, "municipality_code")
    assert f"{_dutch(cell.rate)} [p]" in row
    assert f"{percentage(cell.ci_low):.1f}".replace(".", ",") in row
    assert f">{cell.quality_class}</a>" in row
    # the larger areas link to their own pages; the table tool is filtered to this one
    region = municipality.labour_market_region
    assert reverse("publications:labour-market-region", args=[region.code]) in html
    assert reverse("publications:province", args=[municipality.province_id]) in html
    assert f"?breakdown=municipality_code&amp;q={municipality.name.replace(' ', '+')}" in html
    for location in Location.objects.filter(municipality=municipality):
        assert reverse("registry:location", args=[location.code]) in html


def test_a_withheld_municipality_points_to_the_nearest_published_level(client, release):
    municipality = _municipality_with(release, "c")
    published = {
        "labour_market_region": _cells(release, "labour_market_region").get(
            f"labour_market_region={municipality.labour_market_region_id}"
        ),
        "province": _cells(release, "province").get(f"province={municipality.province_id}"),
        "national": _cells(release, "national").get("national"),
    }
    nearest = next(level for level, c in published.items() if c is not None and c.rate is not None)
    url = reverse("publications:municipality", args=[municipality.code])
    row = _row(client.get(url).content.decode(), "municipality_code")
    assert "[c]" in row and "Niet gepubliceerd; zie" in row
    assert _dutch(published[nearest].rate) in row
    data = client.get(reverse("publications:municipality-json", args=[municipality.code])).json()
    own = data["figures"][0]
    assert (own["withheld"], own["symbol"], own["percentage"]) == (True, "c", None)
    assert own["fallback"]["level"] == nearest
    assert own["fallback"]["percentage"] == percentage(published[nearest].rate)


def test_the_json_twin_holds_what_the_page_shows(client, release):
    regio = Onderwijsregio.objects.exclude(boards=None).order_by("name").first()
    pages = [
        ("municipality", _municipality_with(release, "").code),
        ("onderwijsregio", regio.pk),
        ("labour-market-region", _municipality_with(release, "").labour_market_region_id),
        ("province", Province.objects.order_by("code").first().code),
        ("board", regio.boards.order_by("number").first().number),
    ]
    for name, key in pages:
        html = client.get(reverse(f"publications:{name}", args=[key])).content.decode()
        data = client.get(reverse(f"publications:{name}-json", args=[key])).json()
        assert data["release"]["slug"] == release.slug
        assert reverse(f"publications:{name}-json", args=[key]) in html
        assert escape(data["name"]) in html
        rows = re.findall(r"<tr data-level=.*?</tr>", html, re.DOTALL)
        assert len(rows) == len(data["figures"]) >= 1
        for row, figure in zip(rows, data["figures"], strict=True):
            assert f'data-level="{figure["level"]}"' in row
            assert f"{escape(figure['kind'])}: " in row and escape(figure["name"]) in row
            if figure["withheld"]:
                assert f"[{figure['symbol']}]" in row
            else:
                assert f"{figure['percentage']:.1f}".replace(".", ",") + "%" in row
                assert f"{figure['ci_high']:.1f}".replace(".", ",") in row
        for school in data.get("schools", []):
            assert f'href="{school["url"]}"' in html
        for municipality in data.get("municipalities", []):
            assert f'href="{municipality["url"]}"' in html


def test_an_onderwijsregio_page_lists_its_boards_and_schools(client, release):
    regio = Onderwijsregio.objects.exclude(boards=None).order_by("name").first()
    data = client.get(reverse("publications:onderwijsregio-json", args=[regio.pk])).json()
    cell = _cells(release, "onderwijsregio")[f"onderwijsregio={regio.name}"]
    own = data["figures"][0]
    assert (own["level"], own["name"]) == ("onderwijsregio", regio.name)
    assert own["percentage"] == (percentage(cell.rate) if cell.rate is not None else None)
    assert {b["number"] for b in data["boards"]} == set(
        regio.boards.values_list("number", flat=True)
    )
    expected = set(
        Location.objects.filter(board__onderwijsregios=regio).values_list("code", flat=True)
    )
    assert {s["code"] for s in data["schools"]} == expected


def test_a_board_page_shows_its_areas_never_its_own_figure(client, release):
    board = Board.objects.exclude(onderwijsregios=None).order_by("number").first()
    url = reverse("publications:board", args=[board.number])
    html = client.get(url).content.decode()
    data = client.get(reverse("publications:board-json", args=[board.number])).json()
    municipalities = set(
        Municipality.objects.filter(locations__board=board).values_list("name", flat=True)
    )
    levels = [f["level"] for f in data["figures"]]
    assert "board" not in levels and levels[-1] == "national"
    assert {f["name"] for f in data["figures"] if f["level"] == "municipality_code"} == (
        municipalities
    )
    assert {s["code"] for s in data["schools"]} == set(
        board.locations.values_list("code", flat=True)
    )
    assert reverse("dashboards:board", args=[board.number]) in html
    assert "geen eigen openbaar cijfer" in html


def test_an_unknown_area_or_board_is_a_dutch_404(client, db):
    for name, key in [
        ("municipality", "GM9999"),
        ("onderwijsregio", 999999),
        ("labour-market-region", "AM99"),
        ("province", "PV99"),
        ("board", "00000"),
    ]:
        response = client.get(reverse(f"publications:{name}", args=[key]))
        assert response.status_code == 404
        assert "Pagina niet gevonden" in response.content.decode()
        assert client.get(reverse(f"publications:{name}-json", args=[key])).status_code == 404


def test_the_school_page_and_the_search_link_to_the_area_pages(client, release):
    location = Location.objects.select_related("municipality", "board").get(code="32JK00")
    html = client.get(reverse("registry:location", args=[location.code])).content.decode()
    regio = location.board.onderwijsregios.get()
    assert reverse("publications:municipality", args=[location.municipality_id]) in html
    assert reverse("publications:onderwijsregio", args=[regio.pk]) in html
    assert reverse("publications:board", args=[location.board_id]) in html
    search = client.get(reverse("registry:search"), {"q": location.municipality.name})
    search = search.content.decode()
    assert reverse("publications:municipality", args=[location.municipality_id]) in search
    assert reverse("publications:province", args=[location.municipality.province_id]) in search


def test_an_onderwijsregio_page_shows_its_po_and_vo_with_the_model_where_uncertain(client, release):
    # po and vo per region (issue 23): the direct rate, or where it is class F (x) the model's
    # rate, marked e; a withheld cell stays withheld
    cells = ReleaseCell.objects.filter(
        release=release,
        function="leraar",
        measure="tekort",
        breakdown="onderwijsregio:sector_group",
    )
    model = {c.domain: c for c in cells if c.is_model_based}
    filled = [c for c in cells if not c.is_model_based and c.symbol == "x" and model[c.domain].rate]
    assert filled, "the release has no region whose direct rate is class F"
    seen = set()
    for direct in [filled[0], *cells.filter(is_model_based=False, symbol="c")[:1]]:
        name = direct.domain.split("|")[0].removeprefix("onderwijsregio=")
        regio = Onderwijsregio.objects.get(name=name)
        data = client.get(reverse("publications:onderwijsregio-json", args=[regio.pk])).json()
        rows = {
            f"onderwijsregio={f['name']}|sector_group={f['kind'][:2]}": f
            for f in data["figures"]
            if f["level"] == "onderwijsregio:sector_group"
        }
        assert len(rows) == 2 and [f["level"] for f in data["figures"]][-1] == "national"
        row = rows[direct.domain]
        if direct.symbol == "x":
            assert row["percentage"] == percentage(model[direct.domain].rate)
            assert "e" in row["flags"] and not row["withheld"]
        else:
            assert row["withheld"] and row["percentage"] is None and row["symbol"] == "c"
            # it points to the same sector group nationally, not to the all-sector figure
            group = direct.domain.rsplit("=", 1)[1]
            national = _cells(release, "sector_group")[f"sector_group={group}"]
            assert row["fallback"]["level"] == "sector_group"
            assert row["fallback"]["percentage"] == percentage(national.rate)
        html = client.get(reverse("publications:onderwijsregio", args=[regio.pk])).content
        assert html.decode().count('data-level="onderwijsregio:sector_group"') == 2
        seen.add(direct.symbol)
    assert seen == {"x", "c"}
