"""The due date of every item, derived at import from the texts (`monitor.deadlines`) and written
beside what staff set: a deadline staff corrected (`Deadline.Source.STAFF`) is never overwritten.

Where the date comes from, in this order:
1. the newest status whose text promises a period (`deadlines.promised_period`, resolved against
   that letter's date): the letter's latest word on when the item is due;
2. else the request of a motion, commitment or committee request (not a Kamervraag: a question
   names no deadline), when it names a period with a year ("uiterlijk in december 2022"), or any
   period when the commitment's full date is known.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from tekort.monitor import deadlines
from tekort.monitor.models import Deadline, Kind
from tekort.registry.importers.base import upsert


def _commitment_date(item: dict) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(item["date_of_commitment"])
    except ValueError:
        return None


def _from_request(item: dict, fallback: datetime.date) -> deadlines.Found | None:
    """The promise in a request, read against the commitment's date (or, without it, only a
    phrase that names its year, read against the first letter reporting the item)."""
    reference = _commitment_date(item)
    return deadlines.promised_period(
        item["request"], reference or fallback, future_only=False, with_year=reference is None
    )


def derive(items: dict, statuses: dict, letters: dict) -> dict[str, dict]:
    """Deadline fields per item id (only items whose texts name a due period)."""
    by_item = defaultdict(list)
    for status in statuses.values():
        by_item[status["item_id"]].append(status)
    out = {}
    for item_id, item in items.items():
        newest_first = sorted(
            by_item[item_id],
            key=lambda s: (letters[s["letter_id"]]["date"], s["position"]),
            reverse=True,
        )
        found, letter_id = None, None
        for status in newest_first:
            found = deadlines.promised_period(status["text"], letters[status["letter_id"]]["date"])
            if found:
                letter_id = status["letter_id"]
                break
        asks = item["kind"] not in (Kind.KAMERVRAAG, Kind.AANKONDIGING)
        if found is None and asks and item["request"] and newest_first:
            first = newest_first[-1]
            found = _from_request(item, letters[first["letter_id"]]["date"])
            letter_id = item["request_letter_id"] or first["letter_id"]
        if found:
            out[item_id] = {
                "due_date": found.period.end,
                "period_start": found.period.start,
                "precision": found.period.precision,
                "phrase": found.phrase,
                "source": Deadline.Source.TEXT,
                "letter_id": letter_id,
                "set_by": None,
            }
    return out


def write(derived: dict[str, dict], counts) -> None:
    """Upsert the derived deadlines, leaving staff's alone; drop text deadlines no longer read."""
    staff = set(
        Deadline.objects.filter(source=Deadline.Source.STAFF).values_list("item_id", flat=True)
    )
    records = {item_id: d for item_id, d in derived.items() if item_id not in staff}
    upsert(Deadline, records, counts)
    stale = Deadline.objects.filter(source=Deadline.Source.TEXT).exclude(pk__in=list(records))
    counts.updated += stale.count()
    stale.delete()
