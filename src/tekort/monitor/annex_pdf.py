"""The annex as a PDF (reportlab, pure Python): the two-column table of the source annexes, with
the title and letter date at the top of every page and "Pagina n van m" at the bottom.

The text is set in Bitstream Vera, the TrueType family that ships inside the reportlab wheel, and
embedded: unlike the PDF base font Helvetica (WinAnsi only) it has every letter of the sources,
e.g. the "ğ" of Gündoğan next to ë, é, ’ and –. Texts go into Paragraph markup XML-escaped."""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.core.cache import cache as django_cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tekort.monitor.annex import Annex
from tekort.monitor.annex_docx import LEFT, RIGHT

FONT = "TekortVera"
MARGIN = 2 * cm
WIDTH = A4[0] - 2 * MARGIN


@cache
def _register_fonts() -> None:
    fonts = Path(reportlab.__file__).parent / "fonts"
    faces = {"": "Vera", "-Bold": "VeraBd", "-Italic": "VeraIt", "-BoldItalic": "VeraBI"}
    for suffix, file in faces.items():
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(fonts / f"{file}.ttf")))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, spaceAfter=4)
    return {
        "body": body,
        "title": ParagraphStyle(
            "title", parent=body, fontName=f"{FONT}-Bold", fontSize=14, leading=18
        ),
        "letter": ParagraphStyle("letter", parent=body, fontSize=10, leading=13, spaceAfter=10),
        "head": ParagraphStyle("head", parent=body, fontName=f"{FONT}-Bold"),
        "request": ParagraphStyle("request", parent=body, fontName=f"{FONT}-Italic", leftIndent=6),
    }


def _markup(text: str) -> str:
    """Plain text as Paragraph markup: XML-escaped, its line breaks kept."""
    return escape(text.strip()).replace("\n", "<br/>")


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """One Paragraph per blank-line-separated block, as the HTML page's |linebreaks does."""
    blocks = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return [Paragraph(_markup(block), style) for block in blocks]


def _table(annex: Annex, styles: dict[str, ParagraphStyle]) -> Table:
    data = [[Paragraph(LEFT, styles["head"]), Paragraph(RIGHT, styles["head"])]]
    for row in annex.rows:
        left = [Paragraph(_markup(row.heading), styles["head"])] if row.heading else []
        for item in row.items:
            left.append(Paragraph(_markup(item.reference or item.id), styles["body"]))
            if item.indieners:
                left.append(Paragraph(_markup(f"({item.indieners})"), styles["body"]))
            if item.request:
                left += _paragraphs(item.request, styles["request"])
        data.append([left, _paragraphs(row.status_text, styles["body"])])
    table = Table(
        data,
        colWidths=[WIDTH * 0.45, WIDTH * 0.55],
        repeatRows=1,
        # split inside a row first (as the source annexes do, and a status longer than a page
        # must): with reportlab's default, splitting between rows first, the rest of the table
        # is split again on the same page and the repeated header row lands mid-page
        splitByRow=0,
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5f0f9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _numbered_canvas(annex: Annex):
    """A canvas that knows the page count when it draws each page's header and footer."""
    header = f"{annex.title} — {annex.date_label}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, A4[1] - MARGIN + 0.8 * cm, header)
            self.drawRightString(
                A4[0] - MARGIN,
                MARGIN - 1 * cm,
                _("Page %(page)s of %(pages)s") % {"page": number, "pages": total},
            )
            self.restoreState()

    return NumberedCanvas


def annex_pdf(annex: Annex) -> bytes:
    """The PDF of an annex, cached under a hash of its content (and the language): the letter
    and annex pages give its size beside the link, and a changed status changes the key."""
    content = json.dumps(
        [annex.as_dict(), annex.letter.title, annex.date_label, get_language()], sort_keys=True
    )
    key = "monitor:annex-pdf:" + hashlib.sha256(content.encode()).hexdigest()
    pdf = django_cache.get(key)
    if pdf is None:
        pdf = _render(annex)
        django_cache.set(key, pdf, timeout=24 * 3600)
    return pdf


def _render(annex: Annex) -> bytes:
    _register_fonts()
    styles = _styles()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=annex.title,
        subject=f"{annex.letter.title} — {annex.date_label}",
        author="tekort",
        creator="tekort",
        lang="nl-NL",
    )
    story = [
        Paragraph(_markup(annex.title), styles["title"]),
        Paragraph(_markup(f"{annex.letter.title} — {annex.date_label}"), styles["letter"]),
    ]
    if annex.rows:
        story.append(_table(annex, styles))
    else:
        story += [
            Spacer(1, 6),
            Paragraph(_markup(_("This letter has no approved annex statuses.")), styles["body"]),
        ]
    document.build(story, canvasmaker=_numbered_canvas(annex))
    return out.getvalue()
