"""DUO's location files: all BO locations (addresses) and pupils per location (incl. SBO, (V)SO)."""

import csv
import re
from collections.abc import Iterator

from tekort.registry.importers.base import Importer, decode, require_columns, upsert
from tekort.registry.models import Board, Institution, Location, Municipality, PupilCount, Sector

BRIN = re.compile(r"^[0-9A-Z]{4}$")
LOCATION = re.compile(r"^[0-9A-Z]{4}\d{2}$")
BOARD = re.compile(r"^\d{1,5}$")
# The register key of a row in DUO's location lists: board number, BRIN and location code.
KEY_COLUMNS = ("BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "VESTIGINGSCODE")


def add_missing_boards(numbers, counts) -> None:
    """Create boards not yet known; names come from the DUO board-name file, never overwritten here."""
    existing = set(Board.objects.filter(pk__in=list(numbers)).values_list("pk", flat=True))
    upsert(Board, {n: {} for n in numbers if n not in existing}, counts)
    counts.unchanged += len(existing)


def clean(value: str | None) -> str:
    return (value or "").strip()


def stripped_rows(importer: Importer, reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """Each row of ``reader`` with its line in the file, its values stripped and the columns
    without a header left out; every row counted in ``importer``'s report."""
    for raw in reader:
        importer.report.rows += 1
        yield reader.line_num, {k: clean(v) for k, v in raw.items() if k}


def key_reasons(board: str, brin: str, code: str) -> list[str]:
    """Why a row's board number, BRIN and location code are not a valid register key."""
    reasons = []
    if not BOARD.match(board):
        reasons.append(f"bevoegd-gezagnummer '{board}' ongeldig")
    if not BRIN.match(brin):
        reasons.append(f"BRIN '{brin}' ongeldig")
    if not LOCATION.match(code) or not code.startswith(brin):
        reasons.append(f"vestigingscode '{code}' ongeldig of hoort niet bij BRIN '{brin}'")
    return reasons


class DuoBoLocations(Importer):
    """02.-alle-schoolvestigingen-basisonderwijs.csv (';', cp1252)."""

    name = "duo-vestigingen-bo"
    default_path = "duo/02.-alle-schoolvestigingen-basisonderwijs.csv"
    official_url = (
        "https://duo.nl/open_onderwijsdata/images/02.-alle-schoolvestigingen-basisonderwijs.csv"
    )
    columns = (
        *KEY_COLUMNS,
        "VESTIGINGSNAAM",
        "STRAATNAAM",
        "HUISNUMMER-TOEVOEGING",
        "POSTCODE",
        "PLAATSNAAM",
        "GEMEENTENUMMER",
        "GEMEENTENAAM",
        "DENOMINATIE",
        "INTERNETADRES",
    )

    def parse(self, data):
        reader = csv.DictReader(decode(data, "cp1252", self.source), delimiter=";")
        require_columns(reader.fieldnames or [], self.columns, self.source)
        municipalities = set(Municipality.objects.values_list("code", flat=True))
        boards, institutions, locations, duo_names = {}, {}, {}, {}
        for line, row in stripped_rows(self, reader):
            board, brin, code = (row[column] for column in KEY_COLUMNS)
            gm = "GM" + row["GEMEENTENUMMER"].zfill(4)
            reasons = key_reasons(board, brin, code)
            if not row["VESTIGINGSNAAM"]:
                reasons.append("vestigingsnaam ontbreekt")
            if gm not in municipalities:
                reasons.append(f"gemeentenummer '{row['GEMEENTENUMMER']}' onbekend")
            if code in locations:
                reasons.append(f"vestigingscode {code} komt twee keer voor")
            if reasons:
                self.error(line, "; ".join(reasons))
                continue
            board = board.zfill(5)
            boards.setdefault(board, {})
            institutions.setdefault(
                brin, {"name": row["VESTIGINGSNAAM"], "board_id": board, "sector": Sector.BAO}
            )
            if row["GEMEENTENAAM"]:
                duo_names[gm] = row["GEMEENTENAAM"]
            locations[code] = {
                "institution_id": brin,
                "board_id": board,
                "name": row["VESTIGINGSNAAM"],
                "sector": Sector.BAO,
                "denomination": row["DENOMINATIE"],
                "street": row["STRAATNAAM"],
                "house_number": row["HUISNUMMER-TOEVOEGING"],
                "postcode": row["POSTCODE"],
                "place": row["PLAATSNAAM"].title(),
                "municipality_id": gm,
                "website": row["INTERNETADRES"],
                "source": self.name,
            }
        return boards, institutions, locations, duo_names

    def write(self, parsed):
        boards, institutions, locations, duo_names = parsed
        add_missing_boards(boards, self.counts("besturen"))
        upsert(Institution, institutions, self.counts("instellingen"))
        upsert(Location, locations, self.counts("vestigingen"), self.progress)
        for municipality in Municipality.objects.filter(code__in=duo_names):
            if municipality.duo_name != duo_names[municipality.code]:
                municipality.duo_name = duo_names[municipality.code]
                municipality.save(update_fields=["duo_name"])


SECTOR_BY_KIND = {
    "BO": Sector.BAO,
    "SBO": Sector.SBO,
    "SO": Sector.SO,
    "VSO": Sector.VSO,
    "SO-VSO": Sector.SO_VSO,
    "SO/VSO": Sector.SO_VSO,
}


class DuoPupilCounts(Importer):
    """06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv (';', UTF-8 with BOM).

    Adds the SBO and (V)SO locations (this is the only file that has them, with board and
    municipality but no address) and stores the pupil counts from `since` onwards.
    """

    name = "duo-leerlingen"
    default_path = "duo/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"
    official_url = "https://duo.nl/open_onderwijsdata/images/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"
    columns = (
        "INSTELLINGSCODE",
        "VESTIGINGSCODE",
        "NAAM_VESTIGING",
        "SOORT_VESTIGING",
        "DENOMINATIE_VESTIGING",
        "BEVOEGD_GEZAG_NUMMER",
        "GEMEENTECODE_VESTIGING",
    )

    def __init__(self, source, progress=None, since: int = 2020):
        super().__init__(source, progress)
        self.since = since

    def parse(self, data):
        reader = csv.DictReader(decode(data, "utf-8-sig", self.source), delimiter=";")
        header = reader.fieldnames or []
        require_columns(header, self.columns, self.source)
        years = sorted(int(c.split("_")[1]) for c in header if re.match(r"^LEERLINGEN_\d{4}$", c))
        years = [y for y in years if y >= self.since]
        municipalities = set(Municipality.objects.values_list("code", flat=True))
        bo_locations = set(
            Location.objects.filter(sector=Sector.BAO).values_list("code", flat=True)
        )
        boards, institutions, locations, counts = {}, {}, {}, {}
        for line, row in stripped_rows(self, reader):
            kind, code, brin = row["SOORT_VESTIGING"], row["VESTIGINGSCODE"], row["INSTELLINGSCODE"]
            board = row["BEVOEGD_GEZAG_NUMMER"]
            gm = "GM" + row["GEMEENTECODE_VESTIGING"].zfill(4)
            reasons = []
            if kind not in SECTOR_BY_KIND:
                reasons.append(f"soort vestiging '{kind}' onbekend")
            if not LOCATION.match(code) or not code.startswith(brin):
                reasons.append(f"vestigingscode '{code}' ongeldig")
            if not BOARD.match(board):
                reasons.append(f"bevoegd-gezagnummer '{board}' ongeldig")
            values = {}
            for year in years:
                value = row.get(f"LEERLINGEN_{year}", "")
                if value == "<5":
                    values[year] = None
                elif value.isdigit():
                    if int(value) > 0:
                        values[year] = int(value)
                else:
                    reasons.append(f"LEERLINGEN_{year} '{value}' is geen aantal")
            if reasons:
                self.error(line, "; ".join(reasons))
                continue
            if not values:
                self.report.skip(f"geen leerlingen sinds {self.since}")
                continue
            sector = SECTOR_BY_KIND[kind]
            if sector == Sector.BAO and code not in bo_locations:
                self.report.skip("BO-vestiging niet in de adreslijst")
                continue
            if sector != Sector.BAO:
                if gm not in municipalities:
                    self.error(line, f"gemeentecode '{row['GEMEENTECODE_VESTIGING']}' onbekend")
                    continue
                board = board.zfill(5)
                boards.setdefault(board, {})
                institutions.setdefault(
                    brin, {"name": row["NAAM_VESTIGING"], "board_id": board, "sector": sector}
                )
                locations[code] = {
                    "institution_id": brin,
                    "board_id": board,
                    "name": row["NAAM_VESTIGING"],
                    "sector": sector,
                    "denomination": row["DENOMINATIE_VESTIGING"],
                    "municipality_id": gm,
                    "source": self.name,
                }
            counts[code] = values
        return boards, institutions, locations, counts

    def write(self, parsed):
        boards, institutions, locations, counts = parsed
        add_missing_boards(boards, self.counts("besturen"))
        existing_institutions = set(
            Institution.objects.filter(pk__in=institutions).values_list("pk", flat=True)
        )
        upsert(
            Institution,
            {b: v for b, v in institutions.items() if b not in existing_institutions},
            self.counts("instellingen"),
        )
        upsert(Location, locations, self.counts("vestigingen (sbo, so, vso)"), self.progress)
        self._write_counts(counts)

    def _write_counts(self, counts):
        existing = {
            (c.location_id, c.year): c
            for c in PupilCount.objects.filter(location_id__in=counts, year__gte=self.since)
        }
        wanted = {
            (code, year): pupils
            for code, values in counts.items()
            for year, pupils in values.items()
        }
        write_pupil_counts(existing, wanted, self.counts("leerlingentellingen"))


def write_pupil_counts(existing: dict, wanted: dict, tally) -> None:
    """Store ``wanted`` ((location code, year) -> pupils) over ``existing`` (the same keys ->
    stored PupilCount): new counts created, changed ones updated, the rest counted unchanged in
    ``tally``. A stored count ``wanted`` does not hold is left to the caller."""
    new, changed = [], []
    for (code, year), pupils in wanted.items():
        current = existing.get((code, year))
        if current is None:
            new.append(PupilCount(location_id=code, year=year, pupils=pupils))
        elif current.pupils != pupils:
            current.pupils = pupils
            changed.append(current)
        else:
            tally.unchanged += 1
    PupilCount.objects.bulk_create(new, batch_size=2000)
    PupilCount.objects.bulk_update(changed, ["pupils"], batch_size=2000)
    tally.created += len(new)
    tally.updated += len(changed)
