"""The region view: aggregates by municipality and member board under the public disclosure
rules (threshold, p% with boards as contributors, secondary suppression with its LP audit)."""

import csv
import io

import numpy as np
import openpyxl
import pytest
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.dashboards.tests.conftest import user_with
from tekort.dashboards.tests.factories import RoundFactory, open_round, register
from tekort.dashboards.tests.html_tables import tables_of
from tekort.estimates.region_tables import region_cells
from tekort.registry.models import Location, Onderwijsregio
from tekort_stats import disclosure

pytestmark = pytest.mark.django_db


def region_url(region, round_, name="region", *extra):
    return reverse(f"dashboards:{name}", args=[region.pk, *extra]) + (
        f"?peildatum={round_.peildatum.isoformat()}"
    )


def test_the_region_sees_its_municipalities_and_boards(region_client, region, rounds, releases):
    response = region_client.get(region_url(region, rounds[0]))
    assert response.status_code == 200
    tables = tables_of(response.content.decode())
    municipalities = tables["tabel-gemeenten"]
    boards = tables["tabel-besturen"]
    assert municipalities[0][:4] == [
        "Gemeente",
        "Vestigingen uitgevraagd",
        "Vestigingen met respons",
        "Respons %",
    ]
    assert municipalities[-1][0] == boards[-1][0] == "Totaal regio"
    member_boards = region.boards.filter(locations__isnull=False).distinct().count()
    assert len(boards) - 2 == member_boards
    # a member board's own figures are never shown: one board is one contributor (R1)
    assert all(row[4:] == ["c"] * 5 for row in boards[1:-1] if row[2] != "0")
    assert any(row[4] not in ("c", "x") for row in municipalities[1:-1])  # some are shown
    total = municipalities[-1]
    locations = Location.objects.filter(board__onderwijsregios=region).count()
    assert total[1] == str(locations)


def test_cells_below_the_threshold_are_suppressed(region, rounds):
    cells = region_cells(region, rounds[0])
    below = (cells.responding > 0) & ((cells.responding < 5) | (cells.boards_responding < 3))
    assert below.any() and (~below & (cells.responding > 0)).any()
    assert (cells.status[below] == disclosure.PRIMARY).all()
    assert not cells.fail_closed


def test_secondary_suppression_leaves_no_group_with_one_suppressed_cell(region, rounds):
    cells = region_cells(region, rounds[0])
    for total, members in cells.tables.groups:
        entries = np.append(members, total)
        assert cells.suppressed[entries].sum() != 1


@pytest.mark.parametrize("measure", ["tekort", "openstaand", "verborgen"])
def test_no_suppressed_cell_can_be_recovered_by_subtraction(region, rounds, measure):
    """The LP audit (methods.md §3.4) on exactly the shown pattern: for every suppressed cell
    the tightest bounds an intruder derives from the shown cells leave it protected."""
    cells = region_cells(region, rounds[0])
    assert cells.audit_passed[measure]
    linked = cells.linked(measure)
    lower, upper = disclosure.audit_intervals(linked, cells.suppressed)
    values = cells.values[measure]
    sensitive, upl = cells.r2[measure]
    suppressed = np.flatnonzero(cells.suppressed)
    assert len(suppressed) > 10
    for i in suppressed:
        assert upper[i] - lower[i] > 1e-6, f"{cells.ids[i]} is derivable exactly"
        if sensitive[i]:
            assert upper[i] >= values[i] + upl[i] - 1e-9, f"{cells.ids[i]} bounded too tightly"
    # and the shown cells do add up to the shown total where nothing is suppressed
    assert np.isclose(values[0], sum(values[m] for m in cells.tables.groups[0][1]))


def test_a_dominant_board_makes_a_cell_sensitive_under_the_p_rule(region, board):
    """Five locations of three boards, one board holding nearly all of the shortage: R1 passes,
    the p%-rule (boards as contributors) suppresses."""
    round_ = RoundFactory(closed=True)
    others = list(
        region.boards.filter(locations__isnull=False)
        .exclude(number=board.number)
        .distinct()
        .order_by("number")[:2]
    )
    locations = list(board.locations.order_by("code")[:3])
    locations += [b.locations.order_by("code").first() for b in others]
    assert len(locations) == 5
    made = register(round_, locations, share=1.0, seed=3)
    for registration in made:
        big = registration.location.board_id == board.number
        registration.regulier_openstaand = 20 if big else 0.05
        registration.regulier_verborgen = registration.vervanging_openstaand = 0
        registration.vervanging_verborgen = 0
        registration.formatie = 40
        registration.save()
    cells = region_cells(region, round_)
    assert cells.responding[0] == 5 and cells.boards_responding[0] == 3
    assert not cells.r1[0] and cells.r2["tekort"][0][0]
    assert cells.status[0] == disclosure.PRIMARY


def test_an_open_round_is_not_offered_to_a_region(region_client, region, rounds, releases):
    current = open_round()
    register(current, Location.objects.filter(board__onderwijsregios=region), seed=5)
    assert region_client.get(region_url(region, current)).status_code == 404
    page = region_client.get(reverse("dashboards:region", args=[region.pk])).content.decode()
    latest = f'<option value="{rounds[-1].peildatum.isoformat()}" selected>'
    assert latest in page  # the latest closed round by default


def test_downloads_hold_exactly_the_region_tables(region_client, region, rounds, releases):
    shown = tables_of(region_client.get(region_url(region, rounds[0])).content.decode())
    data = region_client.get(region_url(region, rounds[0], "region-json")).json()
    book = openpyxl.load_workbook(
        io.BytesIO(region_client.get(region_url(region, rounds[0], "region-xlsx")).content)
    )
    assert data["onderwijsregio"] == region.name
    assert [t["slug"] for t in data["tables"]] == ["gemeenten", "besturen"]
    for table in data["tables"]:
        html = shown[f"tabel-{table['slug']}"]
        rows = list(
            csv.reader(
                io.StringIO(
                    region_client.get(
                        region_url(region, rounds[0], "region-csv", table["slug"])
                    ).content.decode()
                )
            )
        )
        assert len(rows) == len(html) == len(table["rows"]) + 1
        # after the demo column (a round of real figures: "nee")
        sheet = [row[1:] for row in book[table["slug"]].iter_rows(min_row=3, values_only=True)]
        assert rows[0][0] == "demo" and {row[0] for row in rows[1:]} <= {"nee"}
        for k, row in enumerate(table["rows"]):
            values = [row[c["key"]] for c in table["columns"]]
            assert [None if v in ("", None) else v for v in values] == [
                None if v in ("", None) else v for v in sheet[k][: len(values)]
            ]
            for value, text, plain in zip(values, html[k + 1], rows[k + 1][1:], strict=True):
                if isinstance(value, str):
                    assert " ".join(value.split()) == text and value == plain
                elif isinstance(value, int | float):
                    assert text.replace(",", ".") == plain
                    assert float(plain) == pytest.approx(value)
            # the suppressed cells are suppressed in every format
            assert [v == "c" for v in values] == [t == "c" for t in html[k + 1]]


def test_another_region_is_refused(region_client, region, rounds):
    other = Onderwijsregio.objects.exclude(pk=region.pk).first()
    for name, extra in [
        ("region", []),
        ("region-json", []),
        ("region-xlsx", []),
        ("region-csv", ["gemeenten"]),
    ]:
        assert region_client.get(region_url(other, rounds[0], name, *extra)).status_code == 403


def test_a_region_user_who_is_also_a_board_user_sees_own_locations_only_in_the_board_view(
    client, region, board, rounds, releases
):
    user = user_with(client, kind=Role.Kind.REGION, onderwijsregio=region)
    Role.objects.create(user=user, kind=Role.Kind.BOARD, board=board)
    region_page = client.get(region_url(region, rounds[0])).content.decode()
    row = next(r for r in tables_of(region_page)["tabel-besturen"] if f"({board.number})" in r[0])
    assert row[4:] == ["c"] * 5
    assert not any(code in region_page for code in board.locations.values_list("code", flat=True))
    board_page = client.get(
        reverse("dashboards:board", args=[board.number])
        + f"?peildatum={rounds[0].peildatum.isoformat()}"
    ).content.decode()
    assert all(code in board_page for code in board.locations.values_list("code", flat=True))
