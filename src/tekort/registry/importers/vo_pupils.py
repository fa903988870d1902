"""DUO's vo pupils per location (vavo apart): the register's vo pupil counts for one count year.

The file (`03.-leerlingen-vo-per-vestiging-en-bestuur-(vavo-apart)-YYYY.csv`) has one row per vo
location and no year column: the count year is the YYYY of DUO's file name, and the count is the
one of 1 October of that year (DUO's teldatum; the newest year is provisional until DUO replaces
the file). The same convention as `LEERLINGEN_<year>` in the po file, so one `PupilCount.year`
means one teldatum for every sector.

`AANTAL LEERLINGEN` is what is stored. DUO lists the vo pupils the school has placed with a vavo
institution separately (`AANTAL VO LEERLINGEN UITBESTEED AAN VAVO`, not part of `AANTAL
LEERLINGEN`: older releases also had `TOTAAL AANTAL LEERLINGEN`, described by those who read them
as the sum of both; DUO's notes were not available here). They are left out of the location's
count: vavo pupils are taught by the vavo institution's (mbo) staff, not by the location's
teachers, so they do not drive its teacher demand; and DUO hides the small vavo numbers (`<5`),
which would make hundreds of otherwise exact counts unknown. Their total is given in the report.

Rows are matched to the register on `VESTIGINGSCODE` = `Location.code` (BRIN + two digits, as
every other importer keys locations), vo locations only. A valid row that does not match is not
stored and is listed in the report with its line and reason; a malformed row refuses the file.
"""

import csv
import io
import re
from datetime import date
from urllib.parse import unquote

from tekort.registry.importers.base import (
    Importer,
    ImportRejected,
    RowError,
    decode,
    require_columns,
)
from tekort.registry.importers.duo_locations import (
    KEY_COLUMNS,
    key_reasons,
    stripped_rows,
    write_pupil_counts,
)
from tekort.registry.models import Institution, Location, PupilCount, Sector

YEAR_IN_NAME = re.compile(r"-(\d{4})\.csv$", re.IGNORECASE)
PUPILS = "AANTAL LEERLINGEN"
VAVO = "AANTAL VO LEERLINGEN UITBESTEED AAN VAVO"
HIDDEN = {"", "<5"}  # DUO's privacy mark (and an empty cell): stored as unknown (NULL)

NOT_VO = "vestiging staat in het register, maar niet als vo-vestiging"
NEW_LOCATION = "vestiging niet in het register (de vo-instelling wel)"
UNKNOWN_INSTITUTION = "vestiging niet in het register (de instelling ook niet)"
NO_PUPILS = "0 leerlingen: geen telling opgeslagen"


def count_year_of(source: str) -> int | None:
    """The YYYY of a DUO file name ending in `-YYYY.csv` (a path or a URL), else None."""
    match = YEAR_IN_NAME.search(unquote(source.split("?", 1)[0]))
    return int(match.group(1)) if match else None


def parse_count(value: str) -> tuple[bool, int | None]:
    """(valid, pupils): '<5' and empty are valid and unknown (None)."""
    if value in HIDDEN:
        return True, None
    if value.isdigit():
        return True, int(value)
    return False, None


class DuoVoPupilCounts(Importer):
    """03.-leerlingen-vo-per-vestiging-en-bestuur-(vavo-apart)-YYYY.csv (';', UTF-8 or cp1252)."""

    name = "duo-leerlingen-vo"
    default_path = "duo/03.-leerlingen-vo-per-vestiging-en-bestuur-(vavo-apart)-2025.csv"
    official_url = "https://duo.nl/open_onderwijsdata/images/03.-leerlingen-vo-per-vestiging-en-bestuur-(vavo-apart)-2025.csv"
    columns = (
        *KEY_COLUMNS,
        "INSTELLINGSNAAM VESTIGING",
        PUPILS,
        VAVO,
    )

    def __init__(self, source, progress=None, year: int | None = None):
        super().__init__(source, progress)
        self.year = year

    def count_year(self) -> int:
        year = self.year if self.year is not None else count_year_of(self.source)
        if year is None:
            raise ImportRejected(
                self.source,
                [RowError(0, "teljaar onbekend: de bestandsnaam eindigt niet op -JJJJ.csv")],
            )
        if not 2000 <= year <= date.today().year:
            raise ImportRejected(self.source, [RowError(0, f"teljaar {year} onmogelijk")])
        return year

    def text(self, data: bytes) -> io.StringIO:
        """This copy is UTF-8; DUO's own download of the file is cp1252 like its other lists."""
        try:
            return io.StringIO(data.decode("utf-8-sig"), newline="")
        except UnicodeDecodeError:
            return decode(data, "cp1252", self.source)

    def parse(self, data):
        year = self.count_year()
        reader = csv.DictReader(self.text(data), delimiter=";")
        require_columns(reader.fieldnames or [], self.columns, self.source)
        vo_boards = dict(Location.objects.filter(sector=Sector.VO).values_list("code", "board_id"))
        other_sectors = dict(
            Location.objects.exclude(sector=Sector.VO).values_list("code", "sector")
        )
        vo_institutions = set(
            Institution.objects.filter(sector=Sector.VO).values_list("brin", flat=True)
        )
        counts, seen = {}, set()
        vavo, vavo_hidden, other_board = 0, 0, 0
        for line, row in stripped_rows(self, reader):
            board, brin, code = (row[column] for column in KEY_COLUMNS)
            reasons = key_reasons(board, brin, code)
            if code in seen:
                reasons.append(f"vestigingscode {code} komt twee keer voor")
            valid, pupils = parse_count(row[PUPILS])
            if not valid:
                reasons.append(f"{PUPILS} '{row[PUPILS]}' is geen aantal")
            vavo_valid, vavo_pupils = parse_count(row[VAVO])
            if not vavo_valid:
                reasons.append(f"{VAVO} '{row[VAVO]}' is geen aantal")
            if reasons:
                self.error(line, "; ".join(reasons))
                continue
            seen.add(code)
            shown = "<5" if pupils is None else pupils
            detail = f"{code} {row['INSTELLINGSNAAM VESTIGING']} ({shown} leerlingen)"
            if code not in vo_boards:
                if code in other_sectors:
                    self.report.skip(NOT_VO, line, f"{detail}; sector {other_sectors[code]}")
                elif brin in vo_institutions:
                    self.report.skip(NEW_LOCATION, line, detail)
                else:
                    self.report.skip(UNKNOWN_INSTITUTION, line, detail)
                continue
            if pupils == 0:
                self.report.skip(NO_PUPILS, line, detail)
                continue
            counts[code] = pupils
            if vavo_pupils is None:
                vavo_hidden += 1
            else:
                vavo += vavo_pupils
            if board.zfill(5) != vo_boards[code]:
                other_board += 1
        self._notes(year, counts, vo_boards, vavo, vavo_hidden, other_board)
        return year, counts

    def _notes(self, year, counts, vo_boards, vavo, vavo_hidden, other_board) -> None:
        known = [n for n in counts.values() if n is not None]
        hidden = len(counts) - len(known)
        self.report.notes += [
            f"teljaar {year}: de telling van 1 oktober {year} (DUO, zonder vavo)",
            f"{len(counts)} vo-vestigingen gekoppeld, samen {sum(known)} leerlingen"
            + (f" en {hidden} verborgen (<5)" if hidden else ""),
            f"niet meegeteld: {vavo} leerlingen uitbesteed aan vavo bij deze vestigingen"
            f" (en {vavo_hidden} vestigingen met '<5')",
            f"{len(vo_boards) - len(counts)} vo-vestigingen van het register staan niet in het"
            " bestand en krijgen geen telling",
            f"{other_board} gekoppelde vestigingen hebben in het bestand een ander bestuur dan in"
            " het register (niet overgenomen)",
        ]

    def write(self, parsed):
        year, counts = parsed
        tally = self.counts("leerlingentellingen vo")
        existing = {
            (c.location_id, year): c
            for c in PupilCount.objects.filter(year=year, location__sector=Sector.VO)
        }
        write_pupil_counts(existing, {(code, year): n for code, n in counts.items()}, tally)
        # A vo location's count of this year that the file no longer has (e.g. a corrected,
        # definitive release): the file is the whole count, so the old figure goes.
        stale = [c.pk for (code, _), c in existing.items() if code not in counts]
        PupilCount.objects.filter(pk__in=stale).delete()
        tally.deleted += len(stale)
        if self.progress:
            self.progress(len(counts), len(counts))
