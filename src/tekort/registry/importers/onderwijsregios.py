"""Onderwijsregio membership: a CSV of (board number, region name, optional validity dates).

There is no official file. The ministry maintains the membership in the admin or imports a CSV
with the columns `bevoegd_gezag` and `onderwijsregio` and optionally `geldig_vanaf` and
`geldig_tot` (ISO dates or dd-mm-jjjj; `geldig_tot` is the first day no longer a member). The
file is the whole membership: a re-import keeps history, ending (never deleting) a membership no
longer in the file. For the demo, `provisional_assignment` derives a documented, clearly
provisional membership (see docs/registry.md).
"""

import csv
import datetime
import io
from collections import Counter, defaultdict

from django.utils import timezone

from tekort.registry.importers.base import Importer, decode, require_columns
from tekort.registry.models import (
    Board,
    Location,
    Onderwijsregio,
)
from tekort.registry.models import (
    OnderwijsregioMembership as Membership,
)

COLUMNS = ("bevoegd_gezag", "onderwijsregio")
DATE_COLUMNS = ("geldig_vanaf", "geldig_tot")


def parse_date(text: str) -> datetime.date | None:
    """An ISO (2025-08-01) or Dutch (01-08-2025, 1-8-2025) date; None for an empty cell.
    Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        return datetime.date.fromisoformat(text)
    if len(parts) == 3 and len(parts[2]) == 4:
        return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    raise ValueError(text)


def _dutch(day: datetime.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "…"


def _overlap(a_from, a_to, b_from, b_to) -> bool:
    """Do [a_from, a_to) and [b_from, b_to) share a day? None: open on that side."""
    return (a_to is None or b_from is None or b_from < a_to) and (
        b_to is None or a_from is None or a_from < b_to
    )


class OnderwijsregioMembership(Importer):
    """Imports the membership. `valid_from` is the file's date (the command's --geldig-vanaf):
    where a row has no geldig_vanaf a new membership starts then, and memberships no longer in the
    file end then. Without it the file's date is the one geldig_vanaf every dated row shares, or
    else today. A new membership without a date in a first import (no membership stored yet) has
    no known start (null valid_from: a member on every date), as the memberships from before
    membership had dates."""

    name = "onderwijsregios"

    def __init__(
        self,
        source,
        progress=None,
        provisional: bool = False,
        valid_from: datetime.date | None = None,
    ):
        super().__init__(source, progress)
        self.provisional = provisional
        self.valid_from = valid_from

    def parse(self, data):
        reader = csv.DictReader(decode(data, "utf-8-sig", self.source))
        header = reader.fieldnames or []
        require_columns(header, COLUMNS, self.source)
        known = set(Board.objects.values_list("number", flat=True))
        rows = []  # (line, region, board, from or None, to or None)
        for line, row in enumerate(reader, start=2):
            self.report.rows += 1
            number = (row["bevoegd_gezag"] or "").strip().zfill(5)
            region = (row["onderwijsregio"] or "").strip()
            dates = []
            bad = False
            for column in DATE_COLUMNS:
                text = (row.get(column) or "").strip() if column in header else ""
                try:
                    dates.append(parse_date(text))
                except ValueError:
                    self.error(line, f"{column} '{text}' is geen datum (jjjj-mm-dd of dd-mm-jjjj)")
                    bad = True
            if not region:
                self.error(line, "naam van de onderwijsregio ontbreekt")
            elif number not in known:
                self.error(line, f"bevoegd gezag {number} staat niet in het register")
            elif not bad:
                start, end = dates
                if start is not None and end is not None and end <= start:
                    self.error(line, f"geldig_tot {_dutch(end)} ligt niet na {_dutch(start)}")
                else:
                    rows.append((line, region, number, start, end))
        file_date = self.valid_from or self._shared_start(rows) or timezone.localdate()
        first_import = not Membership.objects.exists()
        existing = defaultdict(list)
        for m in Membership.objects.select_related("onderwijsregio"):
            existing[(m.onderwijsregio.name, m.board_id)].append(m)
        periods = defaultdict(list)  # (region, board) -> [(line, from, to, membership or None)]
        for line, region, board, start, end in rows:
            pair = (region, board)
            if start is None:
                open_ = [m for m in existing[pair] if m.valid_to is None]
                start = open_[0].valid_from if open_ else (None if first_import else file_date)
            if end is not None and start is not None and end <= start:
                self.error(line, f"geldig_tot {_dutch(end)} ligt niet na {_dutch(start)}")
                continue
            clash = [p for p in periods[pair] if _overlap(p[1], p[2], start, end)]
            if clash:
                self.error(
                    line,
                    f"bevoegd gezag {board} staat al in {region} van {_dutch(clash[0][1])} "
                    f"tot {_dutch(clash[0][2])} (regel {clash[0][0]}): perioden overlappen",
                )
                continue
            matches = [m for m in existing[pair] if _overlap(m.valid_from, m.valid_to, start, end)]
            if len(matches) > 1:
                self.error(
                    line,
                    f"bevoegd gezag {board} in {region} van {_dutch(start)} tot {_dutch(end)} "
                    f"overlapt met {len(matches)} eerdere lidmaatschappen",
                )
                continue
            periods[pair].append((line, start, end, matches[0] if matches else None))
        return {"periods": periods, "existing": existing, "end": file_date}

    @staticmethod
    def _shared_start(rows) -> datetime.date | None:
        starts = {start for *_, start, _end in rows if start is not None}
        return starts.pop() if len(starts) == 1 else None

    def write(self, parsed):
        counts = self.counts("onderwijsregio's")
        members = self.counts("lidmaatschappen")
        periods, existing, end_date = parsed["periods"], parsed["existing"], parsed["end"]
        regions = {r.name: r for r in Onderwijsregio.objects.all()}
        changed_regions, created = set(), set()
        for name in sorted({region for region, _board in periods}):
            region = regions.get(name)
            if region is None:
                regions[name] = Onderwijsregio.objects.create(
                    name=name, is_provisional=self.provisional
                )
                counts.created += 1
                created.add(name)
            elif region.is_provisional != self.provisional:
                region.is_provisional = self.provisional
                region.save(update_fields=["is_provisional"])
                changed_regions.add(name)
        kept = set()
        for (name, board), rows in sorted(periods.items()):
            for _line, start, end, membership in rows:
                if membership is None:
                    Membership.objects.create(
                        onderwijsregio=regions[name],
                        board_id=board,
                        valid_from=start,
                        valid_to=end,
                        source=self.source,
                    )
                    members.created += 1
                    changed_regions.add(name)
                    continue
                kept.add(membership.pk)
                if (membership.valid_from, membership.valid_to) == (start, end):
                    members.unchanged += 1
                    continue
                membership.valid_from, membership.valid_to = start, end
                membership.source = self.source
                membership.save(update_fields=["valid_from", "valid_to", "source"])
                members.updated += 1
                changed_regions.add(name)
        for (name, _board), memberships in existing.items():
            for membership in memberships:
                if membership.pk in kept:
                    continue
                if membership.valid_to is not None and membership.valid_to <= end_date:
                    continue  # history: ended before the file's date
                changed_regions.add(name)
                if membership.valid_from is not None and membership.valid_from >= end_date:
                    # Would only have started on or after the file's date: it never took effect.
                    membership.delete()
                    members.deleted += 1
                    continue
                membership.valid_to = end_date
                membership.save(update_fields=["valid_to"])
                members.updated += 1
        counts.updated += len(changed_regions - created)
        counts.unchanged += len(regions) - counts.created - counts.updated


def provisional_assignment() -> str:
    """CSV text assigning every board to one provisional region per labour-market region.

    A board goes to the arbeidsmarktregio where most of its locations are (ties: lowest code).
    This is a stand-in for the demo only: real onderwijsregio's are partnerships that boards
    choose, can differ per sector and do not follow any official geography.
    """
    per_board: dict[str, Counter] = defaultdict(Counter)
    names = {}
    rows = Location.objects.values_list(
        "board_id",
        "municipality__labour_market_region_id",
        "municipality__labour_market_region__name",
    )
    for board, code, name in rows:
        if code:
            per_board[board][code] += 1
            names[code] = name
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for board in sorted(per_board):
        code = min(per_board[board].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        writer.writerow([board, f"Onderwijsregio {names[code]} (voorlopig)"])
    return out.getvalue()
