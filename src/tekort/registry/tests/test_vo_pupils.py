"""The vo pupil counts from DUO's file of vo pupils per location (vavo apart), checked against
the file itself, read here independently with the csv module."""

import csv

import pytest
from django.db.models import Sum

from tekort.registry.importers.base import ImportRejected
from tekort.registry.importers.vo_pupils import DuoVoPupilCounts, count_year_of
from tekort.registry.models import Location, PupilCount, Sector

pytestmark = pytest.mark.django_db

VO_FILE = "duo/03.-leerlingen-vo-per-vestiging-en-bestuur-(vavo-apart)-2025.csv"
YEAR = 2025
PUPILS = "AANTAL LEERLINGEN"
VAVO = "AANTAL VO LEERLINGEN UITBESTEED AAN VAVO"
TALLY = "leerlingentellingen vo"


@pytest.fixture(scope="module")
def file_rows(shared_data_dir):
    """(line number, row) of every data row: the header is line 1, no field spans lines."""
    with open(shared_data_dir / VO_FILE, encoding="utf-8", newline="") as handle:
        return list(enumerate(csv.DictReader(handle, delimiter=";"), start=2))


@pytest.fixture
def vo_codes():
    return set(Location.objects.filter(sector=Sector.VO).values_list("code", flat=True))


@pytest.fixture
def matched(file_rows, vo_codes):
    return [(line, row) for line, row in file_rows if row["VESTIGINGSCODE"] in vo_codes]


def vo_counts():
    return PupilCount.objects.filter(location__sector=Sector.VO)


def write_copy(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_count_year_is_the_year_in_duos_file_name(tmp_path):
    assert count_year_of(VO_FILE) == YEAR
    assert count_year_of("https://duo.nl/x/03.-leerlingen-vo-%28vavo-apart%29-2024.csv") == 2024
    assert count_year_of("leerlingen-vo.csv") is None
    assert set(vo_counts().values_list("year", flat=True)) == {YEAR}
    unnamed = tmp_path / "leerlingen-vo.csv"
    unnamed.write_text(f'"{PUPILS}"\n1\n', encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        DuoVoPupilCounts(unnamed).run()
    assert "teljaar onbekend" in rejected.value.errors[0].reason


def test_counts_of_real_vo_locations_equal_the_file_without_vavo(matched):
    by_size = sorted(matched, key=lambda item: int(item[1][PUPILS]))
    most_vavo = max(matched, key=lambda item: int(item[1][VAVO]) if item[1][VAVO].isdigit() else 0)
    assert int(most_vavo[1][VAVO]) > 0  # so the vavo pupils would show if they were counted
    sample = [*matched[:3], by_size[0], by_size[-1], most_vavo]
    for _, row in sample:
        count = PupilCount.objects.get(location_id=row["VESTIGINGSCODE"], year=YEAR)
        assert count.pupils == int(row[PUPILS]), row["VESTIGINGSCODE"]


def test_the_national_vo_total_is_the_files_total_over_matched_rows(file_rows, matched):
    expected = sum(int(row[PUPILS]) for _, row in matched)
    assert vo_counts().filter(year=YEAR).aggregate(total=Sum("pupils"))["total"] == expected
    assert vo_counts().filter(year=YEAR).count() == len(matched)
    assert len(matched) > 1300  # the register's vo locations (list of 2024-11-22) mostly match
    assert expected < sum(int(row[PUPILS]) for _, row in file_rows)


def test_every_unmatched_row_is_reported_with_its_line_and_reason(
    import_reports, file_rows, vo_codes
):
    report = import_reports[VO_FILE.rsplit("/", 1)[-1]]
    unmatched = {
        line: row["VESTIGINGSCODE"]
        for line, row in file_rows
        if row["VESTIGINGSCODE"] not in vo_codes
    }
    assert unmatched  # the file has locations the register does not (yet) have
    assert report.rows == len(file_rows)
    assert {row.line for row in report.skipped_rows} == set(unmatched)
    for row in report.skipped_rows:
        assert unmatched[row.line] in row.reason
        assert "niet in het register" in row.reason
    assert sum(report.skipped.values()) == len(unmatched)
    printed = "\n".join(report.lines())
    assert all(f"regel {line}: " in printed for line in unmatched)
    assert report.counts[TALLY].created == report.rows - len(unmatched)


def test_the_report_gives_the_vavo_pupils_left_out(import_reports, matched):
    report = import_reports[VO_FILE.rsplit("/", 1)[-1]]
    vavo = sum(int(row[VAVO]) for _, row in matched if row[VAVO].isdigit())
    assert any(f"niet meegeteld: {vavo} leerlingen uitbesteed aan vavo" in n for n in report.notes)
    assert any(f"teljaar {YEAR}: de telling van 1 oktober {YEAR}" in n for n in report.notes)


def test_a_second_import_changes_nothing(shared_data_dir, matched):
    before = sorted(vo_counts().values_list("location_id", "year", "pupils"))
    report = DuoVoPupilCounts(shared_data_dir / VO_FILE).run()
    assert not report.changed
    assert report.counts[TALLY].unchanged == len(matched)
    assert sorted(vo_counts().values_list("location_id", "year", "pupils")) == before


def test_a_corrected_file_hides_updates_and_removes_exactly(matched, tmp_path):
    rows = [dict(row) for _, row in matched]
    hidden, changed, dropped = rows[0], rows[1], rows.pop(2)
    hidden[PUPILS] = "<5"
    changed[PUPILS] = str(int(changed[PUPILS]) + 7)
    path = write_copy(tmp_path / "leerlingen-vo-2025.csv", rows)
    report = DuoVoPupilCounts(path).run()
    assert (report.counts[TALLY].updated, report.counts[TALLY].deleted) == (2, 1)
    stored = dict(vo_counts().filter(year=YEAR).values_list("location_id", "pupils"))
    assert stored[hidden["VESTIGINGSCODE"]] is None
    assert stored[changed["VESTIGINGSCODE"]] == int(changed[PUPILS])
    assert dropped["VESTIGINGSCODE"] not in stored
    assert not DuoVoPupilCounts(path).run().changed


def test_a_malformed_row_refuses_the_whole_file(file_rows, tmp_path):
    rows = [dict(row) for _, row in file_rows]
    rows[8][PUPILS] = "veel"  # line 10
    rows[18]["VESTIGINGSCODE"] = "ZZZZ00"  # line 20: not of its BRIN
    rows[28][VAVO] = "-3"  # line 30
    rows[38]["VESTIGINGSCODE"] = rows[37]["VESTIGINGSCODE"]  # line 40: twice
    rows[48][PUPILS] = ""  # line 50: empty is hidden, not an error
    before = sorted(vo_counts().values_list("location_id", "year", "pupils"))
    path = write_copy(tmp_path / "leerlingen-vo-2025.csv", rows)
    with pytest.raises(ImportRejected) as rejected:
        DuoVoPupilCounts(path).run()
    assert [e.line for e in rejected.value.errors] == [10, 20, 30, 40]
    reasons = [e.reason for e in rejected.value.errors]
    assert "'veel' is geen aantal" in reasons[0]
    assert "hoort niet bij BRIN" in reasons[1]
    assert "'-3' is geen aantal" in reasons[2]
    assert "komt twee keer voor" in reasons[3]
    assert sorted(vo_counts().values_list("location_id", "year", "pupils")) == before
