"""Announced deliverables: what a letter says will be delivered without calling it a toezegging
("Naar verwachting zal in Q4 het onderwijsarbeidsmarkt dashboard live gaan."). The policy data's
compiler left these out (its README, caveat 11); tekort tracks them as items of their own kind
(`Kind.AANKONDIGING`), listed and counted apart from the motions and commitments.

They come from `monitor/data/aankondigingen.csv`, a small file of this repository: one row per
(announcement, letter), the first row of an id being the announcement itself and later rows what a
later letter says about it. `text` is the letter's own words, checked against the letter (the
whitespace-normalised text of `<letters>/<source_file>`, as the importer reads it); `anchor` is
the heading in the letter under which the words stand.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tekort.monitor.models import Kind, Section, Status, StatusClass, Theme

FILE = Path(__file__).parent / "data" / "aankondigingen.csv"
FILENAME = "aankondigingen.csv"
COLUMNS = ("id", "letter_id", "section", "anchor", "title", "theme", "status_class", "text")


def parse(importer, letters: dict[str, dict], texts: dict[str, str], normalise, position):
    """(items, statuses) as the importer's dicts; bad rows reported through `importer._bad`."""
    items: dict[str, dict] = {}
    statuses: dict[str, dict] = {}
    reader = csv.DictReader(io.StringIO(FILE.read_text(encoding="utf-8")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        importer._bad(FILENAME, 1, f"kolommen ontbreken: {', '.join(missing)}")
        return items, statuses
    for index, row in enumerate(reader):
        line = reader.line_num
        aid, letter = row["id"].strip(), row["letter_id"].strip()
        sid = f"ms-{aid}@{letter}"
        text = row["text"].strip()
        if not aid.startswith("ak-"):
            importer._bad(FILENAME, line, f"id '{aid}' begint niet met 'ak-'")
        elif letter not in letters:
            importer._bad(FILENAME, line, f"brief '{letter}' onbekend")
        elif sid in statuses:
            importer._bad(FILENAME, line, f"tweede stand voor {aid} in {letter}")
        elif row["section"] not in Section.values:
            importer._bad(FILENAME, line, f"onderdeel '{row['section']}' onbekend")
        elif row["status_class"] not in StatusClass.values:
            importer._bad(FILENAME, line, f"statusklasse '{row['status_class']}' onbekend")
        elif row["theme"] not in Theme.values:
            importer._bad(FILENAME, line, f"thema '{row['theme']}' onbekend")
        elif not text or not row["title"].strip():
            importer._bad(FILENAME, line, "tekst of titel ontbreekt")
        elif letter in texts and normalise(text) not in texts[letter]:
            importer._bad(FILENAME, line, f"tekst staat niet letterlijk in brief {letter}")
        else:
            if aid not in items:
                items[aid] = {
                    "kind": Kind.AANKONDIGING,
                    "kamerstuk": letters[letter]["kamerstuk"],
                    "kamerstuk_norm": "",
                    "item_ref": "",
                    "indieners": "",
                    "date_of_commitment": "",
                    "title": row["title"].strip(),
                    "title_source": "tekort: aankondigingen.csv",
                    "request": text,
                    "request_source": "announcement text",
                    "request_letter_id": letter,
                    "request_fragments": 1,
                    "theme": row["theme"],
                    "theme_secondary": "",
                    "notes": "",
                }
            statuses[sid] = {
                "item_id": aid,
                "letter_id": letter,
                "section": row["section"],
                "heading": row["anchor"].strip(),
                "kamerstuk_as_written": "",
                "text": text,
                "fragments": 1,
                "shared_group": "",
                "status_class": row["status_class"],
                "reason": row.get("reason", ""),
                "notes": "",
                "position": position(texts.get(letter, ""), text, 10_000 + index),
                "state": Status.State.APPROVED,
            }
    return items, statuses
