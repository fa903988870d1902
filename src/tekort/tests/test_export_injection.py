"""Formula injection in every export (issue 17, item 4): text that a spreadsheet would run
(``=HYPERLINK(…)``, ``+cmd``, ``@SUM(1)``, ``-cmd``, a leading tab or CR) leaves every CSV and
XLSX export of the site with a single quote in front (``tekort.formula_injection``); numbers stay
numbers (``-3.5`` as a number, or as the text of a number column, is left alone).

The exports: the error file of a board upload (the uploader's sheet title, column names), the
publications' table downloads (CSV, XLSX) and "all cells" CSV (labels and domains from the
register), the signed-in dashboards' CSV and XLSX (names from the register), the monitor's CSVs
(titles, indieners, notes: register text edited by analysts), the audit log's CSV (user names),
and the calculator's CSVs (numbers only: they must stay numbers). The uitvraag's response list
and template have their own test (``submissions/tests/test_formula_injection.py``).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from tekort.accounts import audit_pages
from tekort.audit.models import Event
from tekort.calculator import views as calculator_views
from tekort.dashboards import downloads as dashboard_downloads
from tekort.dashboards.tables import Column, Symbol, Table
from tekort.formula_injection import csv_cell, neutralise
from tekort.monitor.models import Item, Kind, Theme
from tekort.publications import downloads as publication_downloads
from tekort.submissions.models import Upload
from tekort.submissions.upload import jobs

HYPERLINK = '=HYPERLINK("http://x.example","klik")'
HOSTILE = [HYPERLINK, "+cmd|' /C calc'!A0", "@SUM(1)", "-cmd", "\t=1", "\r=1"]


def csv_rows(body: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=delimiter))


def in_csv(text: str) -> str:
    """How a text cell reads back from a CSV: neutralised, a CR written as a line feed."""
    return csv_cell(text)


def no_formula(cells) -> None:
    """No cell starts with a trigger unless it is a plain number."""
    for cell in cells:
        if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert neutralise(cell) == cell, f"a formula left in the export: {cell!r}"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("-3.5", "-3.5"),
        ("-1e-05", "-1e-05"),
        ("+31", "+31"),
        ("-0", "-0"),
        ("-12,5", "-12,5"),
        ("-cmd", "'-cmd"),
        ("-2+3", "'-2+3"),
        ("-3.5\n=1", "'-3.5\n=1"),
        ("+", "'+"),
        (HYPERLINK, "'" + HYPERLINK),
    ],
)
def test_the_text_of_a_number_stays_a_number_other_text_is_quoted(text, written):
    assert neutralise(text) == written


def test_error_file_quotes_the_uploaders_sheet_title_column_and_reason():
    upload = Upload(
        errors=[
            {"sheet": HYPERLINK, "row": 2, "column": "+cmd", "reason": "@SUM(1)"},
            {"sheet": "Registratie", "row": None, "column": "-cmd", "reason": "\t=1"},
        ]
    )
    rows = csv_rows(jobs.errors_csv(upload), delimiter=";")
    assert rows == [
        ["blad", "rij", "kolom", "reden"],
        ["'" + HYPERLINK, "2", "'+cmd", "'@SUM(1)"],
        ["Registratie", "", "'-cmd", "'\t=1"],
    ]


def _publication_table(label: str):
    release = SimpleNamespace(
        slug="2025-10-01-v1",
        round=SimpleNamespace(peildatum=date(2025, 10, 1), is_demo=False),
        Status=lambda status: SimpleNamespace(label="voorlopig"),
    )
    row = dict.fromkeys(publication_downloads.COLUMNS[2:-1])
    row |= {
        "measure": "tekort",
        "breakdown": "municipality_code",
        "domain": f"municipality_code={label}",
        "label": label,
        "model_based": False,
        "percentage": -3.5,
        "fte": 15,
        "flags": ["p"],
    }
    return SimpleNamespace(
        release=release,
        query={"measure": "tekort", "breakdown": "municipality_code"},
        rows=[row],
        periods=[(release, [row])],
        compared=False,
        demo=False,
        title=label,
    )


@pytest.mark.parametrize("label", HOSTILE)
def test_publication_downloads_quote_register_text_and_keep_numbers(label, monkeypatch):
    table = _publication_table(label)
    rows = csv_rows(publication_downloads.as_csv(table).content.decode())
    header, record = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[0] == "demo"
    assert record["naam"] == in_csv(label) and in_csv(label).startswith("'")
    assert record["domein"] == in_csv("municipality_code=" + label)  # a letter first: harmless
    assert record["percentage"] == "-3.5" and record["fte"] == "15"
    no_formula(rows[1])

    cells = publication_downloads.cells_csv(table.release, [{**table.rows[0], "function": "+x"}])
    record = dict(zip(*csv_rows(cells.content.decode()), strict=True))
    assert (record["naam"], record["functie"], record["percentage"]) == (
        in_csv(label),
        "'+x",
        "-3.5",
    )

    monkeypatch.setattr(publication_downloads, "public_status", lambda release: "provisional")
    book = load_workbook(io.BytesIO(publication_downloads.as_xlsx(table).content))
    values = [v for row in book.active.iter_rows(values_only=True) for v in row if v is not None]
    assert "'" + label in values and -3.5 in values  # the title and the label; the number
    assert label not in values
    no_formula(values)


@pytest.mark.parametrize("name", HOSTILE)
def test_dashboard_downloads_quote_names_and_keep_numbers(name):
    table = Table(
        slug="vestigingen",
        caption=name,
        columns=[Column("name", "Vestiging"), Column("rate", "Tekort (%)", 1)],
        rows=[
            {"name": name, "rate": -3.5},
            {"name": "De Regenboog", "rate": Symbol("c")},
        ],
    )
    rows = csv_rows(dashboard_downloads.csv_response(table, "t.csv").content.decode())
    assert rows == [
        ["demo", "Vestiging", "Tekort (%)"],
        ["nee", in_csv(name), "-3.5"],
        ["nee", "De Regenboog", "c"],
    ]
    book = load_workbook(io.BytesIO(dashboard_downloads.xlsx_response([table], "t.xlsx").content))
    values = [v for r in book["vestigingen"].iter_rows(values_only=True) for v in r if v]
    assert values.count("'" + name) == 2 and -3.5 in values  # the caption and the cell
    assert name not in values
    no_formula(values)


@pytest.mark.django_db
def test_monitor_csv_quotes_titles_indieners_and_notes(client):
    Item.objects.create(
        id="fuzz-item",
        kind=Kind.MOTIE,
        title=HYPERLINK,
        indieners="+cmd|' /C calc'!A0",
        notes="@SUM(1)",
        request="-cmd",
        theme=Theme.REGIONAL,
    )
    response = client.get(reverse("monitor:items-csv"))
    assert response.status_code == 200
    rows = csv_rows(response.content.decode())
    record = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == "fuzz-item")
    assert (record["titel"], record["indieners"], record["notities"], record["verzoek"]) == (
        "'" + HYPERLINK,
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
        "'-cmd",
    )
    no_formula(cell for row in rows for cell in row)


@pytest.mark.django_db
def test_audit_csv_quotes_user_names_and_objects():
    Event.objects.create(actor_name=HYPERLINK, action="signed_in", object_id="@SUM(1)")
    request = RequestFactory().get("/account/audit.csv")
    rows = csv_rows(audit_pages.event_list_csv(request).content.decode())
    record = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if "HYPERLINK" in r[1])
    assert (record["user"], record["object_id"], record["action"]) == (
        "'" + HYPERLINK,
        "'@SUM(1)",
        "signed_in",
    )


def test_a_carriage_return_inside_text_cannot_start_a_row_in_a_csv():
    """Python 3.11's csv module leaves a bare CR unquoted when the line terminator is "\\n"; a
    spreadsheet would start a new row there, with a formula."""
    table = Table(
        slug="t", caption="", columns=[Column("name", "Naam")], rows=[{"name": "abc\r=1+1"}]
    )
    body = dashboard_downloads.csv_response(table, "t.csv").content.decode()
    assert "\r" not in body
    assert csv_rows(body) == [["demo", "Naam"], ["nee", "abc\n=1+1"]]
    assert csv_cell("\r=1") == "'\n=1" and csv_cell("a\r\nb") == "a\nb"
    assert csv_cell(-3.5) == -3.5


def test_calculator_csv_keeps_numbers_and_would_quote_text():
    response = calculator_views._csv(
        "t.csv", ["fte", "net", "label"], [{"fte": "0.8", "net": "-3.5", "label": "=1+1"}]
    )
    assert csv_rows(response.content.decode()) == [
        ["fte", "net", "label"],
        ["0.8", "-3.5", "'=1+1"],
    ]
