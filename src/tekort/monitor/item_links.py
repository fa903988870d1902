"""Which items concern which indicator: the reviewed file `monitor/data/item_indicators.csv`.

One row per link (`item_id`, `indicator_key`, `reason`: one line in Dutch, shown on the item
page). The policy import (`PolicyImporter`) validates the file with the other files (a bad row
refuses the whole import) and adds the links that are missing. It never removes a link, and it
does not add again a link that ministry staff removed through the editing path
(`editing.set_links`, recorded as `item.links` in the history): staff's decision stands until
staff link it again. What the import added is recorded in the history as `import.links`.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from tekort.monitor import history
from tekort.monitor.indicators import SPECS
from tekort.monitor.models import Item
from tekort.registry.importers.base import decode, require_columns

LINKS_FILE = Path(__file__).resolve().parent / "data" / "item_indicators.csv"
FILENAME = LINKS_FILE.name
COLUMNS = ("item_id", "indicator_key", "reason")


def parse(importer, items: dict[str, dict], data: bytes | None = None) -> dict[tuple, str]:
    """The file's links {(item id, indicator key): reason}; bad rows reported to `importer`."""
    if data is None:
        data = LINKS_FILE.read_bytes()
    reader = csv.DictReader(decode(data, "utf-8", FILENAME))
    require_columns(reader.fieldnames or [], COLUMNS, FILENAME)
    links: dict[tuple, str] = {}
    for row in reader:
        importer.report.rows += 1
        line = reader.line_num
        item, key, reason = (row[c].strip() for c in COLUMNS)
        if item not in items:
            if item not in importer.refused:
                importer.error(line, f"{FILENAME}: motie '{item}' onbekend")
        elif key not in SPECS:
            importer.error(line, f"{FILENAME}: indicator '{key}' onbekend")
        elif not reason:
            importer.error(line, f"{FILENAME}: reden ontbreekt")
        elif (item, key) in links:
            importer.error(line, f"{FILENAME}: koppeling {item} – {key} dubbel")
        else:
            links[(item, key)] = reason
    return links


def removed_by_staff() -> set[tuple[str, str]]:
    """(item, indicator) links staff removed and did not link again, from the history."""
    removed: set[tuple[str, str]] = set()
    by_staff = history.changes("item.links").filter(actor__isnull=False)
    for change in by_staff.order_by("at", "id"):
        data = change.detail["data"]
        for key in data.get("indicators_removed", []):
            removed.add((change.object_id, key))
        for key in data.get("indicators_added", []):
            removed.discard((change.object_id, key))
    return removed


def write(importer, links: dict[tuple, str]) -> None:
    """Add the file's missing links (not those staff removed); count them in the report."""
    counts = importer.counts("koppelingen met indicatoren")
    through = Item.indicators.through
    existing = set(through.objects.values_list("item_id", "indicator_id"))
    staff_removed = removed_by_staff()
    added = []
    for pair in links:
        if pair in existing:
            counts.unchanged += 1
        elif pair in staff_removed:
            importer.report.skip("door medewerkers ontkoppeld")
        else:
            added.append(pair)
    through.objects.bulk_create([through(item_id=i, indicator_id=k) for i, k in added])
    counts.created += len(added)
    if added:
        history.record_import(
            "import.links",
            FILENAME,
            {"indicators_added": [list(pair) for pair in sorted(added)]},
        )


@cache
def reasons() -> dict[tuple[str, str], str]:
    """The reason of each link in the file (a link staff made has none)."""
    with LINKS_FILE.open(encoding="utf-8", newline="") as f:
        return {(r["item_id"], r["indicator_key"]): r["reason"] for r in csv.DictReader(f)}
