"""Checking a board file row by row, and the preview of exactly what it would change.

Every row goes through the same parsing (figures.parse_fte) and the same validation edits as the
form (validation.errors/warnings). One bad row rejects the whole file: the result then lists every
error with its sheet, row, column and reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tekort.registry.models import Board, Location
from tekort.submissions import intake
from tekort.submissions.figures import (
    ZERO,
    Figures,
    ParseError,
    SchoolLeaderFigures,
    parse_fte,
    parse_pupils,
    snapshot,
)
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import measure_codes
from tekort.submissions.upload.columns import (
    BY_HEADER,
    FILLED_IN,
    SCHOOL_LEADER_BY_HEADER,
    SCHOOL_LEADER_FILLED_IN,
)
from tekort.submissions.upload.reading import FileError, Table

# Where a validation issue points to in the file.
ISSUE_COLUMN = {
    "long_leave": "langdurig_verlof",
    "pupils": "leerlingen",
    "other_measure": "anders_namelijk",
    "regulier_measures": "regulier_verborgen",
    "vervanging_measures": "vervanging_verborgen",
    "": "formatie",
}
NEW, CHANGED, UNCHANGED, CONFLICT = "new", "changed", "unchanged", "conflict"


@dataclass
class Result:
    errors: list[FileError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the preview, one dict per location
    skipped: int = 0
    school_leaders: dict | None = None  # the preview of the school-leader sheet, if filled in

    def counts(self) -> dict[str, int]:
        out = {NEW: 0, CHANGED: 0, UNCHANGED: 0, CONFLICT: 0}
        for row in self.rows:
            out[row["status"]] += 1
        out["skipped"] = self.skipped
        out["warnings"] = sum(1 for row in self.rows if row["warnings"])
        if self.school_leaders:
            out["school_leaders"] = self.school_leaders["status"]
            out["warnings"] += bool(self.school_leaders["warnings"])
        return out


def check(
    round_: Round,
    board: Board,
    table: Table,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    result = Result()
    own = {loc.code: loc for loc in Location.objects.filter(board=board)}
    unknown_codes = {str(r.values.get("vestiging", "")).strip().upper() for r in table.rows} - set(
        own
    )
    elsewhere = set(
        Location.objects.filter(code__in=list(unknown_codes)[:5000]).values_list("code", flat=True)
    )
    parsed: list[tuple] = []  # (raw row, location, figures)
    seen: dict[str, int] = {}
    total = len(table.rows)
    for index, raw in enumerate(table.rows, start=1):
        if progress and index % 1000 == 0:
            progress(index // 2, total)
        row_errors: list[FileError] = []

        def error(header: str, reason: str, raw=raw, row_errors=row_errors) -> None:
            row_errors.append(FileError(raw.sheet, raw.row, table.where(header), reason))

        code = raw.values.get("vestiging", "").strip().upper()
        location = own.get(code)
        if not code:
            error("vestiging", _("The location code is missing."))
        elif location is None:
            error(
                "vestiging",
                _("Location %(code)s belongs to another board.") % {"code": code}
                if code in elsewhere
                else _("Unknown location code %(code)s.") % {"code": code},
            )
        elif code in seen:
            error(
                "vestiging",
                _("Location %(code)s is also on row %(row)s.") % {"code": code, "row": seen[code]},
            )
        elif location.sector not in round_.sectors:
            error("vestiging", _("This location's sector is not part of this round."))
        if code and code not in seen:
            seen[code] = raw.row
        if not any(raw.values.get(h) for h in FILLED_IN):
            if row_errors:
                result.errors.extend(row_errors)
            else:
                result.skipped += 1
            continue
        figures = _parse(raw.values, location, error)
        result.errors.extend(row_errors)
        if not row_errors:
            parsed.append((raw, location, figures))
    if progress:
        progress(total // 2, total)
    contexts = intake.contexts(round_, [loc for _, loc, _ in parsed])
    existing = {
        r["location_id"]: r
        for chunk in intake._chunks([loc.code for _, loc, _ in parsed])
        for r in Registration.objects.filter(round=round_, location_id__in=chunk).values(
            "location_id", "version", "channel", *intake.VALUE_FIELDS
        )
    }
    for index, (raw, location, figures) in enumerate(parsed, start=1):
        if progress and index % 1000 == 0:
            progress(total // 2 + index * (total - total // 2) // max(len(parsed), 1), total)
        context = contexts[location.code]
        checked = intake.check(figures, context)
        for issue in checked.errors:
            header = ISSUE_COLUMN.get(issue.field, issue.field)
            result.errors.append(FileError(raw.sheet, raw.row, table.where(header), issue.message))
        if checked.errors:
            continue
        result.rows.append(
            _preview_row(raw, location, figures, checked, existing.get(location.code))
        )
    if table.school_leaders is not None:
        result.school_leaders = _check_school_leaders(round_, board, table.school_leaders, result)
    if progress:
        progress(total, total)
    result.errors.sort(key=lambda e: (e.sheet != table.sheet, e.row or 0, e.column))
    return result


def _check_school_leaders(round_: Round, board: Board, table: Table, result: Result) -> dict | None:
    """The school-leader sheet: one row, the same parsing and the school-leader checks."""
    filled = [r for r in table.rows if any(r.values.get(h) for h in SCHOOL_LEADER_FILLED_IN)]
    for extra in filled[1:]:
        result.errors.append(
            FileError(
                table.sheet,
                extra.row,
                table.where("formatie"),
                _("The school-leader sheet has one row per board; this is an extra row."),
            )
        )
    if not filled:
        return None
    raw = filled[0]
    errors_before = len(result.errors)
    numbers: dict = {}
    for header, text in raw.values.items():
        column = SCHOOL_LEADER_BY_HEADER[header]
        try:
            if column.kind == "fte":
                numbers[column.field] = parse_fte(text, required=column.field == "formatie")
            else:
                numbers[column.field] = text
        except ParseError as exc:
            result.errors.append(FileError(table.sheet, raw.row, table.where(header), str(exc)))
    if len(result.errors) > errors_before:
        return None
    figures = SchoolLeaderFigures(
        formatie=numbers.get("formatie") or ZERO,
        regulier_openstaand=numbers.get("regulier_openstaand") or ZERO,
        regulier_verborgen=numbers.get("regulier_verborgen") or ZERO,
        vervanging_openstaand=numbers.get("vervanging_openstaand") or ZERO,
        vervanging_verborgen=numbers.get("vervanging_verborgen") or ZERO,
        remark=numbers.get("remark", ""),
    )
    checked = intake.check_school_leaders(round_, board, figures)
    for issue in checked.errors:
        header = issue.field or "formatie"
        result.errors.append(FileError(table.sheet, raw.row, table.where(header), issue.message))
    if checked.errors or len(filled) > 1:
        return None
    current = SchoolLeaderRegistration.objects.filter(round=round_, board=board).first()
    new_values = figures.snapshot()
    old_values = current and snapshot(
        {name: getattr(current, name) for name in figures.model_values()}
    )
    changes = [
        [name, old_values.get(name), value]
        for name, value in new_values.items()
        if old_values and old_values.get(name) != value
    ]
    return {
        "row": raw.row,
        "values": new_values,
        "warnings": [w.as_dict() for w in checked.warnings],
        "expected_version": current.version if current else 0,
        "status": NEW if current is None else CHANGED if changes else UNCHANGED,
        "changes": changes,
    }


def school_leader_item(board: Board, preview: dict | None) -> intake.SchoolLeaderItem | None:
    """The school-leader row to write at confirmation (never when unchanged)."""
    if not preview or preview["status"] == UNCHANGED:
        return None
    return intake.SchoolLeaderItem(
        board,
        SchoolLeaderFigures.from_snapshot(preview["values"]),
        preview["expected_version"],
        preview["warnings"],
    )


def _parse(values: dict, location: Location | None, error) -> Figures | None:
    numbers: dict = {}
    measures: dict[str, dict[str, Decimal]] = {}
    allowed = set(measure_codes(location.sector)) if location else set()
    for header, text in values.items():
        column = BY_HEADER[header]
        try:
            if column.kind == "fte":
                numbers[column.field] = parse_fte(text, required=column.field == "formatie")
            elif column.kind == "pupils":
                numbers["pupils"] = parse_pupils(text)
            elif column.kind == "measure":
                value = parse_fte(text)
                if value:
                    cell, code = column.field.split(":")
                    if location and code not in allowed:
                        error(
                            header,
                            _("Measure %(code)s is not asked in this sector.") % {"code": code},
                        )
                    measures.setdefault(cell, {})[code] = value
            elif column.kind == "text":
                numbers[column.field] = text[:300] if column.field == "other_measure" else text
        except ParseError as exc:
            error(header, str(exc))
    if location is None:
        return None
    try:
        return Figures(
            formatie=numbers.get("formatie") or ZERO,
            long_leave=numbers.get("long_leave") or ZERO,
            regulier_openstaand=numbers.get("regulier_openstaand") or ZERO,
            regulier_verborgen=numbers.get("regulier_verborgen") or ZERO,
            vervanging_openstaand=numbers.get("vervanging_openstaand") or ZERO,
            vervanging_verborgen=numbers.get("vervanging_verborgen") or ZERO,
            pupils=numbers.get("pupils"),
            remark=numbers.get("remark", ""),
            other_measure=numbers.get("other_measure", ""),
            hidden_measures=measures,
        )
    except TypeError:  # pragma: no cover - defensive
        return None


def _preview_row(raw, location, figures: Figures, checked, registration) -> dict:
    new_values = figures.snapshot()
    row = {
        "row": raw.row,
        "location": location.code,
        "name": location.name,
        "values": new_values,
        "warnings": [w.as_dict() for w in checked.warnings],
        "expected_version": registration["version"] if registration else 0,
        "changes": [],
    }
    if registration is None:
        row["status"] = NEW
        return row
    old_values = snapshot({name: registration[name] for name in intake.VALUE_FIELDS})
    row["changes"] = [
        [name, old_values.get(name), new_values.get(name)]
        for name in new_values
        if old_values.get(name) != new_values.get(name)
    ]
    if not row["changes"]:
        row["status"] = UNCHANGED
    elif registration["channel"] == Registration.Channel.FORM:
        row["status"] = CONFLICT  # the location itself submitted other figures
    else:
        row["status"] = CHANGED
    return row


def items_of(rows: list[dict], *, overwrite_conflicts: bool) -> list[intake.Item]:
    """The rows to write at confirmation: unchanged never, conflicts only when asked."""
    out = []
    for row in rows:
        if row["status"] == UNCHANGED or (row["status"] == CONFLICT and not overwrite_conflicts):
            continue
        values = dict(row["values"])
        figures = Figures(
            formatie=Decimal(values["formatie"]),
            long_leave=Decimal(values["long_leave"]),
            regulier_openstaand=Decimal(values["regulier_openstaand"]),
            regulier_verborgen=Decimal(values["regulier_verborgen"]),
            vervanging_openstaand=Decimal(values["vervanging_openstaand"]),
            vervanging_verborgen=Decimal(values["vervanging_verborgen"]),
            pupils=values["pupils"],
            remark=values["remark"],
            other_measure=values["other_measure"],
            hidden_measures={
                cell: {code: Decimal(fte) for code, fte in codes.items()}
                for cell, codes in values["hidden_measures"].items()
            },
        )
        out.append(intake.Item(row["location"], figures, row["expected_version"], row["warnings"]))
    return out
