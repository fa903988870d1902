"""Import of the policy reference data (`<TEKORT_DATA_DIR>/policy/`): five CSV files, one
transaction. Every bad row of every file is reported with its file, line and reason, and then
nothing is imported. A rerun on the same files changes nothing.

The sources' ambiguities are kept and made visible as `ItemFlag`s: two items that share a
kamerstuk number, two items with a word-for-word identical request, links the compiler inferred.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tekort.monitor import announcements, due_dates, history, item_links
from tekort.monitor.indicators import FIGURE_INDICATOR, INDICATORS
from tekort.monitor.models import (
    Figure,
    Indicator,
    Item,
    ItemFlag,
    Kind,
    Letter,
    Section,
    Status,
    StatusClass,
    Study,
    Theme,
)
from tekort.registry.importers.base import Importer, decode, require_columns, upsert

FILES = {
    "letters": (
        "letters.csv",
        ("id", "date", "date_precision", "title", "source_file", "kamerstuk", "notes"),
    ),
    "motions": (
        "motions.csv",
        ("id", "kind", "kamerstuk_norm", "indieners", "title", "request", "theme", "notes"),
    ),
    "motion_status": (
        "motion_status.csv",
        ("id", "motion_id", "letter_id", "section", "status_text", "status_class"),
    ),
    "figures": ("figures.csv", ("id", "letter_id", "value", "unit", "source_quote")),
    "studies": ("studies.csv", ("id", "study_id", "letter_id", "title")),
}
LETTER_ID = re.compile(r"^l\d{4}-\d{2}$")


def _int(value: str) -> int:
    return int(value) if value.strip() else 0


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\uf0b7", "")).strip()


class PolicyImporter(Importer):
    """The five files of the policy folder, validated together and written in one transaction."""

    name = "policy"
    default_path = "policy"

    def __init__(self, folder: str | Path, progress=None, letters_dir: str | Path | None = None):
        super().__init__(folder, progress)
        self.folder = Path(folder)
        self.refused: set[str] = set()
        self.letters_dir = (
            Path(letters_dir) if letters_dir else self.folder.parent.parent / "letters"
        )

    def run(self, data: dict[str, bytes] | None = None):
        if data is None:
            if not self.folder.is_dir():
                raise FileNotFoundError(f"map niet gevonden: {self.folder}")
            data = {}
            for key, (filename, _columns) in FILES.items():
                path = self.folder / filename
                if not path.is_file():
                    raise FileNotFoundError(f"bestand niet gevonden: {path}")
                data[key] = path.read_bytes()
        return super().run(data)

    # -- parse ---------------------------------------------------------------------------------

    def _rows(self, data: dict[str, bytes], key: str):
        filename, columns = FILES[key]
        reader = csv.DictReader(decode(data[key], "utf-8", filename))
        require_columns(reader.fieldnames or [], columns, filename)
        for row in reader:
            self.report.rows += 1
            yield reader.line_num, row

    def _bad(self, filename: str, line: int, reason: str) -> None:
        self.error(line, f"{filename}: {reason}")

    def _unknown(self, key: str, known: dict) -> bool:
        """A reference to an id no row has (a refused row's id is already reported)."""
        return key not in known and key not in self.refused

    def parse(self, data):
        letters = self._parse_letters(data)
        items = self._parse_items(data, letters)
        statuses = self._parse_statuses(data, letters, items)
        figures = self._parse_figures(data, letters)
        studies = self._parse_studies(data, letters)
        announced, announced_statuses = announcements.parse(
            self, letters, self._letter_texts(letters), _normalise, _position
        )
        return {
            "letters": letters,
            "items": items,
            "flags": self._flags(items),
            "statuses": statuses,
            "announced": announced,
            "announced_statuses": announced_statuses,
            "deadlines": due_dates.derive(
                items | announced, statuses | announced_statuses, letters
            ),
            "figures": figures,
            "studies": studies,
            "links": item_links.parse(self, items),
        }

    def _parse_letters(self, data) -> dict[str, dict]:
        out = {}
        for line, row in self._rows(data, "letters"):
            lid, raw = row["id"].strip(), row["date"].strip()
            self.refused.add(lid)
            try:
                parts = [int(p) for p in raw.split("-")]
                date = datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            except (ValueError, IndexError):
                self._bad("letters.csv", line, f"datum '{raw}' ongeldig")
                continue
            if not LETTER_ID.match(lid):
                self._bad("letters.csv", line, f"brief-id '{lid}' ongeldig")
            elif lid in out:
                self._bad("letters.csv", line, f"brief-id '{lid}' dubbel")
            elif row["date_precision"] not in ("day", "month"):
                self._bad("letters.csv", line, f"datumprecisie '{row['date_precision']}' onbekend")
            elif not row["title"].strip():
                self._bad("letters.csv", line, "titel ontbreekt")
            else:
                out[lid] = {
                    "date": date,
                    "date_precision": row["date_precision"],
                    "date_source": row.get("date_source", ""),
                    "kamerstuk": row["kamerstuk"],
                    "kamerstuk_norm": row.get("kamerstuk_norm", ""),
                    "title": row["title"],
                    "title_source": row.get("title_source", ""),
                    "doc_type": row.get("doc_type", ""),
                    "senders": row.get("senders", ""),
                    "source_file": row["source_file"],
                    "notes": row["notes"],
                    "is_planned": False,
                }
                self.refused.discard(lid)
        return out

    def _parse_items(self, data, letters) -> dict[str, dict]:
        out = {}
        kinds, themes = set(Kind.values), set(Theme.values)
        for line, row in self._rows(data, "motions"):
            iid = row["id"].strip()
            self.refused.add(iid)
            request_letter = row.get("request_letter_id", "").strip()
            if not iid:
                self._bad("motions.csv", line, "id ontbreekt")
            elif iid in out:
                self._bad("motions.csv", line, f"id '{iid}' dubbel")
            elif row["kind"] not in kinds:
                self._bad("motions.csv", line, f"soort '{row['kind']}' onbekend")
            elif row["theme"] not in themes:
                self._bad("motions.csv", line, f"thema '{row['theme']}' onbekend")
            elif row.get("theme_secondary", "") not in themes | {""}:
                self._bad("motions.csv", line, f"thema '{row['theme_secondary']}' onbekend")
            elif request_letter and self._unknown(request_letter, letters):
                self._bad("motions.csv", line, f"brief '{request_letter}' onbekend")
            elif not row["title"].strip():
                self._bad("motions.csv", line, "titel ontbreekt")
            else:
                out[iid] = {
                    "kind": row["kind"],
                    "kamerstuk": row.get("kamerstuk", ""),
                    "kamerstuk_norm": row["kamerstuk_norm"],
                    "item_ref": row.get("item_ref", ""),
                    "indieners": row["indieners"],
                    "date_of_commitment": row.get("date_of_commitment", ""),
                    "title": row["title"],
                    "title_source": row.get("title_source", ""),
                    "request": row["request"],
                    "request_source": row.get("request_source", ""),
                    "request_letter_id": request_letter or None,
                    "request_fragments": _int(row.get("request_fragments", "")),
                    "theme": row["theme"],
                    "theme_secondary": row.get("theme_secondary", ""),
                    "notes": row["notes"],
                }
                self.refused.discard(iid)
        return out

    def _parse_statuses(self, data, letters, items) -> dict[str, dict]:
        out, seen = {}, set()
        sections, classes = set(Section.values), set(StatusClass.values)
        texts = self._letter_texts(letters)
        for index, (line, row) in enumerate(self._rows(data, "motion_status")):
            sid, item, letter = row["id"].strip(), row["motion_id"], row["letter_id"]
            if not sid or sid in out:
                self._bad("motion_status.csv", line, f"id '{sid}' ontbreekt of dubbel")
            elif item in self.refused or letter in self.refused:
                continue  # the row it refers to is refused and reported already
            elif item not in items:
                self._bad("motion_status.csv", line, f"motie '{item}' onbekend")
            elif letter not in letters:
                self._bad("motion_status.csv", line, f"brief '{letter}' onbekend")
            elif (item, letter) in seen:
                self._bad("motion_status.csv", line, f"tweede stand voor {item} in {letter}")
            elif row["section"] not in sections:
                self._bad("motion_status.csv", line, f"onderdeel '{row['section']}' onbekend")
            elif row["status_class"] not in classes:
                self._bad(
                    "motion_status.csv", line, f"statusklasse '{row['status_class']}' onbekend"
                )
            elif not row["status_text"].strip():
                self._bad("motion_status.csv", line, "tekst van de stand van zaken ontbreekt")
            else:
                seen.add((item, letter))
                out[sid] = {
                    "item_id": item,
                    "letter_id": letter,
                    "section": row["section"],
                    "heading": row.get("heading", ""),
                    "kamerstuk_as_written": row.get("kamerstuk_as_written", ""),
                    "text": row["status_text"],
                    "fragments": _int(row.get("status_fragments", "")) or 1,
                    "shared_group": row.get("shared_group", ""),
                    "status_class": row["status_class"],
                    "reason": row.get("reason", ""),
                    "notes": row.get("notes", ""),
                    "position": _position(texts.get(letter, ""), row["status_text"], index),
                    "state": Status.State.APPROVED,
                }
        return out

    def _parse_figures(self, data, letters) -> dict[str, dict]:
        out = {}
        for line, row in self._rows(data, "figures"):
            fid = row["id"].strip()
            try:
                value = Decimal(row["value"])
            except InvalidOperation:
                self._bad("figures.csv", line, f"waarde '{row['value']}' is geen getal")
                continue
            if not fid or fid in out:
                self._bad("figures.csv", line, f"id '{fid}' ontbreekt of dubbel")
            elif self._unknown(row["letter_id"], letters):
                self._bad("figures.csv", line, f"brief '{row['letter_id']}' onbekend")
            elif not row["unit"].strip():
                self._bad("figures.csv", line, "eenheid ontbreekt")
            else:
                out[fid] = {
                    "letter_id": row["letter_id"],
                    "subject": row.get("subject", ""),
                    "value": value,
                    "value_as_written": row.get("value_as_written", ""),
                    "unit": row["unit"],
                    "per": row.get("per", ""),
                    "qualifier": row.get("qualifier", ""),
                    "reference_period": row.get("reference_period", ""),
                    "geography": row.get("geography", ""),
                    "sector": row.get("sector", ""),
                    "source_quote": row["source_quote"],
                    "source_fragments": _int(row.get("source_fragments", "")) or 1,
                    "notes": row.get("notes", ""),
                    "indicator_id": FIGURE_INDICATOR.get(fid),
                }
        return out

    def _parse_studies(self, data, letters) -> dict[str, dict]:
        out = {}
        fields = (
            "title_source authors bureau year study_type status kamerstuk url summary "
            "source_quote related_study_ids notes"
        ).split()
        for line, row in self._rows(data, "studies"):
            sid = row["id"].strip()
            if not sid or sid in out:
                self._bad("studies.csv", line, f"id '{sid}' ontbreekt of dubbel")
            elif not row["study_id"].strip():
                self._bad("studies.csv", line, "study_id ontbreekt")
            elif self._unknown(row["letter_id"], letters):
                self._bad("studies.csv", line, f"brief '{row['letter_id']}' onbekend")
            elif not row["title"].strip():
                self._bad("studies.csv", line, "titel ontbreekt")
            else:
                out[sid] = {f: row.get(f, "") for f in fields} | {
                    "study_id": row["study_id"],
                    "letter_id": row["letter_id"],
                    "title": row["title"],
                    "source_fragments": _int(row.get("source_fragments", "")),
                }
        return out

    def _flags(self, items: dict[str, dict]) -> dict[str, dict]:
        """Ambiguities found in the data itself: shared numbers, identical requests, inferences."""
        flags: dict[str, dict] = {}
        by_number, by_request = defaultdict(list), defaultdict(list)
        for iid, item in items.items():
            dossier, _sep, number = item["kamerstuk_norm"].partition(";")
            if dossier and number:
                by_number[item["kamerstuk_norm"]].append(iid)
            if item["request"].strip():
                by_request[_normalise(item["request"])].append(iid)
            if "INFERRED" in item["notes"]:
                flags[f"{iid}:inferred"] = {"item_id": iid, "kind": "inferred", "other_id": None}
        for kind, groups in (("shared-number", by_number), ("same-request", by_request)):
            for ids in groups.values():
                for iid in ids:
                    for other in ids:
                        if other != iid:
                            flags[f"{iid}:{kind}:{other}"] = {
                                "item_id": iid,
                                "kind": kind,
                                "other_id": other,
                            }
        return flags

    def _letter_texts(self, letters) -> dict[str, str]:
        """The normalised text of each source letter, to order statuses as the letter does."""
        texts = {}
        for lid, letter in letters.items():
            path = self.letters_dir / letter["source_file"]
            if letter["source_file"] and path.is_file():
                texts[lid] = _normalise(path.read_text(encoding="utf-8", errors="replace"))
        return texts

    # -- write ---------------------------------------------------------------------------------

    def write(self, parsed):
        indicators = {
            spec.key: {
                "name": str(spec.name),
                "unit": spec.unit,
                "description": str(spec.description),
            }
            for spec in INDICATORS
        }
        upsert(Indicator, indicators, self.counts("indicatoren"))
        upsert(Letter, parsed["letters"], self.counts("brieven"))
        upsert(Item, parsed["items"], self.counts("moties en toezeggingen"))
        item_links.write(self, parsed["links"])
        flag_counts = self.counts("kanttekeningen")
        upsert(ItemFlag, parsed["flags"], flag_counts)
        stale = ItemFlag.objects.exclude(pk__in=list(parsed["flags"]))
        flag_counts.updated += stale.count()
        stale.delete()
        upsert(Status, parsed["statuses"], self.counts("standen van zaken"))
        upsert(Item, parsed["announced"], self.counts("aankondigingen"))
        upsert(Status, parsed["announced_statuses"], self.counts("standen van aankondigingen"))
        due_dates.write(parsed["deadlines"], self.counts("termijnen"))
        upsert(Figure, parsed["figures"], self.counts("cijfers"))
        upsert(Study, parsed["studies"], self.counts("onderzoeken"))
        if self.report.changed:
            history.record_import(
                "import",
                self.source,
                {
                    name: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
                    for name, c in self.report.counts.items()
                },
            )


def _position(letter_text: str, status_text: str, index: int) -> int:
    """Where the status stands in its letter (offset of its first words), then the row order."""
    offset = 100_000
    if letter_text:
        words = _normalise(status_text)
        for length in (60, 30):
            found = letter_text.find(words[:length])
            if found >= 0:
                offset = found
                break
    return offset * 1000 + index
