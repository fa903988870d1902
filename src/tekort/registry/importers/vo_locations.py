"""Voortgezet onderwijs: institutions (DUO instellingenvo.csv) and their locations.

DUO's VO location list could not be obtained here; the locations come from the geocoded derived
file (edugis, DUO lists of 2024-11-22), joined to the institutions on BRIN. That file also gives
coordinates for the locations of every sector.
"""

import csv
import io
import json
import zipfile

from tekort.registry.importers.base import (
    Importer,
    ImportRejected,
    RowError,
    decode,
    require_columns,
    upsert,
)
from tekort.registry.importers.duo_locations import (
    BOARD,
    BRIN,
    LOCATION,
    add_missing_boards,
    clean,
    stripped_rows,
)
from tekort.registry.models import Institution, Location, Municipality, Sector

PRIMARY_TYPES = {"basisschool", "SBAO", "(V)SO", "SO", "VSO"}


class DuoVoInstitutions(Importer):
    name = "duo-instellingen-vo"
    default_path = "duo/instellingenvo.csv"
    columns = ("BEVOEGD GEZAG NUMMER", "BRIN NUMMER", "INSTELLINGSNAAM", "GEMEENTENUMMER")

    def parse(self, data):
        reader = csv.DictReader(decode(data, "utf-8-sig", self.source))
        require_columns(reader.fieldnames or [], self.columns, self.source)
        boards, institutions = set(), {}
        for line, row in stripped_rows(self, reader):
            board, brin, name = (
                row["BEVOEGD GEZAG NUMMER"],
                row["BRIN NUMMER"],
                row["INSTELLINGSNAAM"],
            )
            if not BOARD.match(board) or not BRIN.match(brin) or not name:
                self.error(line, f"bestuur '{board}', BRIN '{brin}' of naam ongeldig")
                continue
            boards.add(board.zfill(5))
            institutions[brin] = {"name": name, "board_id": board.zfill(5), "sector": Sector.VO}
        return boards, institutions

    def write(self, parsed):
        boards, institutions = parsed
        add_missing_boards(boards, self.counts("besturen"))
        upsert(Institution, institutions, self.counts("instellingen vo"))


class GeocodedLocations(Importer):
    """scholen20241122.geo.zip: VO locations of known VO institutions, and coordinates for all."""

    name = "geocodeerde-vestigingen"
    default_path = "derived/scholen20241122.geo.zip"

    def parse(self, data):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            member = next(n for n in archive.namelist() if n.endswith(".json"))
            collection = json.loads(archive.read(member))
            features = collection["features"]
        except (zipfile.BadZipFile, StopIteration, KeyError, ValueError) as exc:
            raise ImportRejected(
                self.source,
                [RowError(0, f"verkeerd bestand: geen zip met GeoJSON-scholen ({exc})")],
            ) from exc
        by_duo_name = {
            m.duo_name: m.code
            for m in Municipality.objects.exclude(duo_name="").only("code", "duo_name")
        }
        vo_institutions = dict(
            Institution.objects.filter(sector=Sector.VO).values_list("brin", "board_id")
        )
        known = set(Location.objects.values_list("code", flat=True))
        vo_locations, coordinates = {}, {}
        for number, feature in enumerate(features, start=1):
            self.report.rows += 1
            props = feature.get("properties") or {}
            code, brin = clean(props.get("vestigingscode")), clean(props.get("brin_nummer"))
            point = (feature.get("geometry") or {}).get("coordinates") or []
            if not LOCATION.match(code) or len(point) != 2:
                self.error(number, f"feature {number}: vestigingscode '{code}' of punt ongeldig")
                continue
            lon, lat = float(point[0]), float(point[1])
            if not (3.0 < lon < 7.5 and 50.5 < lat < 53.8):
                self.error(number, f"vestiging {code}: punt ({lon}, {lat}) ligt niet in Nederland")
                continue
            if props.get("type") in PRIMARY_TYPES:
                if code in known:
                    coordinates[code] = (lat, lon)
                else:
                    self.report.skip("po-vestiging niet in het register")
                continue
            if brin not in vo_institutions:
                self.report.skip("vo-vestiging van een instelling zonder bekend bestuur")
                continue
            gm = by_duo_name.get(clean(props.get("gemeente")))
            if gm is None:
                self.error(number, f"vestiging {code}: gemeente '{props.get('gemeente')}' onbekend")
                continue
            street = " ".join(
                str(p) for p in (props.get("huisnummer"), props.get("huisletter")) if p
            )
            postcode = clean(props.get("postcode"))
            vo_locations[code] = {
                "institution_id": brin,
                "board_id": vo_institutions[brin],
                "name": clean(props.get("naam")),
                "sector": Sector.VO,
                "denomination": clean(props.get("denominatie")),
                "street": clean(props.get("straat")),
                "house_number": street,
                "postcode": f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode,
                "place": clean(props.get("plaats")),
                "municipality_id": gm,
                "website": clean(props.get("internetadres")),
                "latitude": lat,
                "longitude": lon,
                "source": self.name,
            }
        return vo_locations, coordinates

    def write(self, parsed):
        vo_locations, coordinates = parsed
        upsert(Location, vo_locations, self.counts("vestigingen vo"), self.progress)
        located = Location.objects.in_bulk(list(coordinates))
        changed = []
        tally = self.counts("coördinaten po-vestigingen")
        for code, (lat, lon) in coordinates.items():
            location = located[code]
            if (location.latitude, location.longitude) != (lat, lon):
                location.latitude, location.longitude = lat, lon
                changed.append(location)
            else:
                tally.unchanged += 1
        Location.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=1000)
        tally.updated += len(changed)
