"""The one write path for staff changes: plan a letter, draft and approve a status for it, link
items to indicators and figures, set or correct an item's due date, and send the letter. Approved
statuses are never edited; every change is recorded in the history (`tekort.monitor.history`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tekort.monitor.history import record
from tekort.monitor.models import Deadline, Item, Letter, Section, Status


class EditRefused(Exception):
    """The change would edit the past (or is otherwise not allowed); nothing was changed."""


@transaction.atomic
def plan_letter(user, date: datetime.date, title: str) -> Letter:
    letter_id = f"l{date:%Y-%m}"
    if Letter.objects.filter(pk=letter_id).exists():
        raise EditRefused(f"er is al een brief voor {date:%m-%Y} ({letter_id})")
    latest = Letter.objects.order_by("-date").first()
    if latest and date <= latest.date:
        raise EditRefused("een nieuwe brief moet later zijn dan de laatste brief")
    letter = Letter.objects.create(
        id=letter_id,
        date=date,
        date_precision=Letter.Precision.DAY,
        date_source="gepland in tekort",
        title=title,
        doc_type="kamerbrief met bijlage",
        is_planned=True,
    )
    record(user, "letter.planned", letter, {"date": date.isoformat(), "title": title})
    return letter


@transaction.atomic
def save_draft(user, item: Item, letter: Letter, *, text: str, status_class: str) -> Status:
    """Create or revise the draft status of `item` for the planned `letter`."""
    if not letter.is_planned:
        raise EditRefused("alleen voor een geplande brief kan een nieuwe stand worden gemaakt")
    later = item.statuses.filter(letter__date__gte=letter.date).exclude(letter=letter)
    if later.exists():
        raise EditRefused("er is al een stand in een latere brief")
    status = Status.objects.select_for_update().filter(item=item, letter=letter).first()
    if status and status.state == Status.State.APPROVED:
        raise EditRefused("een goedgekeurde stand wordt nooit gewijzigd")
    before = {"text": status.text, "status_class": status.status_class} if status else None
    if status is None:
        position = (letter.statuses.aggregate(m=Max("position"))["m"] or 0) + 1
        status = Status(
            id=f"ms-{item.id}@{letter.id}",
            item=item,
            letter=letter,
            section=Section.BIJLAGE,
            heading=item.title,
            kamerstuk_as_written=item.kamerstuk or item.item_ref,
            position=position,
            created_by=user,
        )
    status.text = text
    status.status_class = status_class
    status.state = Status.State.DRAFT
    status.save()
    record(
        user,
        "status.drafted" if before is None else "status.revised",
        status,
        {"before": before, "after": {"text": text, "status_class": status_class}},
    )
    return status


@transaction.atomic
def approve(user, status: Status) -> Status:
    status = Status.objects.select_for_update().get(pk=status.pk)
    if status.state == Status.State.APPROVED:
        raise EditRefused("deze stand is al goedgekeurd")
    status.state = Status.State.APPROVED
    status.approved_by = user
    status.save(update_fields=["state", "approved_by"])
    record(user, "status.approved", status, {"at": timezone.now().isoformat()})
    return status


@transaction.atomic
def send_letter(user, letter: Letter) -> Letter:
    """Mark a planned letter as sent: its approved statuses become public."""
    if not letter.is_planned:
        raise EditRefused("deze brief is al verstuurd")
    if letter.statuses.filter(state=Status.State.DRAFT).exists():
        raise EditRefused("keur eerst alle concepten goed (of laat ze weg)")
    letter.is_planned = False
    letter.save(update_fields=["is_planned"])
    record(user, "letter.sent", letter)
    return letter


@transaction.atomic
def set_links(user, item: Item, *, indicators, figures) -> None:
    """Set the indicators and figures an item concerns; record what was added and removed."""
    old_ind = set(item.indicators.values_list("pk", flat=True))
    old_fig = set(item.figures.values_list("pk", flat=True))
    new_ind = {i.pk for i in indicators}
    new_fig = {f.pk for f in figures}
    if (old_ind, old_fig) == (new_ind, new_fig):
        return
    item.indicators.set(list(indicators))
    item.figures.set(list(figures))
    record(
        user,
        "item.links",
        item,
        {
            "indicators_added": sorted(new_ind - old_ind),
            "indicators_removed": sorted(old_ind - new_ind),
            "figures_added": sorted(new_fig - old_fig),
            "figures_removed": sorted(old_fig - new_fig),
        },
    )


@transaction.atomic
def set_deadline(user, item: Item, *, due_date: datetime.date, precision: str, note: str):
    """Staff set or correct an item's due date; the import never overwrites it afterwards."""
    deadline = Deadline.objects.select_for_update().filter(item=item).first()
    before = (
        {
            "due_date": deadline.due_date.isoformat(),
            "precision": deadline.precision,
            "phrase": deadline.phrase,
            "source": deadline.source,
        }
        if deadline
        else None
    )
    if deadline is None:
        deadline = Deadline(item=item)
    deadline.due_date = due_date
    deadline.period_start = None
    deadline.precision = precision
    deadline.phrase = note
    deadline.source = Deadline.Source.STAFF
    deadline.letter = None
    deadline.set_by = user
    deadline.save()
    record(
        user,
        "deadline.set",
        item,
        {
            "before": before,
            "after": {"due_date": due_date.isoformat(), "precision": precision, "phrase": note},
        },
    )
    return deadline
