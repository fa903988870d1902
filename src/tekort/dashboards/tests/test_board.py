"""The board view: own locations, own figures against region and nation, trend, downloads."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tekort.audit.models import Event
from tekort.dashboards.tables import EMPTY
from tekort.dashboards.tests.html_tables import tables_of
from tekort.registry.models import Board, Location
from tekort.submissions.models import Registration

pytestmark = pytest.mark.django_db


def board_url(board, round_, name="board", *extra):
    return reverse(f"dashboards:{name}", args=[board.number, *extra]) + (
        f"?peildatum={round_.peildatum.isoformat()}"
    )


def test_the_board_sees_every_own_location_with_its_registration(board_client, board, rounds, runs):
    round_ = rounds[0]
    response = board_client.get(board_url(board, round_))
    assert response.status_code == 200
    table = tables_of(response.content.decode())["tabel-vestigingen"]
    header, body = table[0], table[1:]
    with translation.override("nl"):
        labels = [gettext(t) for t in ("Location", "Code", "Submitted", "Formatie (FTE)")]
    assert header[:4] == labels and labels[0] == "Vestiging"
    codes = list(Location.objects.filter(board=board).values_list("code", flat=True))
    assert sorted(row[1] for row in body) == sorted(codes)
    registrations = {
        r.location_id: r for r in Registration.objects.filter(round=round_, location__board=board)
    }
    assert registrations and len(registrations) < len(codes)  # some did not submit
    for row in body:
        registration = registrations.get(row[1])
        if registration is None:
            assert row[2] == "nee" and row[3] == EMPTY
            continue
        assert row[2] == "ja"
        assert row[3] == f"{registration.formatie:.2f}".replace(".", ",")
        assert row[8] == f"{registration.shortage:.2f}".replace(".", ",")
        expected = 100 * float(registration.shortage) / float(registration.formatie)
        assert abs(float(row[9].replace(",", ".")) - expected) <= 0.05 + 1e-9


def test_own_figures_are_the_ratio_of_totals_against_region_and_nation(
    board_client, board, region, rounds, releases
):
    round_ = rounds[0]
    response = board_client.get(board_url(board, round_))
    page = response.content.decode()
    comparison = tables_of(page)["tabel-vergelijking"]
    total = comparison[1]
    assert total[0] == "Tekort, totaal"
    submitted = Registration.objects.filter(round=round_, location__board=board)
    shortage = sum(float(r.shortage) for r in submitted)
    formatie = sum(float(r.formatie) for r in submitted)
    assert total[1] == f"{shortage:.2f}".replace(".", ",")
    assert abs(float(total[2].replace(",", ".")) - 100 * shortage / formatie) <= 0.05 + 1e-9
    # region 8.3 % (7.9-8.7), nation 7.1 % (6.7-7.5) from the release; quality class A
    assert total[3:7] == ["8,3", "7,9", "8,7", "A"]
    assert total[8:12] == ["7,1", "6,7", "7,5", "A"]
    assert region.name in page
    assert "geen steekproefinterval" in page  # the board's own figures: no sampling interval


def test_a_suppressed_region_estimate_shows_its_symbol_not_its_value(
    board_client, board, region, rounds
):
    from tekort.dashboards.tests.factories import estimate_run
    from tekort.publications.publishing import publish

    publish(
        estimate_run(
            rounds[0],
            {("onderwijsregio", f"onderwijsregio={region.name}"): 0.0912},
            disclosure_status="primary_suppressed",
            symbol="c",
        )
    )
    page = board_client.get(board_url(board, rounds[0])).content.decode()
    total = tables_of(page)["tabel-vergelijking"][1]
    assert total[3] == "c" and total[4] == EMPTY and "9,1" not in total


def test_the_trend_has_a_row_per_round_and_a_chart_with_its_table(
    board_client, board, rounds, releases
):
    page = board_client.get(board_url(board, rounds[1])).content.decode()
    trend = tables_of(page)["tabel-trend"]
    assert [row[0] for row in trend[1:]] == [r.peildatum.isoformat() for r in rounds]
    assert [row[9] for row in trend[1:]] == ["7,1", "8,1"]  # the nation per round
    assert '<svg class="chart-svg"' in page and "<figcaption>" in page
    assert 'class="series series-board"' in page and 'class="series series-nation"' in page


def test_viewing_and_downloading_are_audited(board_client, board, rounds, runs):
    board_client.get(board_url(board, rounds[0]))
    board_client.get(board_url(board, rounds[0], "board-json"))
    board_client.get(board_url(board, rounds[0], "board-csv", "vestigingen"))
    events = Event.objects.filter(object_type="registry.board", object_id=board.number)
    assert list(events.order_by("at", "id").values_list("action", flat=True)) == [
        Event.Action.VIEWED_MICRODATA,
        Event.Action.DOWNLOADED_MICRODATA,
        Event.Action.DOWNLOADED_MICRODATA,
    ]
    assert events.filter(detail__format="csv", detail__table="vestigingen").exists()
    assert events.filter(detail__peildatum=rounds[0].peildatum.isoformat()).count() == 3


def test_downloads_hold_exactly_the_tables_shown(board_client, board, rounds, releases):
    round_ = rounds[0]
    shown = tables_of(board_client.get(board_url(board, round_)).content.decode())
    data = board_client.get(board_url(board, round_, "board-json")).json()
    book = openpyxl.load_workbook(
        io.BytesIO(board_client.get(board_url(board, round_, "board-xlsx")).content)
    )
    assert [t["slug"] for t in data["tables"]] == ["vergelijking", "vestigingen", "trend"]
    assert book.sheetnames == ["vergelijking", "vestigingen", "trend"]
    for table in data["tables"]:
        html = shown[f"tabel-{table['slug']}"]
        labels = [c["label"] for c in table["columns"]]
        assert html[0] == labels
        rows = list(
            csv.reader(
                io.StringIO(
                    board_client.get(
                        board_url(board, round_, "board-csv", table["slug"])
                    ).content.decode()
                )
            )
        )
        # the downloads start with the demo column (a round of real figures: "nee")
        assert rows[0] == ["demo", *labels]
        assert len(rows) == len(html) == len(table["rows"]) + 1
        assert {row[0] for row in rows[1:]} <= {"nee"}
        sheet = [list(r)[1:] for r in book[table["slug"]].iter_rows(min_row=2, values_only=True)]
        for k, row in enumerate(table["rows"]):
            values = [row[c["key"]] for c in table["columns"]]
            assert [_shown(v, c) for v, c in zip(values, table["columns"], strict=True)] == html[
                k + 1
            ]
            assert [_csv(v, c) for v, c in zip(values, table["columns"], strict=True)] == rows[
                k + 1
            ][1:]
            assert [("" if v is None else v) for v in values] == [
                ("" if v is None else v) for v in sheet[k + 1][: len(values)]
            ]


def _shown(value, column):
    if value is None:
        return EMPTY
    if column["decimals"] is None or isinstance(value, str):
        return " ".join(str(value).split())  # as an HTML cell's text
    return f"{value:.{column['decimals']}f}".replace(".", ",")


def _csv(value, column):
    if value is None:
        return ""
    if column["decimals"] is None or isinstance(value, str):
        return str(value)
    return f"{value:.{column['decimals']}f}"


def test_another_board_is_refused_page_and_downloads(board_client, board, rounds, runs):
    other = Board.objects.exclude(number=board.number).filter(locations__isnull=False).first()
    for name, extra in [
        ("board", []),
        ("board-json", []),
        ("board-xlsx", []),
        ("board-csv", ["vestigingen"]),
    ]:
        assert board_client.get(board_url(other, rounds[0], name, *extra)).status_code == 403
    assert not Event.objects.filter(object_id=other.number).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, board, rounds):
    for url in [
        reverse("dashboards:index"),
        reverse("dashboards:board", args=[board.number]),
        reverse("dashboards:board-json", args=[board.number]),
        reverse("dashboards:ministry"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_round_or_table_is_not_found(board_client, board, rounds):
    url = reverse("dashboards:board", args=[board.number])
    assert board_client.get(url + "?peildatum=1999-10-01").status_code == 404
    assert board_client.get(url + "?peildatum=gisteren").status_code == 404
    assert board_client.get(url).status_code == 200  # the latest round
    csv_url = reverse("dashboards:board-csv", args=[board.number, "geheim"])
    assert board_client.get(csv_url).status_code == 404


def test_without_a_release_the_board_still_sees_its_own_figures(board_client, board, rounds):
    page = board_client.get(board_url(board, rounds[0])).content.decode()
    comparison = tables_of(page)["tabel-vergelijking"]
    assert len(comparison[0]) == 3  # measure and the board's own FTE and %: no region, nation
    assert comparison[1][1] != EMPTY and comparison[1][2] != EMPTY
    assert "verschijnen hier zodra de ronde is gepubliceerd" in page


def test_an_analyst_sees_any_board(analyst_client, board, rounds, runs):
    assert analyst_client.get(board_url(board, rounds[0])).status_code == 200


def test_the_json_names_board_and_round(board_client, board, rounds, runs):
    data = board_client.get(board_url(board, rounds[0], "board-json")).json()
    assert data["board"] == board.number
    assert data["peildatum"] == rounds[0].peildatum.isoformat()
    assert json.dumps(data)  # serialisable as it stands
