"""Municipalities, provinces, labour-market regions, COROP areas and boundaries (CBS)."""

import csv
import io
import json
import re

import openpyxl

from tekort.registry.importers.base import (
    Importer,
    ImportRejected,
    RowError,
    decode,
    require_columns,
    upsert,
)
from tekort.registry.models import (
    G5_MUNICIPALITY_CODES,
    CoropArea,
    LabourMarketRegion,
    Municipality,
    MunicipalityBoundary,
    Province,
)

CODE_GM = re.compile(r"^GM\d{4}$")


def read_xlsx_rows(data: bytes, source: str, sheet: str | None = None):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-xlsx file
        raise ImportRejected(source, [RowError(0, f"geen leesbaar xlsx-bestand: {exc}")]) from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        raise ImportRejected(
            source, [RowError(0, f"verkeerd bestand: tabblad '{sheet}' ontbreekt")]
        )
    return workbook[sheet] if sheet else workbook.worksheets[0]


class CbsMunicipalities(Importer):
    name = "cbs-gemeenten"
    default_path = "cbs/gemeenten-alfabetisch-2024.xlsx"
    official_url = "https://www.cbs.nl/-/media/cbs/onze-diensten/methoden/classificaties/overig/gemeenten-alfabetisch-2024.xlsx"
    columns = ("GemeentecodeGM", "Gemeentenaam", "ProvinciecodePV", "Provincienaam")

    def parse(self, data):
        rows = read_xlsx_rows(data, self.source).iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        require_columns(header, self.columns, self.source)
        idx = {c: header.index(c) for c in self.columns}
        provinces, municipalities = {}, {}
        for line, row in enumerate(rows, start=2):
            if all(v is None for v in row):
                continue
            self.report.rows += 1
            code, name, pv, pv_name = (str(row[idx[c]] or "").strip() for c in self.columns)
            if not CODE_GM.match(code):
                self.error(line, f"gemeentecode '{code}' is geen GMxxxx-code")
                continue
            if not name:
                self.error(line, "gemeentenaam ontbreekt")
                continue
            if not re.match(r"^PV\d{2}$", pv) or not pv_name:
                self.error(line, f"provinciecode '{pv}' of -naam ongeldig")
                continue
            if code in municipalities:
                self.error(line, f"gemeentecode {code} komt twee keer voor")
                continue
            provinces[pv] = {"name": pv_name}
            municipalities[code] = {
                "name": name,
                "province_id": pv,
                "is_g5": code in G5_MUNICIPALITY_CODES,
            }
        return provinces, municipalities

    def write(self, parsed):
        provinces, municipalities = parsed
        upsert(Province, provinces, self.counts("provincies"))
        upsert(Municipality, municipalities, self.counts("gemeenten"))


class LabourMarketRegions(Importer):
    """regions/municipalities.csv: municipality -> COROP area and arbeidsmarktregio (latest year)."""

    name = "arbeidsmarktregios"
    default_path = "regions/municipalities.csv"
    columns = ("code", "year", "corop_code", "corop", "region_code", "region")

    def parse(self, data):
        reader = csv.DictReader(decode(data, "utf-8-sig", self.source))
        require_columns(reader.fieldnames or [], self.columns, self.source)
        latest: dict[str, tuple[int, int, dict]] = {}
        for line, row in enumerate(reader, start=2):
            self.report.rows += 1
            code, year = row["code"].strip(), row["year"].strip()
            if not CODE_GM.match(code) or not year.isdigit():
                self.error(line, f"gemeentecode '{code}' of jaar '{year}' ongeldig")
                continue
            if code not in latest or int(year) > latest[code][0]:
                latest[code] = (int(year), line, row)
        known = set(Municipality.objects.values_list("code", flat=True))
        if not known:
            self.error(0, "nog geen gemeenten in het register: importeer eerst cbs-gemeenten")
        regions, corops, links = {}, {}, {}
        for code, (_year, line, row) in latest.items():
            if code not in known:
                self.report.skip("voormalige gemeente")
                continue
            am, cr = row["region_code"].strip(), row["corop_code"].strip()
            if not re.match(r"^AM\d{2}$", am) or not re.match(r"^CR\d{2}$", cr):
                self.error(line, f"arbeidsmarktregio '{am}' of COROP '{cr}' ongeldig voor {code}")
                continue
            regions[am] = {"name": row["region"].strip()}
            corops[cr] = {"name": row["corop"].strip()}
            links[code] = (am, cr)
        for code in sorted(known - set(latest)):
            self.error(0, f"gemeente {code} staat niet in het bestand")
        return regions, corops, links

    def write(self, parsed):
        regions, corops, links = parsed
        upsert(LabourMarketRegion, regions, self.counts("arbeidsmarktregio's"))
        upsert(CoropArea, corops, self.counts("COROP-gebieden"))
        names = dict(Municipality.objects.values_list("code", "name"))
        province = dict(Municipality.objects.values_list("code", "province_id"))
        records = {
            code: {
                "name": names[code],
                "province_id": province[code],
                "labour_market_region_id": am,
                "corop_area_id": cr,
            }
            for code, (am, cr) in links.items()
        }
        upsert(Municipality, records, self.counts("gemeenten (indeling)"))


class MunicipalityBoundaries(Importer):
    name = "gemeentegrenzen"
    default_path = "geo/gemeente_2025.json"
    year = 2025

    def parse(self, data):
        try:
            collection = json.loads(data)
        except ValueError as exc:
            raise ImportRejected(self.source, [RowError(0, f"geen JSON: {exc}")]) from exc
        if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
            raise ImportRejected(
                self.source, [RowError(0, "verkeerd bestand: geen GeoJSON FeatureCollection")]
            )
        known = set(Municipality.objects.values_list("code", flat=True))
        records = {}
        for number, feature in enumerate(collection.get("features", []), start=1):
            self.report.rows += 1
            code = (feature.get("properties") or {}).get("statcode", "")
            geometry = feature.get("geometry") or {}
            if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
                self.error(number, f"feature {code or number}: geen (Multi)Polygon")
                continue
            if code not in known:
                self.error(number, f"feature {code or number}: onbekende gemeente")
                continue
            records[code] = geometry
        return records

    def write(self, records):
        existing = {b.municipality_id: b for b in MunicipalityBoundary.objects.all()}
        counts = self.counts("gemeentegrenzen")
        new, changed = [], []
        for code, geometry in records.items():
            boundary = existing.get(code)
            if boundary is None:
                new.append(
                    MunicipalityBoundary(municipality_id=code, year=self.year, geometry=geometry)
                )
            elif boundary.geometry != geometry or boundary.year != self.year:
                boundary.geometry, boundary.year = geometry, self.year
                changed.append(boundary)
            else:
                counts.unchanged += 1
        MunicipalityBoundary.objects.bulk_create(new, batch_size=100)
        MunicipalityBoundary.objects.bulk_update(changed, ["geometry", "year"], batch_size=100)
        counts.created += len(new)
        counts.updated += len(changed)
