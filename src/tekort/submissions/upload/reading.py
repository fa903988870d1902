"""Reading a board file (XLSX or CSV) into raw rows, each with its sheet and row number.

The file is hostile until read: the reader never trusts what an XLSX declares (its sheet
dimensions, its compressed sizes are checked before anything is unpacked) and never guesses at a
CSV row (a row with more or fewer fields than the header is refused with its line). Everything it
refuses is an ``Unreadable`` with a Dutch reason; nothing else may escape it.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tekort.submissions.upload.columns import (
    BY_HEADER,
    SCHOOL_LEADER_BY_HEADER,
    SCHOOL_LEADER_SHEET,
    SHEET,
    SUBJECT_BY_HEADER,
    SUBJECT_SHEET,
)

NOTES_SHEET = "Toelichting"  # the template's explanation sheet, never data

# Limits (documented in docs/uitvraag.md). The whole register has about 8,700 locations, so no
# board's file comes near MAX_DATA_ROWS; the template has 30 columns.
MAX_DATA_ROWS = 20_000
MAX_COLUMNS = 64
# An XLSX is a zip: its parts may unpack to at most this much in total (a 20,000-row template
# unpacks to about 25 MB), and it may have at most this many parts.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
# At most this many errors about the file's shape are listed; then one line says how many more.
MAX_SHAPE_ERRORS = 100

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected XLSX

logger = logging.getLogger(__name__)


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
    subjects: Table | None = None  # the optional sheet Vakken (vo figures per subject, XLSX only)

    def where(self, header: str) -> str:
        return self.letters.get(header, header)


class Unreadable(Exception):
    def __init__(self, errors: list[FileError]):
        self.errors = errors
        super().__init__("; ".join(e.reason for e in errors))


def read(content: bytes, file_name: str) -> Table:
    """The rows of the file (header checked); raises Unreadable listing every header problem.

    An XLSX may carry the optional sheet ``Schoolleiding`` (the board's school leaders); a file with
    only that sheet is allowed. It may also carry the optional sheet ``Vakken`` (a vo location's
    figures per subject, issue 20).
    """
    if file_name.lower().endswith(".json"):
        return _json_table(content)
    school_leaders = subjects = None
    errors: list[FileError] = []
    if content[:8] == OLE_MAGIC or file_name.lower().endswith(".xls"):
        raise _refused(
            _(
                "This is an old Excel file (.xls) or a password-protected file, which cannot be "
                "read. Save it as an Excel workbook (.xlsx) without a password, or as CSV."
            )
        )
    if content[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        sheet, rows, leader_rows, subject_rows = _xlsx_rows(content)
        if leader_rows is not None:
            try:
                school_leaders = _table(
                    SCHOOL_LEADER_SHEET, leader_rows, SCHOOL_LEADER_BY_HEADER, ("formatie",)
                )
            except Unreadable as exc:
                errors += exc.errors
        if subject_rows is not None:
            try:
                subjects = _table(
                    SUBJECT_SHEET, subject_rows, SUBJECT_BY_HEADER, ("vestiging", "vak")
                )
            except Unreadable as exc:
                errors += exc.errors
    else:
        sheet, rows = "", _csv_rows(content)
    if rows is None and (school_leaders is not None or subjects is not None):
        table = Table(sheet, {}, [], school_leaders, subjects)
    elif not rows:
        errors.insert(0, FileError(sheet, None, "", _("The file is empty.")))
        table = None
    else:
        try:
            table = _table(sheet, rows, BY_HEADER, ("vestiging", "formatie"))
            table.school_leaders = school_leaders
            table.subjects = subjects
        except Unreadable as exc:
            errors = exc.errors + errors
    if errors:
        raise Unreadable(errors)
    return table


JSON_SHEET = "vestigingen"  # the API's JSON body: its list of locations


def _json_table(content: bytes) -> Table:
    """The API's JSON body (``api.UploadBody`` checked its shape before it was stored): the
    locations as rows of "vestigingen" (row = position in the list, from 1), the subjects of the
    i-th location as rows of "vestigingen[i].vakken" (row = position, from 1). Keys are the
    file's column names, so the rows go through the same checking as a file's."""
    import json

    rows, subject_rows = [], []
    try:  # a JSON file sent through the upload page has not been checked: trust nothing
        locations = json.loads(content)["vestigingen"]
        if len(locations) > MAX_DATA_ROWS:
            raise _too_many_rows(JSON_SHEET, MAX_DATA_ROWS + 1)
        for number, item in enumerate(locations, start=1):
            values = {k: _text(v) for k, v in item.items() if k != "vakken" and k in BY_HEADER}
            rows.append(RawRow(JSON_SHEET, number, values))
            for position, subject in enumerate(item.get("vakken") or [], start=1):
                cells = {k: _text(v) for k, v in subject.items() if k in SUBJECT_BY_HEADER}
                cells["vestiging"] = values.get("vestiging", "")
                subject_rows.append(RawRow(f"{JSON_SHEET}[{number}].vakken", position, cells))
    except Unreadable:
        raise
    except Exception as exc:  # not JSON, or not of the API's shape
        raise _refused(_("This is not a readable JSON body.")) from exc
    subjects = Table("vakken", {}, subject_rows) if subject_rows else None
    return Table(JSON_SHEET, {}, rows, None, subjects)


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


def _refused(reason: str, row: int | None = None, sheet: str = "") -> Unreadable:
    return Unreadable([FileError(sheet, row, "", reason)])


def _xlsx_rows(
    content: bytes,
) -> tuple[str, list[tuple] | None, list[tuple] | None, list[tuple] | None]:
    """The registration sheet's rows (None when the file has only the optional sheets), the
    school-leader sheet's rows and the Vakken sheet's rows (None when absent)."""
    _check_zip(content)
    try:
        return _xlsx_sheets(content)
    except Unreadable:
        raise
    except Exception as exc:  # a parser of hostile files: any failure of it is a refusal
        logger.info("unreadable XLSX: %r", exc)
        raise _refused(_("This is not a readable XLSX file.")) from exc


def _check_zip(content: bytes) -> None:
    """Refuse a zip that would unpack to too much, before anything is unpacked. The sizes are the
    ones the zip declares; Python's zipfile stops at the declared size (and checks the CRC), so a
    part cannot unpack to more than it declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refused(_("This is not a readable XLSX file.")) from exc
    if any(part.flag_bits & 0x1 for part in parts):
        raise _refused(_("The file is password-protected. Save it without a password."))
    if len(parts) > MAX_ZIP_MEMBERS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED_BYTES:
        raise _refused(
            _(
                "The XLSX file unpacks to more than %(mb)s MB. A board's file is far smaller: "
                "use the template of this round."
            )
            % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def _xlsx_sheets(
    content: bytes,
) -> tuple[str, list[tuple] | None, list[tuple] | None, list[tuple] | None]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        leader_rows = subject_rows = None
        if SCHOOL_LEADER_SHEET in workbook.sheetnames:
            leader_rows = _sheet_rows(workbook[SCHOOL_LEADER_SHEET])
        if SUBJECT_SHEET in workbook.sheetnames:
            subject_rows = _sheet_rows(workbook[SUBJECT_SHEET])
        optional = (SCHOOL_LEADER_SHEET, SUBJECT_SHEET, NOTES_SHEET)
        others = [ws for ws in workbook.worksheets if ws.title not in optional]
        if SHEET in workbook.sheetnames:
            sheet = workbook[SHEET]
        elif others:
            sheet = others[0]
        else:
            return SHEET, None, leader_rows, subject_rows
        return sheet.title, _sheet_rows(sheet), leader_rows, subject_rows
    finally:
        workbook.close()


def _sheet_rows(sheet) -> list[tuple]:
    """The sheet's rows, streamed: the declared dimensions are ignored (a 5 KB file may declare
    16,384 columns and a million rows, which openpyxl would pad every row to), at most
    MAX_COLUMNS + 1 columns are read, and parsing stops after row MAX_DATA_ROWS + 2: a sheet
    that reaches it is refused."""
    title = str(sheet.title)
    sheet.reset_dimensions()
    rows = list(
        sheet.iter_rows(max_row=MAX_DATA_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True)
    )
    if rows and _filled(rows[0][MAX_COLUMNS:]):
        raise _too_many_columns(title)
    # openpyxl yields row MAX_DATA_ROWS + 2 only when the sheet has a row there or below it.
    if len(rows) > MAX_DATA_ROWS + 1:
        raise _too_many_rows(title, MAX_DATA_ROWS + 2)
    return [row[:MAX_COLUMNS] for row in rows]


def _filled(values) -> bool:
    return any(v is not None and str(v).strip() for v in values)


def _too_many_rows(sheet: str, row: int) -> Unreadable:
    return _refused(
        _(
            "The file has more than %(rows)s rows below the header (empty rows with formatting "
            "count too); a board has far fewer locations."
        )
        % {"rows": f"{MAX_DATA_ROWS:,}".replace(",", ".")},
        row=row,
        sheet=sheet,
    )


def _too_many_columns(sheet: str) -> Unreadable:
    return _refused(
        _("The file has more than %(columns)s columns. Use the template of this round.")
        % {"columns": MAX_COLUMNS},
        row=1,
        sheet=sheet,
    )


def _decode(content: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252;
    refused when it is none of these or holds NUL bytes (a binary file, or UTF-16 without BOM)."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _refused(_("This is not a readable CSV file.")) from exc
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise _refused(
                    _(
                        "This is not a readable CSV file: save it as CSV in UTF-8 or as an "
                        "Excel workbook (.xlsx)."
                    )
                ) from exc
    if "\x00" in text:
        raise _refused(
            _(
                "This is not a readable CSV file (it contains NUL bytes): save it as CSV in UTF-8 "
                "or as an Excel workbook (.xlsx)."
            )
        )
    return text


def _csv_rows(content: bytes) -> list[tuple]:
    """Every record of the CSV (blank lines as empty rows, so that row numbers are line numbers);
    a record with more or fewer fields than the header refuses the file, each with its line."""
    text = _decode(content)
    csv.field_size_limit(100_000)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple] = []
    errors: list[FileError] = []
    width = None
    try:
        for number, record in enumerate(reader, start=1):
            if width is None:
                width = len(record)
                if width > MAX_COLUMNS:
                    raise _too_many_columns("")
            elif number > MAX_DATA_ROWS + 1:
                if any(field.strip() for field in record):
                    raise _too_many_rows("", number)
                continue
            elif record and len(record) != width:
                errors.append(_field_count_error(number, len(record), width, delimiter))
                if len(errors) > MAX_SHAPE_ERRORS:
                    break
                continue
            rows.append(tuple(record))
    except csv.Error as exc:
        raise _refused(
            _(
                "This line cannot be read as CSV (an unclosed quote, or a field of more than "
                "100,000 characters)."
            ),
            row=reader.line_num,
        ) from exc
    if errors:
        raise Unreadable(errors[:MAX_SHAPE_ERRORS] + _more(len(errors) - MAX_SHAPE_ERRORS))
    return rows


def _field_count_error(number: int, fields: int, width: int, delimiter: str) -> FileError:
    reason = _("This row has %(fields)s fields, the header %(width)s.") % {
        "fields": fields,
        "width": width,
    }
    if delimiter == ",":
        reason += " " + _(
            "In a comma-separated file, a decimal comma splits a number in two: put the numbers "
            'in quotes ("12,5"), use a decimal point, or separate the fields with ";".'
        )
    return FileError("", number, "", reason)


def _more(count: int) -> list[FileError]:
    if count <= 0:
        return []
    return [FileError("", None, "", _("And more rows like these: the rest is not listed."))]
