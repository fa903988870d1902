"""Bad files: every bad row is reported with its line and reason, and nothing is imported."""

import io

import pytest
from django.core.management import CommandError, call_command

from tekort.registry.importers.base import ImportRejected, read_source
from tekort.registry.importers.duo_locations import DuoBoLocations
from tekort.registry.importers.municipalities import CbsMunicipalities
from tekort.registry.importers.onderwijsregios import OnderwijsregioMembership
from tekort.registry.models import Location, Onderwijsregio

pytestmark = pytest.mark.django_db

BO_FILE = "duo/02.-alle-schoolvestigingen-basisonderwijs.csv"


@pytest.fixture
def broken_bo_file(shared_data_dir, tmp_path):
    """The real DUO file, with five rows given new (valid) codes and three rows broken."""
    lines = (shared_data_dir / BO_FILE).read_bytes().decode("cp1252").split("\r\n")
    header = lines[0].split(";")
    col = {name: i for i, name in enumerate(header)}

    def edit(line_no, **changes):
        fields = lines[line_no - 1].split(";")
        for name, value in changes.items():
            fields[col[name]] = value
        lines[line_no - 1] = ";".join(fields)

    for n, line_no in enumerate(range(2, 7)):
        edit(line_no, INSTELLINGSCODE="99ZZ", VESTIGINGSCODE=f"99ZZ0{n}")
    edit(10, INSTELLINGSCODE="9!", VESTIGINGSCODE="9!00")
    edit(20, GEMEENTENUMMER="9999")
    edit(30, VESTIGINGSNAAM=" ")
    path = tmp_path / "broken.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def test_every_bad_row_is_reported_and_nothing_imported(broken_bo_file):
    before = Location.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        DuoBoLocations(broken_bo_file).run()
    assert [e.line for e in rejected.value.errors] == [10, 20, 30]
    reasons = [e.reason for e in rejected.value.errors]
    assert "BRIN '9!' ongeldig" in reasons[0]
    assert "gemeentenummer '9999' onbekend" in reasons[1]
    assert "vestigingsnaam ontbreekt" in reasons[2]
    assert Location.objects.count() == before
    assert not Location.objects.filter(code__startswith="99ZZ").exists()


def test_the_command_prints_every_bad_line_and_fails(broken_bo_file):
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 fout"):
        call_command(
            "import_registry", only=["duo-vestigingen-bo", str(broken_bo_file)], stderr=err
        )
    printed = err.getvalue()
    assert "regel 10:" in printed and "regel 20:" in printed and "regel 30:" in printed


def test_a_good_edit_is_imported_and_a_rerun_is_idempotent(
    broken_bo_file, shared_data_dir, tmp_path
):
    lines = broken_bo_file.read_bytes().decode("cp1252").split("\r\n")
    original = (shared_data_dir / BO_FILE).read_bytes().decode("cp1252").split("\r\n")
    for line_no in (10, 20, 30):
        lines[line_no - 1] = original[line_no - 1]
    path = tmp_path / "good.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    report = DuoBoLocations(path).run()
    assert report.counts["vestigingen"].created == 5
    assert Location.objects.filter(code__startswith="99ZZ").count() == 5
    assert not DuoBoLocations(path).run().changed


def test_an_xlsx_handed_to_a_csv_importer_is_refused(shared_data_dir):
    with pytest.raises(ImportRejected) as rejected:
        DuoBoLocations(shared_data_dir / "cbs/gemeenten-alfabetisch-2024.xlsx").run()
    assert "verkeerd bestand" in rejected.value.errors[0].reason


def test_another_csv_handed_in_is_refused_by_its_columns(shared_data_dir):
    with pytest.raises(ImportRejected) as rejected:
        DuoBoLocations(shared_data_dir / "regions/municipalities.csv").run()
    assert "kolommen ontbreken" in rejected.value.errors[0].reason
    assert "VESTIGINGSCODE" in rejected.value.errors[0].reason


def test_a_csv_handed_to_an_xlsx_importer_is_refused(shared_data_dir):
    with pytest.raises(ImportRejected) as rejected:
        CbsMunicipalities(shared_data_dir / BO_FILE).run()
    assert "geen leesbaar xlsx-bestand" in rejected.value.errors[0].reason


def test_sources_must_be_local_files_or_https(tmp_path):
    with pytest.raises(ValueError, match="https"):
        read_source("http://example.org/file.csv")
    with pytest.raises(FileNotFoundError, match="niet gevonden"):
        read_source(tmp_path / "absent.csv")


def test_onderwijsregio_csv_with_unknown_board_is_refused_entirely():
    data = b"bevoegd_gezag,onderwijsregio\n20091,Regio Noord\n99999,Regio Noord\n,Regio Zuid\n"
    with pytest.raises(ImportRejected) as rejected:
        OnderwijsregioMembership("regio.csv").run(data)
    assert [e.line for e in rejected.value.errors] == [3, 4]
    assert not Onderwijsregio.objects.filter(name="Regio Noord").exists()


def test_onderwijsregio_csv_sets_membership_exactly():
    OnderwijsregioMembership("regio.csv").run(b"bevoegd_gezag,onderwijsregio\n20091,Regio Noord\n")
    region = Onderwijsregio.objects.get(name="Regio Noord")
    assert list(region.boards.values_list("number", flat=True)) == ["20091"]
    assert region.is_provisional is False
    again = OnderwijsregioMembership("regio.csv").run(
        b"bevoegd_gezag,onderwijsregio\n20091,Regio Noord\n"
    )
    assert not again.changed
