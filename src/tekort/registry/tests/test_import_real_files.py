"""The register built from the real official files: counts checked against the files themselves."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import call_command

from tekort.registry.importers.registry import import_all
from tekort.registry.models import (
    Board,
    Institution,
    LabourMarketRegion,
    Location,
    Municipality,
    MunicipalityBoundary,
    Onderwijsregio,
    Sector,
)

pytestmark = pytest.mark.django_db


def read_semicolon_csv(path, encoding):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_municipalities_match_the_cbs_list(shared_data_dir):
    workbook = openpyxl.load_workbook(
        shared_data_dir / "cbs/gemeenten-alfabetisch-2024.xlsx", read_only=True
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
    expected = {row[1]: row[2] for row in rows if row[1]}
    assert dict(Municipality.objects.values_list("code", "name")) == expected
    assert set(Municipality.objects.filter(is_g5=True).values_list("name", flat=True)) == {
        "Amsterdam",
        "Rotterdam",
        "'s-Gravenhage",
        "Utrecht",
        "Almere",
    }


def test_every_municipality_has_its_labour_market_region_and_boundary(shared_data_dir):
    with open(shared_data_dir / "regions/municipalities.csv", encoding="utf-8") as handle:
        current = {
            r["code"]: r["region_code"] for r in csv.DictReader(handle) if r["year"] == "2026"
        }
    assert dict(Municipality.objects.values_list("code", "labour_market_region_id")) == current
    assert LabourMarketRegion.objects.count() == len(set(current.values())) == 35
    assert MunicipalityBoundary.objects.count() == 342


def test_bo_locations_match_the_duo_file(shared_data_dir):
    rows = read_semicolon_csv(
        shared_data_dir / "duo/02.-alle-schoolvestigingen-basisonderwijs.csv", "cp1252"
    )
    codes = {r["VESTIGINGSCODE"] for r in rows}
    assert set(Location.objects.filter(sector=Sector.BAO).values_list("code", flat=True)) == codes
    sample = rows[0]
    location = Location.objects.get(code=sample["VESTIGINGSCODE"])
    assert location.name == sample["VESTIGINGSNAAM"]
    assert location.postcode == sample["POSTCODE"]
    assert location.board_id == sample["BEVOEGD GEZAG NUMMER"].zfill(5)
    assert location.municipality_id == "GM" + sample["GEMEENTENUMMER"]


def test_special_education_locations_come_from_the_pupil_file(shared_data_dir):
    rows = read_semicolon_csv(
        shared_data_dir / "duo/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv",
        "utf-8-sig",
    )
    recent = [f"LEERLINGEN_{y}" for y in range(2020, 2026)]
    expected = {
        r["VESTIGINGSCODE"]
        for r in rows
        if r["SOORT_VESTIGING"] != "BO" and any(r[c] not in ("0", "") for c in recent)
    }
    special = Location.objects.exclude(sector__in=[Sector.BAO, Sector.VO])
    assert set(special.values_list("code", flat=True)) == expected
    assert special.filter(sector=Sector.SBO).count() > 200


def test_vo_locations_join_the_geocoded_file_to_duo_institutions(shared_data_dir):
    with open(shared_data_dir / "duo/instellingenvo.csv", encoding="utf-8") as handle:
        vo_brins = {r["BRIN NUMMER"] for r in csv.DictReader(handle)}
    with zipfile.ZipFile(shared_data_dir / "derived/scholen20241122.geo.zip") as archive:
        features = json.loads(archive.read("scholen.geo.json"))["features"]
    primary = {"basisschool", "SBAO", "(V)SO", "SO", "VSO"}
    expected = {
        f["properties"]["vestigingscode"]
        for f in features
        if f["properties"]["type"] not in primary and f["properties"]["brin_nummer"] in vo_brins
    }
    assert set(Location.objects.filter(sector=Sector.VO).values_list("code", flat=True)) == expected
    assert Institution.objects.filter(sector=Sector.VO).count() == len(vo_brins)


def test_register_holds_thousands_of_real_locations_with_boards_and_schoolweging():
    assert Location.objects.count() > 8000
    assert Board.objects.filter(locations__isnull=False).distinct().count() > 1000
    named = Board.objects.exclude(name="").count()
    assert named > 900
    weighted = Location.objects.filter(schoolweging__isnull=False, schoolweging_is_demo=False)
    assert weighted.count() > 5500
    assert not weighted.exclude(sector=Sector.BAO).exists()


def test_provisional_onderwijsregios_cover_every_board_once():
    boards_with_locations = Board.objects.filter(locations__isnull=False).distinct()
    assert Onderwijsregio.objects.filter(is_provisional=False).count() == 0
    memberships = Onderwijsregio.boards.through.objects.count()
    assert memberships == boards_with_locations.count()


def test_second_import_changes_nothing(shared_data_dir):
    before = list(Location.objects.order_by("code").values())
    reports = import_all(shared_data_dir)
    assert not any(report.changed for report in reports)
    assert list(Location.objects.order_by("code").values()) == before


def test_command_says_nothing_changed_on_a_second_run(shared_data_dir):
    out = io.StringIO()
    call_command("import_registry", data_dir=str(shared_data_dir), stdout=out)
    assert "Register ongewijzigd" in out.getvalue()


def test_first_import_reported_its_counts(import_reports):
    report = import_reports["02.-alle-schoolvestigingen-basisonderwijs.csv"]
    assert report.rows == 6122
    assert report.counts["vestigingen"].created == 6122
