"""An estimate uses the onderwijsregio membership valid on its round's peildatum: a board that
joined a region after the peildatum does not count in that region."""

import datetime

import pytest

from tekort.estimates.frames import build_inputs
from tekort.estimates.region_tables import cells_by_region, region_cells
from tekort.registry.models import Board, Onderwijsregio, OnderwijsregioMembership
from tekort.submissions.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JOINED = D(2025, 1, 1)


@pytest.fixture
def joined():
    """A board with bao locations whose only membership is a new region from JOINED on."""
    board = (
        Board.objects.filter(locations__sector="bao", locations__pupil_counts__pupils__gt=0)
        .order_by("number")
        .first()
    )
    OnderwijsregioMembership.objects.filter(board=board).delete()
    region = Onderwijsregio.objects.create(name="Regio Nieuw")
    OnderwijsregioMembership.objects.create(onderwijsregio=region, board=board, valid_from=JOINED)
    return board, region


def make_round(peildatum):
    """A closed bao round on ``peildatum``."""
    return RoundFactory(closed=True, peildatum=peildatum, sectors=["bao"])


def test_a_round_before_the_board_joined_does_not_count_it_in_the_region(joined):
    board, region = joined
    before, after = make_round(D(2024, 10, 2)), make_round(D(2025, 10, 2))

    frame_before, _ = build_inputs(before)
    own = frame_before[frame_before["board_id"] == board.number]
    assert len(own) > 0
    assert set(own["onderwijsregio"]) == {"(geen)"}
    assert "Regio Nieuw" not in set(frame_before["onderwijsregio"])

    frame_after, _ = build_inputs(after)
    own = frame_after[frame_after["board_id"] == board.number]
    assert set(own["onderwijsregio"]) == {"Regio Nieuw"}
    assert set(frame_after.loc[frame_after["onderwijsregio"] == "Regio Nieuw", "board_id"]) == {
        board.number
    }

    board_row = f"board::{board.number}"
    assert board_row not in region_cells(region, before).ids
    assert board_row in region_cells(region, after).ids
    assert board_row not in cells_by_region(before)[region.pk].ids
    assert board_row in cells_by_region(after)[region.pk].ids
