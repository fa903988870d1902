"""The columns of the board file: the template writes them, the reader expects them."""

from dataclasses import dataclass

from tekort.submissions.questions import CELLS, MEASURES


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # Figures attribute, "location", "name", or "<cell>:<CODE>" for a measure
    kind: str  # "code", "text", "fte", "pupils", "measure", "info", "answer", "subject"
    note_key: str = ""  # key of the question set's definitions shown as the header note


# The four cells, with the same header and note on every sheet that asks them.
CELL_COLUMNS = [Column(cell, cell, "fte", cell) for cell in CELLS]
BASE_COLUMNS = [
    Column("vestiging", "location", "code"),
    Column("naam", "name", "info"),
    Column("formatie", "formatie", "fte", "formatie"),
    Column("langdurig_verlof", "long_leave", "fte", "long_leave"),
    *CELL_COLUMNS,
    Column("leerlingen", "pupils", "pupils", "pupils"),
]
MEASURE_COLUMNS = [
    Column(f"{cell}_{code}", f"{cell}:{code}", "measure", "measures")
    for cell in ("regulier", "vervanging")
    for code in MEASURES
]
TAIL_COLUMNS = [
    Column("anders_namelijk", "other_measure", "text"),
    Column("toelichting", "remark", "text"),
    # vo only (issue 20): "ja" (figures per subject on the sheet Vakken), "nee" (the total only),
    # or empty. Last, so that an old template's columns keep their letters.
    Column("per_vak", "subject_answer", "answer", "subject_answer"),
]
COLUMNS = BASE_COLUMNS + MEASURE_COLUMNS + TAIL_COLUMNS
BY_HEADER = {c.header: c for c in COLUMNS}
# Columns whose emptiness means "this row was not filled in" (the formatie may be prefilled).
FILLED_IN = [c.header for c in COLUMNS if c.kind in ("fte", "measure") and c.field != "formatie"]
SHEET = "Registratie"

# The optional school-leader sheet: one row with the board's school-leader figures (methods.md §1.6).
SCHOOL_LEADER_SHEET = "Schoolleiding"
SCHOOL_LEADER_COLUMNS = [
    Column("formatie", "formatie", "fte", "formatie"),
    *CELL_COLUMNS,
    Column("toelichting", "remark", "text"),
]
SCHOOL_LEADER_BY_HEADER = {c.header: c for c in SCHOOL_LEADER_COLUMNS}
SCHOOL_LEADER_FILLED_IN = [c.header for c in SCHOOL_LEADER_COLUMNS if c.kind == "fte"][1:]

# The optional sheet of a vo location's figures per subject (issue 20): one row per location and
# subject; the rows join their location's row on the sheet Registratie.
SUBJECT_SHEET = "Vakken"
SUBJECT_COLUMNS = [
    Column("vestiging", "location", "code"),
    Column("vak", "subject", "subject"),
    Column("vaknaam", "subject_name", "info"),
    Column("formatie", "formatie", "fte", "subjects"),
    *CELL_COLUMNS,
]
SUBJECT_BY_HEADER = {c.header: c for c in SUBJECT_COLUMNS}
# A Vakken row with none of these filled in is the template's prefill: not an answer.
SUBJECT_FILLED_IN = [c.header for c in SUBJECT_COLUMNS if c.kind == "fte"]
# The per_vak column's answers (lower case; anything else is refused).
PER_SUBJECT_ANSWERS = {"ja": "per_vak", "nee": "totaal", "": ""}
