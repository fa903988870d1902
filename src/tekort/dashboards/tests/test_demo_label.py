"""Demo figures are labelled in every download of the signed-in views (issue 14, item 5).

Every .csv and .xlsx row starts with the column ``demo`` ("ja"/"nee"), an .xlsx sheet holding
demo figures starts with "Demonstratiegegevens: geen echte cijfers", and the .json says
``demo`` for the view's round and for every row. A row that names its round (a trend over the
rounds, the ministry's list of rounds) is marked by that round.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tekort.dashboards.pages import BOARD_TABLES, MINISTRY_TABLES, REGION_TABLES
from tekort.submissions.models import Round

pytestmark = pytest.mark.django_db

DEMO_LINE = "Demonstratiegegevens: geen echte cijfers"


def _url(name, args, round_, *extra):
    return reverse(f"dashboards:{name}", args=[*args, *extra]) + (
        f"?peildatum={round_.peildatum.isoformat()}"
    )


def _csv_marks(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "demo" and len(rows) > 1
    return [row[0] for row in rows[1:]]


def _xlsx(client, url) -> dict[str, list[tuple]]:
    response = client.get(url)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def _sheet_marks(rows: list[tuple]) -> tuple[bool, list[str]]:
    """(starts with the demo line, the demo column of the data rows)."""
    header = next(k for k, row in enumerate(rows) if row[0] == "demo")
    body = []
    for row in rows[header + 1 :]:
        if row[0] is None:  # the table's note follows an empty line
            break
        body.append(row[0])
    return rows[0][0] == DEMO_LINE, body


def _check(client, view, args, round_, tables, demo: bool):
    mark = "ja" if demo else "nee"
    for table in tables:
        assert set(_csv_marks(client, _url(f"{view}-csv", args, round_, table))) == {mark}, table
    for name, rows in _xlsx(client, _url(f"{view}-xlsx", args, round_)).items():
        line, body = _sheet_marks(rows)
        assert line is demo and body and set(body) == {mark}, name
        assert not any(DEMO_LINE in str(v) for row in rows[1:] for v in row if v)
    data = client.get(_url(f"{view}-json", args, round_)).json()
    assert data["demo"] is demo
    assert all(row["demo"] is demo for table in data["tables"] for row in table["rows"])


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "real"])
def test_the_board_downloads_say_demo(board_client, board, rounds, releases, demo):
    Round.objects.filter(pk__in=[r.pk for r in rounds]).update(is_demo=demo)
    round_ = Round.objects.get(pk=rounds[0].pk)
    _check(board_client, "board", [board.number], round_, BOARD_TABLES, demo)


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "real"])
def test_the_region_downloads_say_demo(region_client, region, rounds, releases, demo):
    Round.objects.filter(pk__in=[r.pk for r in rounds]).update(is_demo=demo)
    round_ = Round.objects.get(pk=rounds[0].pk)
    _check(region_client, "region", [region.pk], round_, REGION_TABLES, demo)


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "real"])
def test_the_ministry_downloads_say_demo(analyst_client, rounds, releases, demo):
    Round.objects.filter(pk__in=[r.pk for r in rounds]).update(is_demo=demo)
    round_ = Round.objects.get(pk=rounds[0].pk)
    _check(analyst_client, "ministry", [], round_, MINISTRY_TABLES, demo)


def test_a_row_is_marked_by_the_round_it_names(board_client, board, rounds, releases):
    """A demo round before a real one: the trend marks each row by its own round."""
    Round.objects.filter(pk=rounds[0].pk).update(is_demo=True)
    real = Round.objects.get(pk=rounds[1].pk)
    assert not real.is_demo
    trend = _csv_marks(board_client, _url("board-csv", [board.number], real, "trend"))
    assert trend == ["ja", "nee"]
    for table in ("vergelijking", "vestigingen"):  # the real round's own figures
        assert set(_csv_marks(board_client, _url("board-csv", [board.number], real, table))) == {
            "nee"
        }
    sheets = _xlsx(board_client, _url("board-xlsx", [board.number], real))
    assert _sheet_marks(sheets["trend"]) == (True, ["ja", "nee"])
    assert _sheet_marks(sheets["vergelijking"])[0] is False
    data = board_client.get(_url("board-json", [board.number], real)).json()
    assert data["demo"] is False
    trend_rows = next(t for t in data["tables"] if t["slug"] == "trend")["rows"]
    assert [row["demo"] for row in trend_rows] == [True, False]


def test_the_ministry_marks_each_round_it_lists(analyst_client, rounds, releases):
    Round.objects.filter(pk=rounds[1].pk).update(is_demo=True)
    url = _url("ministry-csv", [], rounds[0], "rondes")
    rows = list(csv.reader(io.StringIO(analyst_client.get(url).content.decode())))
    marks = {row[1]: row[0] for row in rows[1:]}
    assert marks == {rounds[0].peildatum.isoformat(): "nee", rounds[1].peildatum.isoformat(): "ja"}


def test_a_demo_release_is_never_called_final_in_the_signed_in_views(
    board_client, board, rounds, releases
):
    """A demo release stored as definitief (before publish refused that) says voorlopig."""
    from tekort.publications.models import Release

    Round.objects.filter(pk=rounds[0].pk).update(is_demo=True)
    Release.objects.filter(round=rounds[0]).update(status=Release.Status.FINAL)
    data = board_client.get(_url("board-json", [board.number], rounds[0])).json()
    assert data["figures"]["status"] == "voorlopig"
    page = board_client.get(_url("board", [board.number], rounds[0])).content.decode()
    assert "(definitief)" not in page and "(voorlopig)" in page
