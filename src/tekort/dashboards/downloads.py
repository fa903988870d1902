"""A view's tables as .csv (one table), .xlsx (one sheet per table) and .json (all tables).

Demo figures are marked as in every download of the site (``tekort.publications.downloads``):
the first column ``demo`` says "ja" or "nee" on every row, an .xlsx sheet holding demo figures
starts with the line "Demonstratiegegevens: geen echte cijfers", and the .json says ``demo``
for the view's round and for every row. A row is demo when its round is: the row's own round
where the row names one (``peildatum``: a trend over the rounds, the ministry's rounds), else
the round the view shows.
"""

from __future__ import annotations

import csv
import io
from numbers import Number

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from tekort.dashboards.tables import Column, Table, as_json, plain
from tekort.formula_injection import csv_cell, neutralise
from tekort.page_twins import json_answer
from tekort.publications.downloads import DEMO_COLUMN, demo_title_row, demo_value
from tekort.submissions.models import Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _is_demo(round_: Round | None) -> bool:
    return bool(round_ is not None and round_.is_demo)


def demo_rows(table: Table, round_: Round | None) -> list[bool]:
    """Per row of ``table``: are its figures demo figures (see the module's docstring)?"""
    default = _is_demo(round_)
    if not any(row.get("peildatum") for row in table.rows):
        return [default] * len(table.rows)
    demo_dates = {
        d.isoformat()
        for d in Round.objects.filter(is_demo=True).values_list("peildatum", flat=True)
    }
    return [
        str(row["peildatum"]) in demo_dates if row.get("peildatum") else default
        for row in table.rows
    ]


def csv_response(table: Table, filename: str, round_: Round | None = None) -> HttpResponse:
    """One table; ``round_`` is the round the view shows (its demo flag marks the rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([DEMO_COLUMN, *(str(c.label) for c in table.columns)])
    for row, demo in zip(table.rows, demo_rows(table, round_), strict=True):
        writer.writerow(
            [
                demo_value(demo),
                *(_csv_value(v, c) for v, c in zip(table.values(row), table.columns, strict=True)),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def tables_json(tables: list[Table], meta: dict, round_: Round | None = None) -> dict:
    return {
        **meta,
        "demo": _is_demo(round_),
        "tables": [
            {
                "slug": t.slug,
                "caption": str(t.caption),
                "note": str(t.note),
                "columns": [
                    {"key": c.key, "label": str(c.label), "decimals": c.decimals} for c in t.columns
                ],
                "rows": [
                    {"demo": demo, **{c.key: as_json(row.get(c.key), c) for c in t.columns}}
                    for row, demo in zip(t.rows, demo_rows(t, round_), strict=True)
                ],
                "symbols": {str(s): s.meaning for s in t.symbols()},
            }
            for t in tables
        ],
    }


def json_response(tables: list[Table], meta: dict, round_: Round | None = None) -> HttpResponse:
    response = json_answer(tables_json(tables, meta, round_))
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(tables: list[Table], filename: str, round_: Round | None = None) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.slug[:31])
        demo = demo_rows(table, round_)
        if any(demo) or _is_demo(round_):
            demo_title_row(sheet)
        sheet.append([neutralise(str(table.caption))])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([DEMO_COLUMN, *(str(c.label) for c in table.columns)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row, is_demo in zip(table.rows, demo, strict=True):
            sheet.append(
                [
                    demo_value(is_demo),
                    *(
                        _xlsx_value(v, c)
                        for v, c in zip(table.values(row), table.columns, strict=True)
                    ),
                ]
            )
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
    if not tables:  # no round yet: a workbook needs one sheet
        book.create_sheet(title="leeg").append([gettext("There is no round to show yet.")])
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


def _csv_value(value, column: Column) -> str:
    """A number as a number (``-3.5`` stays ``-3.5``); text that a spreadsheet would read as a
    formula (a name starting with ``=``, ``+``, ``-``, ``@``) is neutralised."""
    text = plain(value, column)
    if isinstance(value, Number):
        return text
    return csv_cell(text)


def _xlsx_value(value, column):
    value = as_json(value, column)
    return "" if value is None else neutralise(value)
