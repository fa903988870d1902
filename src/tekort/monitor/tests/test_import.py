"""Import of the shared policy files: counts against the files, idempotence, the ambiguities kept
visible, and bad rows reported with their line while nothing is imported."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from tekort.monitor import history
from tekort.monitor.importer import PolicyImporter
from tekort.monitor.models import Figure, Item, ItemFlag, Letter, Status, Study
from tekort.registry.importers.base import ImportRejected

pytestmark = pytest.mark.django_db


def test_counts_match_the_files(policy, csv_rows):
    assert Letter.objects.count() == len(csv_rows("letters.csv")) == 5
    register = Item.objects.exclude(kind="aankondiging")  # announcements: test_deadlines.py
    assert register.count() == len(csv_rows("motions.csv")) == 71
    statuses = Status.objects.exclude(item__kind="aankondiging")
    assert statuses.count() == len(csv_rows("motion_status.csv")) == 75
    assert Figure.objects.count() == len(csv_rows("figures.csv")) == 153
    assert Study.objects.count() == len(csv_rows("studies.csv")) == 63
    assert Study.objects.values("study_id").distinct().count() == 51
    kinds = [row["kind"] for row in csv_rows("motions.csv")]
    for kind, expected in {"motie": 36, "toezegging": 11, "kamervraag": 21}.items():
        assert Item.objects.filter(kind=kind).count() == kinds.count(kind) == expected
    assert policy.counts["moties en toezeggingen"].created == 71
    assert not Status.objects.exclude(state=Status.State.APPROVED).exists()


def test_verbatim_columns_are_kept_exactly(policy, csv_rows):
    for row in csv_rows("motion_status.csv"):
        assert Status.objects.get(pk=row["id"]).text == row["status_text"]
    for row in csv_rows("motions.csv"):
        assert Item.objects.get(pk=row["id"]).request == row["request"]


def test_a_second_run_changes_nothing(policy, policy_dir):
    again = PolicyImporter(policy_dir).run()
    assert not again.changed
    assert all(c.unchanged and not c.created and not c.updated for c in again.counts.values())
    assert history.changes("import").count() == 1


def test_an_edited_row_is_reported_as_changed(policy, policy_dir, tmp_path):
    folder = tmp_path / "policy"
    shutil.copytree(policy_dir, folder)
    path = folder / "motions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kwint c.s.", "Kwint cs", 1), "utf-8")
    report = PolicyImporter(folder, letters_dir=policy_dir.parent.parent / "letters").run()
    assert report.counts["moties en toezeggingen"].updated == 1
    assert report.counts["moties en toezeggingen"].unchanged == 70
    assert Item.objects.get(pk="motie-35570-viii-165").indieners == "Kwint cs"


def test_two_motions_sharing_a_number_are_both_kept_and_flagged(policy):
    shared = Item.objects.filter(kamerstuk_norm="27923;451").order_by("id")
    assert [i.id for i in shared] == ["motie-27923-451-kwint-westerveld", "motie-27923-451-peters"]
    assert {i.indieners for i in shared} == {"Kwint; Westerveld", "Peters"}
    flags = ItemFlag.objects.filter(kind="shared-number").values_list("item_id", "other_id")
    assert set(flags) == {
        ("motie-27923-451-kwint-westerveld", "motie-27923-451-peters"),
        ("motie-27923-451-peters", "motie-27923-451-kwint-westerveld"),
    }


def test_a_copied_request_is_flagged_on_both_items(policy):
    flags = ItemFlag.objects.filter(kind="same-request").values_list("item_id", "other_id")
    assert set(flags) == {
        ("motie-29544-1135", "motie-36100-viii-15"),
        ("motie-36100-viii-15", "motie-29544-1135"),
    }
    inferred = set(ItemFlag.objects.filter(kind="inferred").values_list("item_id", flat=True))
    assert "motie-27923-481-beckerman" in inferred


def test_statuses_are_in_the_letters_order(policy):
    annex = Status.objects.filter(letter_id="l2024-06", section="bijlage").order_by("position")
    ids = [s.item_id for s in annex]
    assert ids[:3] == ["motie-27923-473", "motie-27923-476", "tz-202402-158"]
    assert ids[-1] == "motie-36132-11"
    assert ids.index("tz-202206-077") < ids.index("tz-202402-163") < ids.index("motie-27923-470")


@pytest.fixture
def broken_folder(policy_dir, tmp_path):
    """Copies of the shared files with three broken rows in two files."""
    folder = tmp_path / "policy"
    shutil.copytree(policy_dir, folder)

    def break_line(name, line_no, old, new):
        path = folder / name
        lines = path.read_text(encoding="utf-8").split("\n")
        assert old in lines[line_no - 1]
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        path.write_text("\n".join(lines), encoding="utf-8")

    break_line("motions.csv", 2, ",motie,", ",resolutie,")
    break_line("figures.csv", 3, ",14.8,", ",veertien,")
    break_line("figures.csv", 5, "f-l2021-06-04,l2021-06,", "f-l2021-06-04,l2031-06,")
    return folder


def test_every_bad_row_is_reported_and_nothing_is_imported(broken_folder):
    with pytest.raises(ImportRejected) as rejected:
        PolicyImporter(broken_folder).run()
    errors = [(e.line, e.reason) for e in rejected.value.errors]
    assert errors == [
        (2, "motions.csv: soort 'resolutie' onbekend"),
        (3, "figures.csv: waarde 'veertien' is geen getal"),
        (5, "figures.csv: brief 'l2031-06' onbekend"),
    ]
    assert not Letter.objects.exists() and not Item.objects.exists()


def test_a_wrong_file_is_refused_by_its_columns(policy_dir, tmp_path):
    folder = tmp_path / "policy"
    shutil.copytree(policy_dir, folder)
    shutil.copy(policy_dir / "letters.csv", folder / "studies.csv")
    with pytest.raises(ImportRejected) as rejected:
        PolicyImporter(folder).run()
    assert "studies.csv" in rejected.value.source or "kolommen ontbreken" in str(
        rejected.value.errors[0]
    )
    assert not Item.objects.exists()


def test_the_command_reports_counts_and_idempotence(shared_data_dir, db):
    out = io.StringIO()
    call_command("import_policy", data_dir=str(shared_data_dir), stdout=out)
    assert "moties en toezeggingen: 71 nieuw, 0 gewijzigd, 0 ongewijzigd" in out.getvalue()
    out = io.StringIO()
    call_command("import_policy", data_dir=str(shared_data_dir), stdout=out)
    assert "niets gewijzigd" in out.getvalue()
    assert "standen van zaken: 0 nieuw, 0 gewijzigd, 75 ongewijzigd" in out.getvalue()


def test_the_command_prints_every_bad_line_and_fails(broken_folder):
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 fout"):
        call_command("import_policy", data_dir=str(broken_folder.parent), stderr=err)
    assert "regel 2: motions.csv" in err.getvalue()
    assert "regel 5: figures.csv" in err.getvalue()


def test_if_empty_imports_once_and_then_only_checks(shared_data_dir, db):
    out = io.StringIO()
    call_command("import_policy", data_dir=str(shared_data_dir), if_empty=True, stdout=out)
    assert "moties en toezeggingen: 71 nieuw" in out.getvalue()
    out = io.StringIO()
    call_command("import_policy", data_dir=str(shared_data_dir), if_empty=True, stdout=out)
    # no counts: the files were not read again
    assert (
        out.getvalue().strip() == "Beleidsregister aanwezig (verversen: manage.py import_policy)."
    )
