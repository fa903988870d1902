"""Checking a board file row by row, and the preview of exactly what it would change.

Every row goes through the same parsing (figures.parse_fte) and the same validation edits as the
form (validation.errors/warnings). One bad row rejects the whole file: the result then lists every
error with its sheet, row, column and reason.

A vo location's figures per subject (issue 20) come from the optional sheet Vakken, whose rows join
their location's row, and its answer from the column per_vak ("ja", "nee" = the total only). A row
whose location has no subject data in the file (an old template, a CSV, an empty per_vak and no
filled-in Vakken rows) keeps the subject answers the location registered earlier in the round:
nothing is erased by leaving it out. Those kept subjects must still add up to the row's figures,
otherwise the row is refused with the advice to fill in the sheet Vakken (or per_vak "nee").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tekort.registry import vo_subjects
from tekort.registry.models import Board, Location, Sector
from tekort.submissions import intake
from tekort.submissions.figures import (
    ZERO,
    Figures,
    ParseError,
    SchoolLeaderFigures,
    parse_fte,
    parse_pupils,
    snapshot,
    subjects_from_json,
)
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import (
    SUBJECT_FIELDS,
    measure_codes,
)
from tekort.submissions.subject_answers import NOT_GIVEN, PER_SUBJECT
from tekort.submissions.upload.columns import (
    BY_HEADER,
    FILLED_IN,
    PER_SUBJECT_ANSWERS,
    SCHOOL_LEADER_BY_HEADER,
    SCHOOL_LEADER_FILLED_IN,
    SHEET,
    SUBJECT_FILLED_IN,
    SUBJECT_SHEET,
)
from tekort.submissions.upload.reading import FileError, RawRow, Table

# Where a validation issue points to in the file.
ISSUE_COLUMN = {
    "long_leave": "langdurig_verlof",
    "pupils": "leerlingen",
    "other_measure": "anders_namelijk",
    "regulier_measures": "regulier_verborgen",
    "vervanging_measures": "vervanging_verborgen",
    "subject_answer": "per_vak",
    "subjects": "per_vak",
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


def location_error(code: str, own: dict[str, Location], elsewhere: set[str]) -> str | None:
    """Why a row's location code cannot be taken (missing, another board's or unknown), or None
    when it is one of the board's own locations `own`; `elsewhere` holds the codes of the file
    that belong to other boards."""
    if not code:
        return _("The location code is missing.")
    if code in own:
        return None
    if code in elsewhere:
        return _("Location %(code)s belongs to another board.") % {"code": code}
    return _("Unknown location code %(code)s.") % {"code": code}


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
        if reason := location_error(code, own, elsewhere):
            error("vestiging", reason)
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
            if raw.values.get("per_vak", "").strip():
                error(
                    "per_vak",
                    _(
                        "This row answers per_vak but has no figures: fill in the location's figures."
                    ),
                )
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
    subjects = _check_subject_sheet(round_, table, own, {loc.code for _, loc, _ in parsed})
    result.errors.extend(subjects.errors)
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
        kept = _join_subjects(location.code, figures, subjects, existing.get(location.code))
        checked = intake.check(figures, context)
        subject_issues = [i for i in checked.errors if i.field.startswith("subject")]
        if kept and subject_issues:
            result.errors.append(
                FileError(
                    raw.sheet,
                    raw.row,
                    table.where("per_vak"),
                    _(
                        "This location gave its figures per subject earlier in this round; they "
                        "do not fit this row's figures (%(why)s). Fill in its subjects on the "
                        'sheet Vakken, or put "nee" in per_vak to give the total only.'
                    )
                    % {"why": " ".join(i.message for i in subject_issues)},
                )
            )
        for issue in checked.errors:
            if kept and issue in subject_issues:
                continue
            result.errors.append(_issue_error(issue, raw, location, table, subjects))
        if checked.errors:
            continue
        result.rows.append(
            _preview_row(raw, location, figures, checked, existing.get(location.code))
        )
    if table.school_leaders is not None:
        result.school_leaders = _check_school_leaders(round_, board, table.school_leaders, result)
    if progress:
        progress(total, total)
    order = {table.sheet: 0, SHEET: 0, SUBJECT_SHEET: 1}
    result.errors.sort(key=lambda e: (order.get(e.sheet, 2), e.row or 0, e.column))
    return result


@dataclass
class SubjectSheet:
    """The filled-in rows of the sheet Vakken: per location code its subjects, and where each is."""

    errors: list[FileError] = field(default_factory=list)
    given: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)
    rows: dict[tuple[str, str], RawRow] = field(default_factory=dict)
    letters: Table | None = None


def _check_subject_sheet(round_: Round, table: Table, own: dict, in_file: set[str]) -> SubjectSheet:
    """Every filled-in row of the sheet Vakken (a row without figures is the template's prefill):
    a location of this board, of vo, with a filled-in row on the main sheet; a subject asked in
    this round; numbers; each location and subject once."""
    out = SubjectSheet(letters=table.subjects)
    sheet = table.subjects
    if sheet is None:
        return out
    asked = set(vo_subjects.codes_on(round_.peildatum))
    rows = [r for r in sheet.rows if any(r.values.get(h) for h in SUBJECT_FILLED_IN)]
    unknown = {r.values.get("vestiging", "").strip().upper() for r in rows} - set(own)
    elsewhere = set(
        Location.objects.filter(code__in=list(unknown)[:5000]).values_list("code", flat=True)
    )
    for raw in rows:
        errors: list[FileError] = []

        def error(header: str, reason: str, raw=raw, errors=errors) -> None:
            errors.append(FileError(raw.sheet, raw.row, sheet.where(header), reason))

        code = raw.values.get("vestiging", "").strip().upper()
        subject = raw.values.get("vak", "").strip().upper()
        location = own.get(code)
        if reason := location_error(code, own, elsewhere):
            error("vestiging", reason)
        elif location.sector != Sector.VO:
            error("vestiging", _("Figures per subject are asked of vo locations only."))
        elif code not in in_file:
            error(
                "vestiging",
                _(
                    "Location %(code)s has no filled-in row on the sheet %(sheet)s: its figures "
                    "per subject need its total figures there."
                )
                % {"code": code, "sheet": table.sheet or SHEET},
            )
        if not subject:
            error("vak", _("The subject code is missing."))
        elif subject not in asked:
            error("vak", _("Unknown subject code for this round: %(codes)s.") % {"codes": subject})
        elif (code, subject) in out.rows:
            error(
                "vak",
                _("Subject %(subject)s of location %(code)s is also on row %(row)s.")
                % {"subject": subject, "code": code, "row": out.rows[(code, subject)].row},
            )
        values = {}
        for name in SUBJECT_FIELDS:
            try:
                values[name] = parse_fte(raw.values.get(name)) or ZERO
            except ParseError as exc:
                error(name, str(exc))
        if subject and (code, subject) not in out.rows:
            out.rows[(code, subject)] = raw
        if errors:
            out.errors.extend(errors)
        else:
            out.given.setdefault(code, {})[subject] = values
    return out


def _join_subjects(
    code: str, figures: Figures, sheet: SubjectSheet, registration: dict | None
) -> bool:
    """Give the row its subjects: from the sheet Vakken (per_vak empty then means "ja"), or as
    per_vak says, or, when the file says nothing about them, the location's registered ones.
    True when the registered ones were kept."""
    given = sheet.given.get(code, {})
    if given:
        figures.subjects = given
        figures.subject_answer = figures.subject_answer or PER_SUBJECT
        return False
    if figures.subject_answer != NOT_GIVEN or registration is None:
        return False
    figures.subject_answer = registration["subject_answer"] or NOT_GIVEN
    figures.subjects = subjects_from_json(registration["subjects"] or {})
    return bool(figures.subject_answer or figures.subjects)


def _issue_error(issue, raw, location, table: Table, sheet: SubjectSheet) -> FileError:
    """Where a validation issue points to: a subject's own issue at its row on the sheet Vakken,
    a sum of the subjects at the main sheet's column of that figure, the rest by ISSUE_COLUMN."""
    if issue.field.startswith("subjects:"):
        target = issue.field.split(":", 1)[1]
        row = sheet.rows.get((location.code, target))
        if row is not None and sheet.letters is not None:
            return FileError(row.sheet, row.row, sheet.letters.where("formatie"), issue.message)
        header = target if target in SUBJECT_FIELDS else "per_vak"
        return FileError(raw.sheet, raw.row, table.where(header), issue.message)
    header = ISSUE_COLUMN.get(issue.field, issue.field)
    return FileError(raw.sheet, raw.row, table.where(header), issue.message)


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
    figures = SchoolLeaderFigures.from_parsed(numbers, remark=numbers.get("remark", ""))
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
            elif column.kind == "answer":
                answer = PER_SUBJECT_ANSWERS.get(text.strip().lower())
                if answer is None:
                    error(header, _('Fill in "ja", "nee" (the total only) or leave it empty.'))
                numbers["subject_answer"] = answer or NOT_GIVEN
        except ParseError as exc:
            error(header, str(exc))
    if location is None:
        return None
    try:
        return Figures.from_parsed(
            numbers,
            pupils=numbers.get("pupils"),
            remark=numbers.get("remark", ""),
            other_measure=numbers.get("other_measure", ""),
            hidden_measures=measures,
            subject_answer=numbers.get("subject_answer", NOT_GIVEN),
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


def items_of(
    rows: list[dict], *, overwrite_conflicts: bool, round_: Round | None = None
) -> list[intake.Item]:
    """The rows to write at confirmation: unchanged never, conflicts only when asked. A preview
    made before issue 20 has no subject answers: its rows keep the registered ones."""
    out = []
    legacy = [r["location"] for r in rows if "subject_answer" not in r["values"]]
    registered = (
        {
            r["location_id"]: r
            for r in Registration.objects.filter(round=round_, location_id__in=legacy).values(
                "location_id", "subject_answer", "subjects"
            )
        }
        if legacy and round_ is not None
        else {}
    )
    for row in rows:
        if row["status"] == UNCHANGED or (row["status"] == CONFLICT and not overwrite_conflicts):
            continue
        values = {**registered.get(row["location"], {}), **row["values"]}
        figures = Figures.from_snapshot(values)
        out.append(intake.Item(row["location"], figures, row["expected_version"], row["warnings"]))
    return out
