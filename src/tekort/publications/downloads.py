"""A table as CSV, XLSX and JSON: the same rows, the same rounding, the symbols in a notes column.

GSS practice: symbols never inside a number column; a value column is empty where nothing is
shown and the ``flags`` column carries the shorthand ([c], [x], [u], [e], [p], [r]).

Demo figures cannot be mistaken for real ones: every CSV and XLSX row starts with the column
``demo`` ("ja" for figures of a demo round, "nee" otherwise), and an XLSX sheet of demo figures
starts with the line "Demonstratiegegevens: geen echte cijfers" (docs/publication.md). The same
marker is used by every download of the site (``DEMO_COLUMN``, ``demo_value``, ``demo_title``).
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tekort.formula_injection import csv_cell, neutralise
from tekort.page_twins import json_answer
from tekort.publications import vocabulary
from tekort.publications.headline import public_status, release_meta
from tekort.publications.tables import Table

DEMO_COLUMN = "demo"
DEMO_FONT = Font(bold=True, color="B00020", size=14)

COLUMNS = (
    "peildatum",
    "release",
    "measure",
    "breakdown",
    "domain",
    "label",
    "model_based",
    "percentage",
    "ci_low",
    "ci_high",
    "fte",
    "fte_ci_low",
    "fte_ci_high",
    "n_responding",
    "n_frame",
    "response_rate",
    "response_rate_formatie",
    "quality_class",
    "flags",
)


# The column headers of the CSV and XLSX files: Dutch, fixed (a file does not depend on its
# reader's language). The JSON download and the API keep the English field names that API
# consumers use (docs/api.md); ``HEADERS`` maps one to the other.
HEADERS = {
    DEMO_COLUMN: "demo",
    "function": "functie",
    "peildatum": "peildatum",
    "release": "publicatie",
    "measure": "maat",
    "breakdown": "indeling",
    "domain": "domein",
    "label": "naam",
    "model_based": "modelschatting",
    "percentage": "percentage",
    "ci_low": "percentage_ondergrens",
    "ci_high": "percentage_bovengrens",
    "fte": "fte",
    "fte_ci_low": "fte_ondergrens",
    "fte_ci_high": "fte_bovengrens",
    "n_responding": "aantal_respondenten",
    "n_frame": "aantal_in_kader",
    "response_rate": "respons",
    "response_rate_formatie": "respons_formatie",
    "quality_class": "kwaliteitsklasse",
    "flags": "symbolen",
}


def _dutch_header(writer: csv.DictWriter) -> None:
    writer.writerow({key: HEADERS[key] for key in writer.fieldnames})


def demo_value(is_demo: bool) -> str:
    """The ``demo`` column's value: "ja" for demo figures, "nee" for real ones (never translated:
    a file's values do not depend on the reader's language)."""
    return "ja" if is_demo else "nee"


def demo_title() -> str:
    """The first line of an XLSX sheet of demo figures."""
    return _("Demo data: not real figures")


def demo_title_row(sheet) -> None:
    """Start ``sheet`` with the demo line, in bold red (for a sheet of demo figures only)."""
    sheet.append([demo_title()])
    sheet.cell(row=sheet.max_row, column=1).font = DEMO_FONT


def legend() -> dict[str, str]:
    return {code: str(text) for code, text in vocabulary.SYMBOLS.items()}


def _records(table: Table):
    """Every row of every peildatum of the table (long format: one record per peildatum and
    area), each with its own release and demo marker."""
    for release, rows in table.periods or [(table.release, table.rows)]:
        demo = demo_value(release.round.is_demo)
        for row in rows:
            yield {
                DEMO_COLUMN: demo,
                "peildatum": release.round.peildatum.isoformat(),
                "release": release.slug,
                **{k: row[k] for k in COLUMNS[2:-1]},
                "flags": " ".join(f"[{f}]" for f in row["flags"]),
            }


def _filename(table: Table, suffix: str) -> str:
    parts = [table.release.slug, table.query["measure"], table.query["breakdown"].replace(":", "-")]
    return "tekort-" + "-".join(parts) + suffix


def as_csv(table: Table) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=(DEMO_COLUMN, *COLUMNS), lineterminator="\n")
    _dutch_header(writer)
    for record in _records(table):
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, ".csv")}"'
    return response


def as_json(table: Table, permalink: str | None = None) -> HttpResponse:
    return json_answer(
        {
            "release": release_meta(table.release),
            "title": str(table.title),
            "query": table.query,
            "permalink": permalink,
            "legend": legend(),
            "rows": [dict(row) for row in table.rows],
            # the compared peildata, the chosen one among them (by peildatum)
            **(
                {
                    "periods": [
                        {"release": release_meta(release), "rows": [dict(row) for row in rows]}
                        for release, rows in table.periods
                    ]
                }
                if table.compared
                else {}
            ),
        }
    )


def as_xlsx(table: Table) -> HttpResponse:
    header = [DEMO_COLUMN, *COLUMNS]
    return _release_workbook(
        table.release,
        neutralise(str(table.title)),
        [HEADERS[key] for key in header],
        ([record[k] for k in header] for record in _records(table)),
        _filename(table, ".xlsx"),
        demo=table.demo,
    )


def _release_workbook(release, title, header, rows, filename: str, demo: bool) -> HttpResponse:
    """A table of a release as an XLSX download: the demo line where it is demo, the title, the
    release and its status, the bold header, the rows (formula-neutralised) and a sheet that
    explains the symbols."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Table")
    if demo:
        demo_title_row(sheet)
    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    status = release.Status(public_status(release)).label
    sheet.append([_("Release %(slug)s (%(status)s)") % {"slug": release.slug, "status": status}])
    sheet.append([])
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    notes = book.create_sheet(_("Symbols"))
    notes.append([_("Symbol"), _("Meaning")])
    for code, text in legend().items():
        notes.append([f"[{code}]", text])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cells_csv(release, rows: list[dict]) -> HttpResponse:
    """All public cells of a release in one CSV (EES' 'download all data')."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=(DEMO_COLUMN, "function", *COLUMNS), lineterminator="\n"
    )
    _dutch_header(writer)
    demo = demo_value(release.round.is_demo)
    for row in rows:
        record = {
            DEMO_COLUMN: demo,
            "function": row["function"],
            "peildatum": release.round.peildatum.isoformat(),
            "release": release.slug,
            **{k: row[k] for k in COLUMNS[2:-1]},
            "flags": " ".join(f"[{f}]" for f in row["flags"]),
        }
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-alle-cellen.csv"'
    )
    return response


# The letters' table (peildata x po / bao / sbo / (v)so / school leaders of po), one row per
# peildatum as frozen in the release's headline (``headline.LETTERS_COLUMNS``): Dutch headers,
# per column the percentage, its 95% interval, the FTE, the response and the symbols.
LETTERS_LABELS = {
    "po": "po_leraren",
    "bao": "bao_leraren",
    "sbo": "sbo_leraren",
    "vso": "(v)so_leraren",
    "schoolleiders": "po_schoolleiders",
}
LETTERS_FIELDS = {
    "percentage": "pct",
    "ci_low": "pct_ondergrens",
    "ci_high": "pct_bovengrens",
    "fte": "fte",
    "response_rate": "respons",
    "flags": "symbolen",
}


def letters_header() -> list[str]:
    return [
        DEMO_COLUMN,
        "peildatum",
        "publicatie",
        *[
            f"{label}_{suffix}"
            for label in LETTERS_LABELS.values()
            for suffix in LETTERS_FIELDS.values()
        ],
    ]


def letters_records(release, rows: list[dict]) -> list[list]:
    demo = demo_value(release.round.is_demo)
    out = []
    for row in rows:
        record = [demo, row["peildatum"], row["release"]]
        for key in LETTERS_LABELS:
            cell = row.get(key) or {}
            for field in LETTERS_FIELDS:
                value = cell.get(field)
                if field == "flags":
                    value = " ".join(f"[{f}]" for f in value or []) or ("" if cell else "[x]")
                record.append(value)
        out.append(record)
    return out


def letters_csv(release, rows: list[dict]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(letters_header())
    for record in letters_records(release, rows):
        writer.writerow(["" if v is None else csv_cell(v) for v in record])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-po-vo-brieventabel.csv"'
    )
    return response


def letters_xlsx(release, rows: list[dict]) -> HttpResponse:
    return _release_workbook(
        release,
        _("Shortage in po per peildatum: bao, sbo, (v)so and school leaders"),
        letters_header(),
        letters_records(release, rows),
        f"tekort-{release.slug}-po-vo-brieventabel.xlsx",
        demo=release.round.is_demo,
    )
