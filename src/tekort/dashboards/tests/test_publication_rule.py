"""Region and nation figures follow publication: a board (and a region) sees a round's
estimates only through its current release, in the page and in every download alike; the
ministry also sees an unpublished round's latest run, marked "niet gepubliceerd"."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tekort.dashboards.tables import EMPTY
from tekort.dashboards.tests.factories import estimate_run
from tekort.dashboards.tests.html_tables import tables_of
from tekort.publications.publishing import publish

pytestmark = pytest.mark.django_db

# Rates no board total of the seeded data comes near (board rates are 0-15 %).
REGION, NATION = 0.777, 0.666
REGION_SHOWN = ["77,7", "77,3", "78,1"]  # rate and 95% interval as the page shows them
NATION_SHOWN = ["66,6", "66,2", "67,0"]
NEW_REGION, NEW_NATION = 0.555, 0.444


def _run(round_, region, region_rate=REGION, nation_rate=NATION):
    return estimate_run(
        round_,
        {
            ("national", "national"): nation_rate,
            ("onderwijsregio", f"onderwijsregio={region.name}"): region_rate,
        },
    )


def _url(board, round_, name="board", *extra):
    return reverse(f"dashboards:{name}", args=[board.number, *extra]) + (
        f"?peildatum={round_.peildatum.isoformat()}"
    )


def _downloads(client, board, round_) -> dict[str, str]:
    """Every download of the board view as text (the .xlsx: every cell value)."""
    out = {"json": client.get(_url(board, round_, "board-json")).content.decode()}
    for table in ("vergelijking", "vestigingen", "trend"):
        out[table] = client.get(_url(board, round_, "board-csv", table)).content.decode()
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url(board, round_, "board-xlsx")).content))
    out["xlsx"] = "\n".join(
        "\t".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )
    return out


def _numbers(values) -> list[str]:
    """The page's shown figures as the downloads write them (decimal point)."""
    return [v.replace(",", ".") for v in values]


def test_a_board_sees_no_figure_of_an_unpublished_round(board_client, board, region, rounds):
    round_ = rounds[0]
    _run(round_, region)  # finished, not published
    page = board_client.get(_url(board, round_)).content.decode()
    tables = tables_of(page)
    comparison, trend = tables["tabel-vergelijking"], tables["tabel-trend"]
    # the board's own figures only (five measures and its school leaders)
    assert [len(row) for row in comparison] == [3] * 7
    assert comparison[1][1] != EMPTY
    header = trend[0]
    estimates = [i for i, label in enumerate(header) if ":" in label and i > 3]
    assert len(estimates) == 11  # region and nation (5 each) and "figures of"
    assert all(row[i] == EMPTY for row in trend[1:] for i in estimates)
    for shown in [*REGION_SHOWN, *NATION_SHOWN]:
        assert shown not in page
    assert "verschijnen hier zodra de ronde is gepubliceerd" in page
    assert "/cijfers/" not in page.split("<main", 1)[1]  # no release to link to

    files = _downloads(board_client, board, round_)
    for name, text in files.items():
        for shown in _numbers([*REGION_SHOWN, *NATION_SHOWN]):
            assert shown not in text, (name, shown)
    data = board_client.get(_url(board, round_, "board-json")).json()
    assert data["figures"] == {"published": False, "unpublished_run": None}
    for table in data["tables"]:
        for row in table["rows"]:
            assert all(
                value is None
                for key, value in row.items()
                if key.startswith(("region_", "nation_")) or key == "figures"
            ), (table["slug"], row)
    header = next(csv.reader(io.StringIO(files["vergelijking"])))
    assert len(header) == 4  # the demo column and the board's three


def test_after_publication_the_page_shows_the_release(board_client, board, region, rounds):
    round_ = rounds[0]
    run = _run(round_, region)
    assert "77,7" not in board_client.get(_url(board, round_)).content.decode()
    release = publish(run)

    page = board_client.get(_url(board, round_)).content.decode()
    total = tables_of(page)["tabel-vergelijking"][1]
    assert total[3:7] == [*REGION_SHOWN, "A"] and total[8:12] == [*NATION_SHOWN, "A"]
    assert total[13] == "versie 1 (voorlopig)"
    assert f'href="{reverse("publications:release", args=[release.slug])}"' in page
    assert release.slug in page and "verschijnen hier zodra" not in page
    trend = tables_of(page)["tabel-trend"]
    assert trend[1][4] == "77,7" and trend[1][-1] == "versie 1 (voorlopig)"
    assert trend[2][4] == EMPTY  # the other round has no release

    data = board_client.get(_url(board, round_, "board-json")).json()
    assert data["figures"]["release"] == release.slug
    assert data["figures"]["url"] == f"/cijfers/{release.slug}/"
    comparison = data["tables"][0]["rows"][0]
    assert (comparison["region_rate"], comparison["nation_rate"]) == (77.7, 66.6)
    files = _downloads(board_client, board, round_)
    assert "77.7,77.3,78.1,A" in files["vergelijking"]
    assert "77.7" in files["xlsx"] and "66.6" in files["xlsx"]


def test_a_suppressed_release_cell_shows_its_symbol_everywhere(board_client, board, region, rounds):
    publish(
        estimate_run(
            rounds[0],
            {("onderwijsregio", f"onderwijsregio={region.name}"): REGION},
            disclosure_status="primary_suppressed",
        )
    )
    page = board_client.get(_url(board, rounds[0])).content.decode()
    total = tables_of(page)["tabel-vergelijking"][1]
    assert total[3] == "c" and total[4:6] == [EMPTY, EMPTY] and "77,7" not in page
    for name, text in _downloads(board_client, board, rounds[0]).items():
        assert "77.7" not in text and "77.3" not in text, name


def test_a_superseded_release_gives_way_to_the_new_version(board_client, board, region, rounds):
    round_ = rounds[0]
    publish(_run(round_, region))
    second = publish(_run(round_, region, NEW_REGION, NEW_NATION), status="definitief")
    _run(round_, region, 0.9137, 0.8821)  # a later run, not published: never shown to a board

    page = board_client.get(_url(board, round_)).content.decode()
    total = tables_of(page)["tabel-vergelijking"][1]
    assert total[3] == "55,5" and total[8] == "44,4"
    assert total[13] == "versie 2 (definitief)"
    assert f"/cijfers/{second.slug}/" in page
    for stale in ("77,7", "66,6", "91,4", "88,2"):
        assert stale not in page
    data = board_client.get(_url(board, round_, "board-json")).json()
    assert data["figures"]["version"] == 2 and data["figures"]["status"] == "definitief"
    for name, text in _downloads(board_client, board, round_).items():
        for stale in ("77.7", "66.6", "91.4", "88.2"):
            assert stale not in text, (name, stale)


def test_the_ministry_sees_the_unpublished_run_marked_as_such(
    analyst_client, board, region, rounds
):
    round_ = rounds[0]
    run = _run(round_, region)
    ministry = reverse("dashboards:ministry") + f"?peildatum={round_.peildatum.isoformat()}"
    page = analyst_client.get(ministry).content.decode()
    tables = tables_of(page)
    national = tables["tabel-landelijk"]
    assert national[1][2] == "66,6" and national[1][-1] == "niet gepubliceerd"
    assert "niet gepubliceerd" in page.split('id="caption-landelijk">', 1)[1].split("<", 1)[0]
    overview = {row[0]: row for row in tables["tabel-rondes"][1:]}
    assert overview[round_.peildatum.isoformat()][-1] == "niet gepubliceerd"
    assert "Niet gepubliceerd." in page
    rows = list(
        csv.reader(
            io.StringIO(
                analyst_client.get(
                    reverse("dashboards:ministry-csv", args=["landelijk"])
                    + f"?peildatum={round_.peildatum.isoformat()}"
                ).content.decode()
            )
        )
    )
    assert rows[1][3] == "66.6" and rows[1][-1] == "niet gepubliceerd"  # after the demo column

    # an analyst in the board view: the run, marked in the page and in the table
    board_page = analyst_client.get(_url(board, round_)).content.decode()
    total = tables_of(board_page)["tabel-vergelijking"][1]
    assert total[3] == "77,7" and total[-1] == "niet gepubliceerd"
    assert "Niet gepubliceerd." in board_page
    data = analyst_client.get(_url(board, round_, "board-json")).json()
    assert data["figures"] == {"published": False, "unpublished_run": run.pk}

    release = publish(run)
    page = analyst_client.get(ministry).content.decode()
    national = tables_of(page)["tabel-landelijk"]
    assert national[1][2] == "66,6" and national[1][-1] == "versie 1 (voorlopig)"
    assert f"/cijfers/{release.slug}/" in page and "Niet gepubliceerd." not in page


def test_a_region_sees_only_published_rounds(client, region, rounds):
    from tekort.accounts.models import Role
    from tekort.dashboards.tests.conftest import user_with

    user = user_with(client, kind=Role.Kind.REGION, onderwijsregio=region)
    runs = [_run(r, region) for r in rounds]
    base = reverse("dashboards:region", args=[region.pk])
    query = f"?peildatum={rounds[0].peildatum.isoformat()}"
    for name, extra in [("region", []), ("region-json", []), ("region-csv", ["gemeenten"])]:
        url = reverse(f"dashboards:{name}", args=[region.pk, *extra]) + query
        assert client.get(url).status_code == 404, name
    page = client.get(base).content.decode()
    assert "tabel-gemeenten" not in page and "nog geen ronde gepubliceerd" in page

    release = publish(runs[0])
    page = client.get(base).content.decode()
    assert f'<option value="{rounds[0].peildatum.isoformat()}" selected>' in page
    assert rounds[1].peildatum.isoformat() not in page  # still unpublished: not offered
    assert "tabel-gemeenten" in page and f"/cijfers/{release.slug}/" in page
    assert "versie 1 (voorlopig)" in page
    data = client.get(reverse("dashboards:region-json", args=[region.pk]) + query).json()
    assert data["figures"]["release"] == release.slug

    # the ministry sees the unpublished closed round too, marked
    Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    query = f"?peildatum={rounds[1].peildatum.isoformat()}"
    page = client.get(base + query).content.decode()
    assert "tabel-gemeenten" in page and "Niet gepubliceerd." in page
