"""The columns of the board file: the template writes them, the reader expects them."""

from dataclasses import dataclass

from tekort.submissions.questions import MEASURES


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # Figures attribute, "location", "name", or "<cell>:<CODE>" for a measure
    kind: str  # "code", "text", "fte", "pupils", "measure", "info"
    note_key: str = ""  # key of the question set's definitions shown as the header note


BASE_COLUMNS = [
    Column("vestiging", "location", "code"),
    Column("naam", "name", "info"),
    Column("formatie", "formatie", "fte", "formatie"),
    Column("langdurig_verlof", "long_leave", "fte", "long_leave"),
    Column("regulier_openstaand", "regulier_openstaand", "fte", "regulier_openstaand"),
    Column("regulier_verborgen", "regulier_verborgen", "fte", "regulier_verborgen"),
    Column("vervanging_openstaand", "vervanging_openstaand", "fte", "vervanging_openstaand"),
    Column("vervanging_verborgen", "vervanging_verborgen", "fte", "vervanging_verborgen"),
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
    Column("regulier_openstaand", "regulier_openstaand", "fte", "regulier_openstaand"),
    Column("regulier_verborgen", "regulier_verborgen", "fte", "regulier_verborgen"),
    Column("vervanging_openstaand", "vervanging_openstaand", "fte", "vervanging_openstaand"),
    Column("vervanging_verborgen", "vervanging_verborgen", "fte", "vervanging_verborgen"),
    Column("toelichting", "remark", "text"),
]
SCHOOL_LEADER_BY_HEADER = {c.header: c for c in SCHOOL_LEADER_COLUMNS}
SCHOOL_LEADER_FILLED_IN = [c.header for c in SCHOOL_LEADER_COLUMNS if c.kind == "fte"][1:]
