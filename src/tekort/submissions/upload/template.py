"""The XLSX template of a board: its locations, last round's formatie, definitions as header notes."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from tekort.formula_injection import neutralise_row
from tekort.registry import vo_subjects
from tekort.registry.models import Board, Location, Sector
from tekort.submissions import intake
from tekort.submissions.models import Round
from tekort.submissions.questions import (
    MEASURES,
    SCHOOL_LEADER_DEFINITIONS,
    SUBJECT_DEFINITIONS,
)
from tekort.submissions.rounds import question_set_of
from tekort.submissions.upload.columns import (
    COLUMNS,
    SCHOOL_LEADER_COLUMNS,
    SCHOOL_LEADER_SHEET,
    SHEET,
    SUBJECT_COLUMNS,
    SUBJECT_SHEET,
    Column,
)

MEASURE_NOTE = "Verborgen fte per noodmaatregel {code}: {label}. {definition}"


def locations_for(round_: Round, board: Board) -> list[Location]:
    return list(Location.objects.filter(board=board, sector__in=round_.sectors).order_by("code"))


def build(round_: Round, board: Board) -> bytes:
    definitions = {**SUBJECT_DEFINITIONS, **question_set_of(round_).definitions}
    locations = locations_for(round_, board)
    previous = intake.previous_figures(round_, [loc.code for loc in locations])
    pupils = intake.duo_pupils([loc.code for loc in locations])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _header(sheet, COLUMNS, lambda column: _note(column, definitions))
    for location in locations:
        last = previous.get(location.code)
        row = [location.code, location.name, float(last.formatie) if last else None]
        row += [None] * 5 + [pupils.get(location.code)]
        sheet.append(neutralise_row(row))  # openpyxl writes text starting with "=" as a formula
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 40
    _school_leader_sheet(workbook, round_, board)
    _subject_sheet(workbook, round_, locations, definitions)
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
    notes.append(
        [
            "Blad Vakken (alleen vo): per vo-vestiging en vak de formatie en de vier tekortcellen "
            "in fte. Een rij zonder cijfers wordt overgeslagen. De vakken van een vestiging tellen "
            "op tot de cijfers op het blad Registratie; die rij moet dan ook ingevuld zijn."
        ]
    )
    notes.append(
        [
            "Kolom per_vak (alleen vo): 'ja' als u het blad Vakken invult, 'nee' als u alleen het "
            "totaal geeft (niet per vak). Leeg laten met vakken ingevuld betekent 'ja'. Leeg laten "
            "zonder vakken: de vakken die de vestiging eerder deze ronde gaf, blijven staan (zij "
            "moeten dan nog optellen tot de nieuwe totalen)."
        ]
    )
    for subject in vo_subjects.subjects_on(round_.peildatum):
        notes.append([f"vak {subject.code}", subject.name])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet, columns: list[Column], note: Callable[[Column], str]) -> None:
    """The sheet's first row: the columns' headers in bold, each with its note (if any) as a
    comment."""
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        text = note(column)
        if text:
            cell.comment = Comment(text, "tekort", width=400, height=220)


def _school_leader_sheet(workbook, round_: Round, board: Board) -> None:
    """The optional sheet with the board's school leaders: one row, last round's formatie."""
    sheet = workbook.create_sheet(SCHOOL_LEADER_SHEET)
    _header(
        sheet,
        SCHOOL_LEADER_COLUMNS,
        lambda column: SCHOOL_LEADER_DEFINITIONS.get(column.note_key, ""),
    )
    last = intake.previous_school_leaders(round_, board)
    sheet.append([float(last.formatie) if last else None])


def _subject_sheet(workbook, round_: Round, locations: list[Location], definitions: dict) -> None:
    """The sheet Vakken: one row per vo location and subject asked on the peildatum (issue 20)."""
    sheet = workbook.create_sheet(SUBJECT_SHEET)
    _header(sheet, SUBJECT_COLUMNS, lambda column: _note(column, definitions))
    subjects = vo_subjects.subjects_on(round_.peildatum)
    for location in locations:
        if location.sector != Sector.VO:
            continue
        for subject in subjects:
            sheet.append(neutralise_row([location.code, subject.code, subject.name]))
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["C"].width = 32


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
    if column.header == "vak":
        return "Vakcode (zie het blad Toelichting), niet wijzigen."
    return definitions.get(column.note_key, "")
