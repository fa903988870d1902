"""Onderwijsregio membership with validity dates: the CSV import keeps history, and the one
membership function answers which regions a board belongs to on a date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from tekort.registry import membership
from tekort.registry.importers.base import ImportRejected
from tekort.registry.importers.onderwijsregios import OnderwijsregioMembership, parse_date
from tekort.registry.models import Board, Onderwijsregio
from tekort.registry.models import OnderwijsregioMembership as Membership

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = "bevoegd_gezag,onderwijsregio,geldig_vanaf,geldig_tot\n"


@pytest.fixture
def boards():
    return list(Board.objects.order_by("number").values_list("number", flat=True)[:3])


def run(text, valid_from=None):
    return OnderwijsregioMembership("regio.csv", valid_from=valid_from).run(text.encode())


def periods(region_name):
    return list(
        Membership.objects.filter(onderwijsregio__name=region_name)
        .order_by("board_id", "valid_from")
        .values_list("board_id", "valid_from", "valid_to")
    )


def test_dates_in_iso_and_dutch_form():
    assert parse_date("2025-08-01") == D(2025, 8, 1)
    assert parse_date("01-08-2025") == D(2025, 8, 1)
    assert parse_date("1-8-2025") == D(2025, 8, 1)
    assert parse_date(" ") is None
    for bad in ("2025-02-30", "31-31-2025", "1 augustus 2025", "2025/08/01"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_new_unchanged_and_ended_memberships(boards):
    a, b, c = boards
    run(f"{HEADER}{a},Regio T,2024-08-01,\n{b},Regio T,01-08-2024,\n")
    assert periods("Regio T") == [(a, D(2024, 8, 1), None), (b, D(2024, 8, 1), None)]
    assert Membership.objects.get(board_id=a, onderwijsregio__name="Regio T").source == "regio.csv"

    again = run(f"{HEADER}{a},Regio T,2024-08-01,\n{b},Regio T,,\n")
    assert again.counts["lidmaatschappen"].unchanged == 2
    assert not again.changed

    # b leaves and c joins on 2025-08-01: b's membership is ended, not deleted.
    report = run(f"{HEADER}{a},Regio T,,\n{c},Regio T,,\n", valid_from=D(2025, 8, 1))
    assert periods("Regio T") == [
        (a, D(2024, 8, 1), None),
        (b, D(2024, 8, 1), D(2025, 8, 1)),
        (c, D(2025, 8, 1), None),
    ]
    assert report.counts["lidmaatschappen"].created == 1
    assert report.counts["lidmaatschappen"].updated == 1
    assert report.counts["lidmaatschappen"].deleted == 0

    region = Onderwijsregio.objects.get(name="Regio T")
    assert [r.pk for r in membership.regions_of_board(b, D(2025, 7, 31))] == [region.pk]
    assert membership.regions_of_board(b, D(2025, 8, 1)) == []
    assert membership.regions_of_board(c, D(2025, 7, 31)) == []
    assert set(
        membership.boards_of_region(region, D(2025, 8, 1)).values_list("board_id", flat=True)
    ) == {a, c}


def test_membership_ended_in_the_file_and_rejoined(boards):
    a, _, _ = boards
    run(f"{HEADER}{a},Regio T,2023-08-01,2024-08-01\n{a},Regio T,2025-08-01,\n")
    assert periods("Regio T") == [(a, D(2023, 8, 1), D(2024, 8, 1)), (a, D(2025, 8, 1), None)]
    assert "Regio T" not in [r.name for r in membership.regions_of_board(a, D(2024, 12, 1))]
    assert "Regio T" in [r.name for r in membership.regions_of_board(a, D(2025, 8, 1))]


def test_bad_dates_and_overlapping_rows_are_refused_entirely(boards):
    a, b, c = boards
    text = (
        f"{HEADER}"
        f"{a},Regio T,2024-08-01,\n"  # line 2: fine
        f"{b},Regio T,31-02-2024,\n"  # line 3: no such day
        f"{c},Regio T,2024-08-01,2024-01-01\n"  # line 4: ends before it starts
        f"{a},Regio T,2025-01-01,\n"  # line 5: overlaps line 2
        f"{c},Regio T,,morgen\n"  # line 6: not a date
    )
    with pytest.raises(ImportRejected) as rejected:
        run(text)
    errors = {e.line: e.reason for e in rejected.value.errors}
    assert sorted(errors) == [3, 4, 5, 6]
    assert "geldig_vanaf '31-02-2024' is geen datum" in errors[3]
    assert "ligt niet na" in errors[4]
    assert "overlappen" in errors[5] and "regel 2" in errors[5]
    assert "geldig_tot 'morgen'" in errors[6]
    assert not Onderwijsregio.objects.filter(name="Regio T").exists()
    assert not Membership.objects.filter(source="regio.csv").exists()


def test_first_import_without_dates_has_no_known_start():
    Membership.objects.all().delete()
    board = Board.objects.order_by("number").first().number
    run(f"bevoegd_gezag,onderwijsregio\n{board},Regio T\n")
    assert periods("Regio T") == [(board, None, None)]
    assert [r.name for r in membership.regions_of_board(board, D(1990, 1, 1))] == ["Regio T"]
    # A later file that leaves the board out ends the membership on its date.
    run("bevoegd_gezag,onderwijsregio\n", valid_from=D(2025, 8, 1))
    assert periods("Regio T") == [(board, None, D(2025, 8, 1))]
    assert membership.regions_of_board(board, D(2025, 8, 1)) == []
    assert [r.name for r in membership.regions_of_board(board, D(2025, 7, 31))] == ["Regio T"]


def test_a_board_in_two_regions_has_the_first_by_name_as_its_one_region(boards):
    a, _, _ = boards
    Membership.objects.filter(board_id=a).delete()
    run(f"{HEADER}{a},Regio B,2024-01-01,\n{a},Regio A,2025-01-01,\n")
    assert membership.primary_region(a, D(2024, 6, 1)).name == "Regio B"
    assert membership.primary_region(a, D(2025, 6, 1)).name == "Regio A"
    assert [r.name for r in membership.regions_of_board(a, D(2025, 6, 1))] == [
        "Regio A",
        "Regio B",
    ]
    assert membership.primary_region(a, D(2023, 12, 31)) is None


def test_the_database_refuses_an_end_before_the_start(boards):
    region = Onderwijsregio.objects.create(name="Regio T")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            onderwijsregio=region,
            board_id=boards[0],
            valid_from=D(2025, 1, 1),
            valid_to=D(2024, 1, 1),
        )


def test_validation_refuses_overlapping_periods(boards):
    region = Onderwijsregio.objects.create(name="Regio T")
    Membership.objects.create(onderwijsregio=region, board_id=boards[0], valid_from=D(2024, 1, 1))
    later = Membership(onderwijsregio=region, board_id=boards[0], valid_from=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        later.full_clean()
    before = Membership(
        onderwijsregio=region, board_id=boards[0], valid_from=D(2023, 8, 1), valid_to=D(2024, 1, 1)
    )
    before.full_clean()


def test_the_command_takes_the_files_date(tmp_path, boards):
    a, b, _ = boards
    path = tmp_path / "regio.csv"
    path.write_text(f"bevoegd_gezag,onderwijsregio\n{a},Regio T\n{b},Regio T\n")
    call_command("import_onderwijsregios", str(path), geldig_vanaf="01-08-2025", verbosity=0)
    path.write_text(f"bevoegd_gezag,onderwijsregio\n{a},Regio T\n")
    call_command("import_onderwijsregios", str(path), geldig_vanaf="2026-08-01", verbosity=0)
    assert periods("Regio T") == [(a, D(2025, 8, 1), None), (b, D(2025, 8, 1), D(2026, 8, 1))]
    with pytest.raises(CommandError, match="geen datum"):
        call_command("import_onderwijsregios", str(path), geldig_vanaf="1 augustus", verbosity=0)
