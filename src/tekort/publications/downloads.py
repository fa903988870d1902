"""A table as CSV, XLSX and JSON: the same rows, the same rounding, the symbols in a notes column.

GSS practice: symbols never inside a number column; a value column is empty where nothing is
shown and the ``flags`` column carries the shorthand ([c], [x], [u], [e], [p], [r]).
"""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tekort.publications import vocabulary
from tekort.publications.headline import release_meta
from tekort.publications.tables import Table

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
    "quality_class",
    "flags",
)


def legend() -> dict[str, str]:
    return {code: str(text) for code, text in vocabulary.SYMBOLS.items()}


def _records(table: Table):
    for row in table.rows:
        yield {
            "peildatum": table.release.round.peildatum.isoformat(),
            "release": table.release.slug,
            **{k: row[k] for k in COLUMNS[2:-1]},
            "flags": " ".join(f"[{f}]" for f in row["flags"]),
        }


def _filename(table: Table, suffix: str) -> str:
    parts = [table.release.slug, table.query["measure"], table.query["breakdown"].replace(":", "-")]
    return "tekort-" + "-".join(parts) + suffix


def as_csv(table: Table) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in _records(table):
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, ".csv")}"'
    return response


def as_json(table: Table, permalink: str | None = None) -> JsonResponse:
    return JsonResponse(
        {
            "release": release_meta(table.release),
            "title": str(table.title),
            "query": table.query,
            "permalink": permalink,
            "legend": legend(),
            "rows": [dict(row) for row in table.rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def as_xlsx(table: Table) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Table")
    sheet.append([str(table.title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(
        [
            _("Release %(slug)s (%(status)s)")
            % {"slug": table.release.slug, "status": table.release.get_status_display()}
        ]
    )
    sheet.append([])
    sheet.append(list(COLUMNS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for record in _records(table):
        sheet.append([record[k] for k in COLUMNS])
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
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, ".xlsx")}"'
    return response


def cells_csv(release, rows: list[dict]) -> HttpResponse:
    """All public cells of a release in one CSV (EES' 'download all data')."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=("function", *COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = {
            "function": row["function"],
            "peildatum": release.round.peildatum.isoformat(),
            "release": release.slug,
            **{k: row[k] for k in COLUMNS[2:-1]},
            "flags": " ".join(f"[{f}]" for f in row["flags"]),
        }
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-alle-cellen.csv"'
    )
    return response
