"""Onderwijsregio membership: a simple CSV of (board number, region name).

There is no official file. The ministry maintains the membership in the admin or imports a CSV
with the columns `bevoegd_gezag` and `onderwijsregio`. For the demo, `provisional_assignment`
derives a documented, clearly provisional membership (see docs/registry.md).
"""

import csv
import io
from collections import Counter, defaultdict

from tekort.registry.importers.base import Importer, decode, require_columns
from tekort.registry.models import Board, Location, Onderwijsregio

COLUMNS = ("bevoegd_gezag", "onderwijsregio")


class OnderwijsregioMembership(Importer):
    name = "onderwijsregios"

    def __init__(self, source, progress=None, provisional: bool = False):
        super().__init__(source, progress)
        self.provisional = provisional

    def parse(self, data):
        reader = csv.DictReader(decode(data, "utf-8-sig", self.source))
        require_columns(reader.fieldnames or [], COLUMNS, self.source)
        known = set(Board.objects.values_list("number", flat=True))
        membership: dict[str, set[str]] = defaultdict(set)
        for line, row in enumerate(reader, start=2):
            self.report.rows += 1
            number = (row["bevoegd_gezag"] or "").strip().zfill(5)
            region = (row["onderwijsregio"] or "").strip()
            if not region:
                self.error(line, "naam van de onderwijsregio ontbreekt")
            elif number not in known:
                self.error(line, f"bevoegd gezag {number} staat niet in het register")
            else:
                membership[region].add(number)
        return membership

    def write(self, membership):
        counts = self.counts("onderwijsregio's")
        members = self.counts("lidmaatschappen")
        for name, boards in sorted(membership.items()):
            region, created = Onderwijsregio.objects.get_or_create(
                name=name, defaults={"is_provisional": self.provisional}
            )
            current = set(region.boards.values_list("number", flat=True))
            if created:
                counts.created += 1
            elif current != boards or region.is_provisional != self.provisional:
                counts.updated += 1
            else:
                counts.unchanged += 1
            if region.is_provisional != self.provisional:
                region.is_provisional = self.provisional
                region.save(update_fields=["is_provisional"])
            region.boards.remove(*(current - boards))
            region.boards.add(*(boards - current))
            members.created += len(boards - current)
            members.updated += len(current - boards)
            members.unchanged += len(boards & current)


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
