"""Hostile board files, built in memory: dimension bombs and zip bombs (issue 17).

Shared by the reader's tests (``test_hostile_files.py``) and ``bench/hostile_upload.py``, so the
bench measures exactly the files the tests refuse.
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook


def small_xlsx(rows=(("vestiging", "formatie"), ("06BM00", 12))) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registratie"
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The XLSX with its first sheet's XML replaced by change(xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(part.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def dimension_bomb(far_column: bytes | None = b"XFD") -> bytes:
    """A 5 KB XLSX declaring A1:XFD1048576: a reader that trusts the dimension pads a million
    rows to 16,384 columns each. With ``far_column``, one cell sits in the last row, in that
    column; without, the sheet holds only its two small rows."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        if far_column:
            far = b'<row r="1048576"><c r="%s1048576" t="n"><v>1</v></c></row>' % far_column
            xml = xml.replace(b"</sheetData>", far + b"</sheetData>")
        return xml

    return rewrite_sheet(small_xlsx(), change)


def zip_bomb(megabytes: int = 300) -> bytes:
    """An XLSX whose sheet part unpacks to ``megabytes`` MB of padding."""
    padding = b" " * (megabytes * 1024 * 1024)
    return rewrite_sheet(
        small_xlsx(), lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>")
    )
