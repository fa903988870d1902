"""CBS schoolweging per BO location (the most recent year in the file: Tabel 3, 2019)."""

from decimal import Decimal, InvalidOperation

from tekort.registry.importers.base import Importer, upsert
from tekort.registry.importers.municipalities import read_xlsx_rows
from tekort.registry.models import Location

HEADER = ("BRIN", "Vestiging", "Nummer bevoegd gezag", "Schoolweging")


class CbsSchoolweging(Importer):
    name = "cbs-schoolweging"
    default_path = "cbs/schoolweging-2017-2019.xlsx"
    sheet, year = "Tabel 3", 2019

    def parse(self, data):
        sheet = read_xlsx_rows(data, self.source, self.sheet)
        known = dict(Location.objects.values_list("code", "name"))
        records, header_seen = {}, False
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [str(c).strip() if c is not None else "" for c in row[:4]]
            if not header_seen:
                header_seen = tuple(cells) == HEADER
                continue
            if not cells[0] or cells[0].startswith(("Bron", "¹", "*")) or len(cells[0]) != 4:
                continue
            self.report.rows += 1
            code = cells[0] + cells[1].zfill(2)
            try:
                value = Decimal(cells[3]).quantize(Decimal("0.01"))
            except InvalidOperation:
                self.error(line, f"schoolweging '{cells[3]}' van {code} is geen getal")
                continue
            if not Decimal(15) <= value <= Decimal(45):
                self.error(line, f"schoolweging {value} van {code} buiten het bereik 15-45")
                continue
            if code not in known:
                self.report.skip("vestiging niet (meer) in het register")
                continue
            records[code] = {
                "name": known[code],
                "schoolweging": value,
                "schoolweging_year": self.year,
                "schoolweging_is_demo": False,
            }
        if not header_seen:
            self.error(0, f"verkeerd bestand: kop {HEADER} niet gevonden op tabblad {self.sheet}")
        return records

    def write(self, records):
        upsert(Location, records, self.counts("schoolweging"), self.progress)
