"""A view's tables as .csv (one table), .xlsx (one sheet per table) and .json (all tables)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from tekort.dashboards.tables import Table, as_json, plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [plain(v, c) for v, c in zip(table.values(row), table.columns, strict=True)]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def tables_json(tables: list[Table], meta: dict) -> dict:
    return {
        **meta,
        "tables": [
            {
                "slug": t.slug,
                "caption": str(t.caption),
                "note": str(t.note),
                "columns": [
                    {"key": c.key, "label": str(c.label), "decimals": c.decimals} for c in t.columns
                ],
                "rows": [{c.key: as_json(row.get(c.key), c) for c in t.columns} for row in t.rows],
                "symbols": {str(s): s.meaning for s in t.symbols()},
            }
            for t in tables
        ],
    }


def json_response(tables: list[Table], meta: dict) -> JsonResponse:
    response = JsonResponse(tables_json(tables, meta), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(tables: list[Table], filename: str) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.slug[:31])
        sheet.append([str(table.caption)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([str(c.label) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(
                [_xlsx_value(v, c) for v, c in zip(table.values(row), table.columns, strict=True)]
            )
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
    if not tables:  # no round yet: a workbook needs one sheet
        book.create_sheet(title="leeg").append([gettext("There is no round to show yet.")])
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


def _xlsx_value(value, column):
    value = as_json(value, column)
    return "" if value is None else value
