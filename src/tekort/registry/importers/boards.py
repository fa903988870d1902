"""Board names (DUO annual accounts 'Balans' 2015-2019: the only file with board names)."""

from tekort.registry.importers.base import Importer, require_columns, upsert
from tekort.registry.importers.municipalities import read_xlsx_rows
from tekort.registry.models import Board

COLUMNS = ("Bevoegd_Gezag", "Naam", "Jaar")


class DuoBoardNames(Importer):
    name = "duo-bestuursnamen"
    default_path = "duo/01-balans-2015-2019.xlsx"

    def parse(self, data):
        rows = read_xlsx_rows(data, self.source).iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        require_columns(header, COLUMNS, self.source)
        number_i, name_i, year_i = (header.index(c) for c in COLUMNS)
        latest: dict[str, tuple[int, str]] = {}
        for line, row in enumerate(rows, start=2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            self.report.rows += 1
            number, name, year = (
                str(row[number_i] or "").strip(),
                str(row[name_i] or "").strip(),
                row[year_i],
            )
            if not number.isdigit() or not name or not isinstance(year, int | float):
                self.error(line, f"bestuur '{number}', naam of jaar '{year}' ongeldig")
                continue
            number = number.zfill(5)
            if number not in latest or int(year) >= latest[number][0]:
                latest[number] = (int(year), name)
        known = set(Board.objects.values_list("number", flat=True))
        records = {n: {"name": name} for n, (_y, name) in latest.items() if n in known}
        self.report.skipped["bestuur zonder vestiging in het register"] = len(latest) - len(records)
        return records

    def write(self, records):
        upsert(Board, records, self.counts("bestuursnamen"))
