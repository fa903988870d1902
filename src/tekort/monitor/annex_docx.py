"""The annex as a Word document (DOCX, python-docx): the two-column table of the source annexes."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from tekort.monitor.annex import Annex

LEFT, RIGHT = "Motie/toezegging", "Stand van zaken"


def annex_docx(annex: Annex) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = annex.title
    document.core_properties.language = "nl-NL"
    document.add_heading(annex.title, level=1)
    document.add_paragraph(f"{annex.letter.title} — {annex.date_label}")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, text in zip(header, (LEFT, RIGHT), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in annex.rows:
        left, right = table.add_row().cells
        left.paragraphs[0].add_run(row.heading).bold = True
        for item in row.items:
            if item.reference:
                left.add_paragraph(item.reference)
            if item.indieners:
                left.add_paragraph(f"({item.indieners})")
            if item.request:
                left.add_paragraph(item.request).runs[0].italic = True
        right.paragraphs[0].add_run(row.status_text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
