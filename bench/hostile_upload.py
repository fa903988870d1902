"""Bench: hostile board files through the upload reader (tekort.submissions.upload.reading).

A dimension bomb (a tiny XLSX whose sheet declares A1:XFD1048576, 16,384 x 1,048,576 cells) and a
zip bomb (a sheet part that unpacks to 300 MB) must be refused fast and in little memory, with a
Dutch reason. Prints the time and the peak of traced memory per file.

Run:  .venv/bin/python bench/hostile_upload.py
Target: each file refused in <= 1 s; the last line is the figure; exit 1 if missed.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

TARGET_SECONDS = 1.0
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.test")


def small_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registratie"
    sheet.append(["vestiging", "formatie"])
    sheet.append(["06BM00", 12])
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


def dimension_bomb(last_cell: bytes = b"XFD") -> bytes:
    """The sheet declares A1:XFD1048576 and has one cell in its last row (column ``last_cell``):
    a reader that trusts the dimension pads a million rows to 16,384 columns each."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        far = b'<row r="1048576"><c r="%s1048576" t="n"><v>1</v></c></row>' % last_cell
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    return rewrite_sheet(small_xlsx(), change)


def zip_bomb(megabytes: int = 300) -> bytes:
    padding = b" " * (megabytes * 1024 * 1024)
    return rewrite_sheet(
        small_xlsx(), lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>")
    )


def measure(name: str, content: bytes) -> float:
    from tekort.submissions.upload import reading

    tracemalloc.start()
    started = time.perf_counter()
    try:
        table = reading.read(content, "bestuur.xlsx")
        outcome = f"accepted, {len(table.rows)} row(s) with data"
    except reading.Unreadable as exc:
        outcome = f"refused: {exc.errors[0].reason}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{name}: {len(content) / 1024:.1f} KB, {seconds:.3f} s, peak {peak / 2**20:.1f} MB, {outcome}"
    )
    return seconds


def main() -> int:
    import django

    django.setup()
    from django.utils import translation

    translation.activate("nl")
    worst = max(
        measure("dimension bomb (far cell in column XFD)", dimension_bomb()),
        measure("dimension bomb (far cell in column B)", dimension_bomb(b"B")),
        measure("zip bomb", zip_bomb()),
    )
    print(f"slowest hostile file refused in {worst:.3f} s (target {TARGET_SECONDS} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
