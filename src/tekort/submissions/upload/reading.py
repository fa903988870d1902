"""Reading a board file (XLSX or CSV) into raw rows, each with its sheet and row number."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tekort.submissions.upload.columns import BY_HEADER, SHEET


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

    def where(self, header: str) -> str:
        return self.letters.get(header, header)


class Unreadable(Exception):
    def __init__(self, errors: list[FileError]):
        self.errors = errors
        super().__init__("; ".join(e.reason for e in errors))


def read(content: bytes, file_name: str) -> Table:
    """The rows of the file (header checked); raises Unreadable listing every header problem."""
    if content[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        sheet, rows = _xlsx_rows(content)
    else:
        sheet, rows = "", _csv_rows(content)
    if not rows:
        raise Unreadable([FileError(sheet, None, "", _("The file is empty."))])
    header_row, *data = rows
    canonical = {h.lower(): h for h in BY_HEADER}
    headers = [
        canonical.get(str(h).strip().lower(), str(h).strip()) if h is not None else ""
        for h in header_row
    ]
    errors = [
        FileError(sheet, 1, _column_name(i, h), _("Unknown column."))
        for i, h in enumerate(headers)
        if h and h not in BY_HEADER
    ]
    for required in ("vestiging", "formatie"):
        if required not in headers:
            errors.append(FileError(sheet, 1, required, _("Required column is missing.")))
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


def _xlsx_rows(content: bytes) -> tuple[str, list[tuple]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Unreadable([FileError("", None, "", _("This is not a readable XLSX file."))]) from exc
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return sheet.title, rows


def _csv_rows(content: bytes) -> list[tuple]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
