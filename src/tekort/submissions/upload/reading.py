"""Reading a board file (XLSX or CSV) into raw rows, each with its sheet and row number."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tekort.submissions.upload.columns import (
    BY_HEADER,
    SCHOOL_LEADER_BY_HEADER,
    SCHOOL_LEADER_SHEET,
    SHEET,
)

NOTES_SHEET = "Toelichting"  # the template's explanation sheet, never data


@dataclass(frozen=True)
class FileError:
    """One problem of the file: where (sheet, row, column) and why."""

    sheet: str
    row: int | None
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class RawRow:
    sheet: str
    row: int
    values: dict[str, str]


@dataclass
class Table:
    sheet: str
    letters: dict[str, str]  # header -> "C (formatie)"
    rows: list[RawRow]
    school_leaders: Table | None = None  # the optional school-leader sheet (XLSX only)

    def where(self, header: str) -> str:
        return self.letters.get(header, header)


class Unreadable(Exception):
    def __init__(self, errors: list[FileError]):
        self.errors = errors
        super().__init__("; ".join(e.reason for e in errors))


def read(content: bytes, file_name: str) -> Table:
    """The rows of the file (header checked); raises Unreadable listing every header problem.

    An XLSX may carry the optional sheet ``Schoolleiding`` (the board's school leaders); a file with
    only that sheet is allowed.
    """
    school_leaders = None
    errors: list[FileError] = []
    if content[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        sheet, rows, leader_rows = _xlsx_rows(content)
        if leader_rows is not None:
            try:
                school_leaders = _table(
                    SCHOOL_LEADER_SHEET, leader_rows, SCHOOL_LEADER_BY_HEADER, ("formatie",)
                )
            except Unreadable as exc:
                errors += exc.errors
    else:
        sheet, rows = "", _csv_rows(content)
    if rows is None and school_leaders is not None:
        table = Table(sheet, {}, [], school_leaders)
    elif not rows:
        errors.insert(0, FileError(sheet, None, "", _("The file is empty.")))
        table = None
    else:
        try:
            table = _table(sheet, rows, BY_HEADER, ("vestiging", "formatie"))
            table.school_leaders = school_leaders
        except Unreadable as exc:
            errors = exc.errors + errors
    if errors:
        raise Unreadable(errors)
    return table


def _table(sheet: str, rows: list[tuple], by_header: dict, required: tuple[str, ...]) -> Table:
    if not rows:
        raise Unreadable([FileError(sheet, None, "", _("The sheet is empty."))])
    header_row, *data = rows
    canonical = {h.lower(): h for h in by_header}
    headers = [
        canonical.get(str(h).strip().lower(), str(h).strip()) if h is not None else ""
        for h in header_row
    ]
    errors = [
        FileError(sheet, 1, _column_name(i, h), _("Unknown column."))
        for i, h in enumerate(headers)
        if h and h not in by_header
    ]
    for name in required:
        if name not in headers:
            errors.append(FileError(sheet, 1, name, _("Required column is missing.")))
    if errors:
        raise Unreadable(errors)
    out = []
    for number, values in enumerate(data, start=2):
        cells = {
            headers[i]: _text(v) for i, v in enumerate(values) if i < len(headers) and headers[i]
        }
        if any(cells.values()):
            out.append(RawRow(sheet, number, cells))
    letters = {h: _column_name(i, h) for i, h in enumerate(headers) if h}
    return Table(sheet, letters, out)


def _column_name(index: int, header: str) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters} ({header})" if header else letters


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def _xlsx_rows(content: bytes) -> tuple[str, list[tuple] | None, list[tuple] | None]:
    """The registration sheet's rows (None when the file has only the school-leader sheet) and the
    school-leader sheet's rows (None when absent)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Unreadable([FileError("", None, "", _("This is not a readable XLSX file."))]) from exc
    leader_rows = None
    if SCHOOL_LEADER_SHEET in workbook.sheetnames:
        leader_sheet = workbook[SCHOOL_LEADER_SHEET]
        leader_rows = [tuple(r) for r in leader_sheet.iter_rows(values_only=True)]
    others = [
        ws for ws in workbook.worksheets if ws.title not in (SCHOOL_LEADER_SHEET, NOTES_SHEET)
    ]
    if SHEET in workbook.sheetnames:
        sheet = workbook[SHEET]
    elif others:
        sheet = others[0]
    else:
        workbook.close()
        return SHEET, None, leader_rows
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return sheet.title, rows, leader_rows


def _csv_rows(content: bytes) -> list[tuple]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
