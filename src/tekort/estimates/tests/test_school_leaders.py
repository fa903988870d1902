"""School leaders (registered per board) in the estimates: allocated to locations, estimated."""

import numpy as np
import pytest
from django.db.models import Sum

import tekort_stats
from tekort.estimates.frames import FUNCTIONS, SCHOOL_LEADER, build_inputs
from tekort.submissions import demo
from tekort.submissions.models import Round, SchoolLeaderRegistration

pytestmark = pytest.mark.django_db

CELLS = [
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
]


@pytest.fixture
def latest_round():
    demo.generate(seed=3)
    return Round.objects.order_by("-peildatum").first()


def test_allocated_school_leader_totals_equal_the_board_totals(latest_round):
    frame, responses = build_inputs(latest_round, functions=FUNCTIONS)
    leaders = responses[responses["function"] == SCHOOL_LEADER]
    by_board = (
        leaders.merge(frame[["location_id", "board_id"]], on="location_id")
        .groupby("board_id")[["formatie_fte", *CELLS]]
        .sum()
    )
    registered = SchoolLeaderRegistration.objects.filter(round=latest_round)
    assert len(by_board) == registered.count() > 100
    for row in registered:
        allocated = by_board.loc[row.board_id]
        assert allocated["formatie_fte"] == pytest.approx(float(row.formatie), abs=1e-9)
        for cell in CELLS:
            assert allocated[cell] == pytest.approx(float(getattr(row, cell)), abs=1e-9)
    totals = registered.aggregate(Sum("formatie"))
    assert leaders["formatie_fte"].sum() == pytest.approx(float(totals["formatie__sum"]))
    # every location of a responding board responds for schoolleider, in proportion to its formatie
    own = frame[frame["board_id"] == row.board_id].set_index("location_id")["formation_fte"]
    shares = leaders.set_index("location_id").loc[own.index, "formatie_fte"] / float(row.formatie)
    assert np.allclose(shares, own / own.sum())
    # the default stays teachers only
    assert set(build_inputs(latest_round)[1]["function"]) == {"leraar"}


def test_an_estimate_run_yields_national_school_leader_cells(latest_round):
    frame, responses = build_inputs(latest_round, functions=FUNCTIONS)
    result = tekort_stats.estimate_round(
        frame, responses, ["sector"], rng=np.random.default_rng(1), n_bootstrap=20
    )
    cells = result.cells
    national = cells[
        (cells["function"] == SCHOOL_LEADER)
        & (cells["breakdown"] == "national")
        & (cells["measure"] == "tekort")
    ]
    assert len(national) == 1
    rate = national["rate"].iloc[0]
    assert 0.10 < rate < 0.16  # demo calibrated to the published ≈ 13 % (methods.md §1.10)
    assert (
        national["n_boards_responding"].iloc[0]
        == SchoolLeaderRegistration.objects.filter(round=latest_round).count()
    )
    teachers = cells[(cells["function"] == "leraar") & (cells["breakdown"] == "national")]
    assert len(teachers) > 0
