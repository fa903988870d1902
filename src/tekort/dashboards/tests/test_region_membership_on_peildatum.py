"""A region user sees a board's data only for the rounds whose peildatum falls in the board's
membership of that region: a board that left region A for region B before a round's peildatum is
B's in that round, so A's user never sees it there, and A's user is refused B's view.

The permission layer decides on the onderwijsregio itself (``registry.view_region_aggregates``:
a region user of that region); which boards a region's tables hold on a peildatum is decided by
tekort.registry.membership when the estimate run stores the tables."""

import datetime

import pytest
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.dashboards.tests.conftest import user_with
from tekort.dashboards.tests.factories import RoundFactory, estimate_run, register
from tekort.dashboards.tests.html_tables import tables_of
from tekort.publications.publishing import publish
from tekort.registry.models import Location, Onderwijsregio, OnderwijsregioMembership

pytestmark = pytest.mark.django_db

D = datetime.date
MOVED = D(2025, 1, 1)
BEFORE, AFTER = D(2024, 10, 1), D(2025, 10, 1)


def _url(region, peildatum, name="region", *extra):
    return reverse(f"dashboards:{name}", args=[region.pk, *extra]) + f"?peildatum={peildatum}"


@pytest.fixture
def moved(region, board):
    """``board`` was a member of ``region`` until MOVED and of a new region B from then on;
    a published round before and one after MOVED, the locations of both regions registered."""
    OnderwijsregioMembership.objects.filter(board=board, onderwijsregio=region).update(
        valid_to=MOVED
    )
    other = Onderwijsregio.objects.create(name="Regio B")
    OnderwijsregioMembership.objects.create(onderwijsregio=other, board=board, valid_from=MOVED)
    locations = list(
        Location.objects.filter(board__onderwijsregios__in=[region, other])
        .distinct()
        .order_by("code")
    )
    for k, peildatum in enumerate((BEFORE, AFTER)):
        round_ = RoundFactory(closed=True, peildatum=peildatum)
        register(round_, locations, seed=k + 1, share=1.0)
        publish(estimate_run(round_, {("national", "national"): 0.07}))
    return board, region, other


def _board_rows(client, region, peildatum) -> list[str]:
    response = client.get(_url(region, peildatum))
    assert response.status_code == 200
    return [row[0] for row in tables_of(response.content.decode())["tabel-besturen"][1:-1]]


def _has(rows, board) -> bool:
    return any(f"({board.number})" in label for label in rows)


def test_the_old_region_sees_the_board_only_before_it_left(client, moved):
    board, region, _other = moved
    user_with(client, kind=Role.Kind.REGION, onderwijsregio=region)
    assert _has(_board_rows(client, region, BEFORE), board)
    assert not _has(_board_rows(client, region, AFTER), board)
    page = client.get(_url(region, AFTER)).content.decode()
    assert board.name not in page


def test_the_new_region_sees_the_board_only_after_it_joined(client, moved):
    board, _region, other = moved
    user_with(client, kind=Role.Kind.REGION, onderwijsregio=other)
    assert not _has(_board_rows(client, other, BEFORE), board)
    assert _has(_board_rows(client, other, AFTER), board)


def test_the_old_regions_user_is_refused_the_new_region(client, moved):
    _board, region, other = moved
    user_with(client, kind=Role.Kind.REGION, onderwijsregio=region)
    for peildatum in (BEFORE, AFTER):
        for name, extra in [
            ("region", []),
            ("region-json", []),
            ("region-xlsx", []),
            ("region-csv", ["besturen"]),
        ]:
            assert client.get(_url(other, peildatum, name, *extra)).status_code == 403
