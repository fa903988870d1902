"""Response per onderwijsregio counts a board in the regions it belongs to on the peildatum."""

import datetime

import pytest

from tekort.registry.models import Board, Location, Onderwijsregio, OnderwijsregioMembership
from tekort.submissions import response
from tekort.submissions.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def make_round(peildatum):
    """A closed bao round on ``peildatum``."""
    return RoundFactory(closed=True, peildatum=peildatum, sectors=["bao"])


def test_response_per_region_uses_the_membership_on_the_peildatum():
    board = Board.objects.filter(locations__sector="bao").order_by("number").first()
    OnderwijsregioMembership.objects.filter(board=board).delete()
    late = Onderwijsregio.objects.create(name="Regio Nieuw")
    other = Onderwijsregio.objects.create(name="Regio Oud")
    OnderwijsregioMembership.objects.create(
        onderwijsregio=late, board=board, valid_from=D(2025, 1, 1)
    )
    OnderwijsregioMembership.objects.create(
        onderwijsregio=other, board=board, valid_from=D(2024, 1, 1)
    )
    asked = Location.objects.filter(board=board, sector="bao").count()

    def by_region(peildatum):
        rows = response.response_by(make_round(peildatum), "onderwijsregio")
        return {row["name"]: row["locations"] for row in rows}

    before = by_region(D(2024, 10, 2))
    assert "Regio Nieuw" not in before and before["Regio Oud"] == asked
    after = by_region(D(2025, 10, 2))
    # In two regions at once: counted in each.
    assert after["Regio Nieuw"] == asked and after["Regio Oud"] == asked
