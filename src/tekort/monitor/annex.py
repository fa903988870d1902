"""The annex "Bijlage – stand van zaken moties en toezeggingen" of one letter, built from its
approved annex statuses in the letter's order; items that share one status (a group heading such
as "Moties over meer mannen voor de klas") form one row, as in the source annexes. An item whose
due date had passed by the letter's date while this letter still reports it open is marked overdue
(HTML and JSON; the DOCX and PDF keep the letter's two columns)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format

from tekort.monitor.models import Kind, Letter, Section, Status
from tekort.monitor.overdue import deadline_of, is_overdue


@dataclass
class AnnexItem:
    id: str
    kind: str
    reference: str
    indieners: str
    request: str
    due_date: str = ""  # ISO date, the last day of the period the item is due in
    due_phrase: str = ""
    overdue: bool = False  # on the letter's date: due before it and still open in it


@dataclass
class AnnexRow:
    heading: str
    status_text: str
    status_class: str
    items: list[AnnexItem] = field(default_factory=list)


@dataclass
class Annex:
    letter: Letter
    rows: list[AnnexRow]
    drafts: int  # statuses of this letter still waiting for approval (not in the annex)

    @property
    def title(self) -> str:
        return "Bijlage – stand van zaken moties en toezeggingen"

    @property
    def date_label(self) -> str:
        fmt = "j F Y" if self.letter.date_precision == Letter.Precision.DAY else "F Y"
        return date_format(self.letter.date, fmt)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "letter": self.letter.id,
            "letter_date": self.letter.date.isoformat(),
            "drafts_not_included": self.drafts,
            "rows": [
                {
                    "heading": row.heading,
                    "status_text": row.status_text,
                    "status_class": row.status_class,
                    "items": [item.__dict__ for item in row.items],
                }
                for row in self.rows
            ],
        }


def build_annex(letter: Letter) -> Annex:
    statuses = (
        Status.objects.filter(letter=letter, section=Section.BIJLAGE)
        .exclude(item__kind=Kind.AANKONDIGING)  # announcements are no moties or toezeggingen
        .select_related("item", "item__deadline")
        .order_by("position", "id")
    )
    rows: list[AnnexRow] = []
    groups: dict[str, AnnexRow] = {}
    drafts = 0
    for status in statuses:
        if status.state != Status.State.APPROVED:
            drafts += 1
            continue
        item = status.item
        deadline = deadline_of(item)
        entry = AnnexItem(
            id=item.id,
            kind=item.kind,
            reference=status.kamerstuk_as_written or item.kamerstuk or item.item_ref,
            indieners=item.indieners if item.kind == "motie" else "",
            request=item.request,
            due_date=deadline.due_date.isoformat() if deadline else "",
            due_phrase=deadline.phrase if deadline else "",
            overdue=is_overdue(item, letter.date, status.status_class),
        )
        if status.shared_group and status.shared_group in groups:
            groups[status.shared_group].items.append(entry)
            continue
        row = AnnexRow(
            heading=status.heading or item.title,
            status_text=status.text,
            status_class=status.status_class,
            items=[entry],
        )
        if status.shared_group:
            groups[status.shared_group] = row
        rows.append(row)
    return Annex(letter=letter, rows=rows, drafts=drafts)
