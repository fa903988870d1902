"""The authorisation matrix's world reads onderwijsregio membership on a date, through
tekort.registry.membership: a board whose membership has ended is no longer its region's."""

import datetime

import pytest

from tekort.accounts.role_matrix import build_world
from tekort.registry import membership
from tekort.registry.models import Board, Onderwijsregio, OnderwijsregioMembership

pytestmark = pytest.mark.django_db

D = datetime.date
LEFT = D(2024, 1, 1)


@pytest.fixture
def moved():
    """A board with locations that was a member of "AAA Oud" (first by name) until LEFT and is
    a member of its present region since then (its older membership of that region ended)."""
    board = Board.objects.filter(locations__isnull=False).order_by("number").first()
    present = membership.primary_region(board, membership.today())
    assert present is not None
    old = Onderwijsregio.objects.create(name="AAA Oud")
    OnderwijsregioMembership.objects.create(
        onderwijsregio=old, board=board, valid_from=D(2020, 1, 1), valid_to=LEFT
    )
    return board, old, present


def _member(board, region, on) -> bool:
    return region in membership.regions_of_board(board, on)


def test_a_region_whose_members_have_all_left_is_not_the_own_side(moved):
    board, old, _present = moved
    world = build_world()
    today = membership.today()
    assert world.own.onderwijsregio != old
    assert _member(world.own.board, world.own.onderwijsregio, today)
    assert not _member(world.other.board, world.own.onderwijsregio, today)
    assert not _member(world.own.board, world.other.onderwijsregio, today)


def test_on_a_date_before_the_board_left_it_is_the_old_regions(moved):
    board, old, _present = moved
    world = build_world(D(2023, 10, 1))
    assert (world.own.onderwijsregio, world.own.board) == (old, board)
    assert world.other.onderwijsregio != old
    assert world.other.board != board
