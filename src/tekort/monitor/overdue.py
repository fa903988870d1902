"""Due dates against the statuses: what is overdue, since when an item is open, and the counts
per status class and per letter.

An item is *overdue* on a date when its due date (`Deadline.due_date`, the last day of the period
the letter named) lies before that date and its latest public status is still open: `lopend` or
`toegezegd-later`. `afgedaan` is done; `niet-uitgevoerd` means the government said it will not
do what was asked, so it is refused, not late (the item pages say so). An item is *open since*
the first letter of the latest unbroken run of letters that report it as open.

Announcements (`Kind.AANKONDIGING`) are counted apart from the register of motions,
commitments, questions and committee requests.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from tekort.monitor.models import Item, Kind, Letter, StatusClass
from tekort.monitor.querysets import items_with_latest_status, public_statuses

OPEN = (StatusClass.LOPEND, StatusClass.TOEGEZEGD_LATER)


def register_items() -> QuerySet[Item]:
    """The register without the announcements, each with its latest status and deadline."""
    return items_with_latest_status().exclude(kind=Kind.AANKONDIGING).select_related("deadline")


def announced_items() -> QuerySet[Item]:
    return items_with_latest_status().filter(kind=Kind.AANKONDIGING).select_related("deadline")


def deadline_of(item: Item):
    try:
        return item.deadline
    except Item.deadline.RelatedObjectDoesNotExist:
        return None


def is_overdue(item: Item, on: datetime.date, status_class: str | None = None) -> bool:
    """Overdue on `on`, judged by `status_class` (default: the item's latest public status)."""
    deadline = deadline_of(item)
    status_class = item.latest_status if status_class is None else status_class
    return bool(deadline and deadline.due_date < on and status_class in OPEN)


def open_since(item: Item) -> Letter | None:
    """The first letter of the latest unbroken run reporting the item as open (statuses are the
    item's prefetched public ones, oldest first), or None when the item is not open."""
    since = None
    for status in item.statuses.all():
        if status.status_class in OPEN:
            since = since or status.letter
        else:
            since = None
    return since


@dataclass(frozen=True)
class ClassCount:
    status_class: str
    items: int
    with_due_date: int
    overdue: int


@dataclass(frozen=True)
class LetterCount:
    letter: Letter
    per_class: dict[str, int]
    reported: int
    overdue: int  # overdue on the day asked, with this letter as the latest word on them


def class_counts(items: list[Item], on: datetime.date) -> list[ClassCount]:
    out = []
    for value in StatusClass.values:
        mine = [i for i in items if i.latest_status == value]
        out.append(
            ClassCount(
                status_class=value,
                items=len(mine),
                with_due_date=sum(1 for i in mine if deadline_of(i)),
                overdue=sum(1 for i in mine if is_overdue(i, on)),
            )
        )
    return out


def letter_counts(items: list[Item], on: datetime.date) -> list[LetterCount]:
    ids = {i.id for i in items}
    statuses = public_statuses().filter(item_id__in=ids).values_list("letter_id", "status_class")
    per_letter: dict[str, Counter] = {}
    for letter_id, status_class in statuses:
        per_letter.setdefault(letter_id, Counter())[status_class] += 1
    overdue = Counter(i.latest_letter for i in items if is_overdue(i, on))
    letters = Letter.objects.filter(pk__in=list(per_letter)).order_by("date", "id")
    return [
        LetterCount(
            letter=letter,
            per_class={v: per_letter[letter.id][v] for v in StatusClass.values},
            reported=sum(per_letter[letter.id].values()),
            overdue=overdue[letter.id],
        )
        for letter in letters
    ]


def overdue_items(items: list[Item], on: datetime.date) -> list[Item]:
    """The overdue items, longest overdue first."""
    late = [i for i in items if is_overdue(i, on)]
    return sorted(late, key=lambda i: (i.deadline.due_date, i.id))
