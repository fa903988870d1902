"""The XLSX template of a board: its locations, last round's formatie, definitions as header notes."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from tekort.formula_injection import neutralise_row
from tekort.registry.models import Board, Location
from tekort.submissions import intake
from tekort.submissions.models import Round
from tekort.submissions.questions import MEASURES, SCHOOL_LEADER_DEFINITIONS
from tekort.submissions.rounds import question_set_of
from tekort.submissions.upload.columns import (
    COLUMNS,
    SCHOOL_LEADER_COLUMNS,
    SCHOOL_LEADER_SHEET,
    SHEET,
)

MEASURE_NOTE = "Verborgen fte per noodmaatregel {code}: {label}. {definition}"


def locations_for(round_: Round, board: Board) -> list[Location]:
    return list(Location.objects.filter(board=board, sector__in=round_.sectors).order_by("code"))


def build(round_: Round, board: Board) -> bytes:
    definitions = question_set_of(round_).definitions
    locations = locations_for(round_, board)
    previous = intake.previous_figures(round_, [loc.code for loc in locations])
    pupils = intake.duo_pupils([loc.code for loc in locations])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        note = _note(column, definitions)
        if note:
            cell.comment = Comment(note, "tekort", width=400, height=220)
    for location in locations:
        last = previous.get(location.code)
        row = [location.code, location.name, float(last.formatie) if last else None]
        row += [None] * 5 + [pupils.get(location.code)]
        sheet.append(neutralise_row(row))  # openpyxl writes text starting with "=" as a formula
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 40
    _school_leader_sheet(workbook, round_, board)
    notes = workbook.create_sheet("Toelichting")
    notes.append([f"Uitvraag peildatum {round_.peildatum:%d-%m-%Y}, bestuur {board.number}"])
    notes.append([f"Vraagversie {question_set_of(round_).version}"])
    notes.append(
        [
            "Vul per vestiging de fte in (twee decimalen). Een rij zonder ingevulde "
            "tekortcellen wordt overgeslagen; vul 0 in als er geen tekort is."
        ]
    )
    for key, text in definitions.items():
        notes.append([key, text])
    for code, label in MEASURES.items():
        notes.append([code, str(label)])
    notes.append(
        [
            "Blad Schoolleiding (optioneel): de schoolleiding van het hele bestuur in één rij, "
            "inclusief bovenschoolse directeuren. Laat de tekortcellen leeg om het over te slaan."
        ]
    )
    for key, text in SCHOOL_LEADER_DEFINITIONS.items():
        notes.append([f"schoolleiding {key}", text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _school_leader_sheet(workbook, round_: Round, board: Board) -> None:
    """The optional sheet with the board's school leaders: one row, last round's formatie."""
    sheet = workbook.create_sheet(SCHOOL_LEADER_SHEET)
    sheet.append([c.header for c in SCHOOL_LEADER_COLUMNS])
    for index, column in enumerate(SCHOOL_LEADER_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        note = SCHOOL_LEADER_DEFINITIONS.get(column.note_key, "")
        if note:
            cell.comment = Comment(note, "tekort", width=400, height=220)
    last = intake.previous_school_leaders(round_, board)
    sheet.append([float(last.formatie) if last else None])


def _note(column, definitions: dict) -> str:
    if column.kind == "measure":
        cell, code = column.field.split(":")
        return MEASURE_NOTE.format(
            code=code, label=MEASURES[code], definition=definitions.get("measures", "")
        )
    if column.header == "anders_namelijk":
        return "Verplicht als u fte bij ANDERS invult: welke maatregel?"
    if column.header == "vestiging":
        return "Vestigingscode (BRIN + twee cijfers), niet wijzigen."
    return definitions.get(column.note_key, "")
