"""School leaders (registered per board) in the estimates: a frame of boards, the board the unit."""

import numpy as np
import pytest
from django.db.models import Sum

import tekort_stats
from tekort.estimates.frames import (
    BOARD_UNIT,
    CELLS,
    SCHOOL_LEADER,
    board_frame,
    build_inputs,
    build_school_leader_inputs,
)
from tekort.submissions.models import SchoolLeaderRegistration

pytestmark = pytest.mark.django_db


def test_the_board_frame_has_one_unit_per_board_with_its_locations_formatie(latest_round):
    frame, _teachers = build_inputs(latest_round)
    boards, leaders = build_school_leader_inputs(latest_round, frame)
    assert len(boards) == frame["board_id"].nunique() == boards["location_id"].nunique()
    assert boards["formation_fte"].sum() == pytest.approx(frame["formation_fte"].sum())
    one = boards.iloc[0]
    own = frame[frame["board_id"] == one["board_id"]]
    assert one["formation_fte"] == pytest.approx(own["formation_fte"].sum())
    assert one["sector"] == own.groupby("sector")["formation_fte"].sum().idxmax()
    assert one["onderwijsregio"] == own["onderwijsregio"].iloc[0]
    # stratified by sector only: one area, no schoolweging
    assert set(boards["labour_market_region"]) == {"NL"} and not boards["g5"].any()
    assert set(boards["schoolweging_band"]) == {"none"}

    registered = SchoolLeaderRegistration.objects.filter(round=latest_round)
    assert len(leaders) == registered.count() > 100
    assert set(leaders["function"]) == {SCHOOL_LEADER}
    assert set(leaders["location_id"]) <= set(boards["location_id"])
    totals = registered.aggregate(Sum("formatie"), Sum(CELLS[1]))
    assert leaders["formatie_fte"].sum() == pytest.approx(float(totals["formatie__sum"]))
    assert leaders[CELLS[1]].sum() == pytest.approx(float(totals[f"{CELLS[1]}__sum"]))
    row = registered.first()
    mine = leaders.set_index("location_id").loc[BOARD_UNIT.format(row.board_id)]
    assert mine["formatie_fte"] == float(row.formatie)  # the board's own answer, not split


def test_a_board_with_most_formatie_in_vo_counts_in_vo():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "location_id": ["a", "b", "c"],
            "board_id": [7, 7, 8],
            "sector": ["bao", "vo", "bao"],
            "onderwijsregio": ["R", "R", "S"],
            "formation_fte": [10.0, 30.0, 5.0],
        }
    )
    boards = board_frame(frame)
    assert list(boards["sector"]) == ["vo", "bao"]
    assert list(boards["formation_fte"]) == [40.0, 5.0]
    assert list(boards["location_id"]) == ["bestuur-7", "bestuur-8"]


def test_the_interval_counts_a_board_once_not_once_per_location(latest_round):
    """Spreading each board's answer over its locations would count it as many independent
    answers: the same figures on the location frame give a far narrower (wrong) interval."""
    frame, _teachers = build_inputs(latest_round)
    boards, leaders = build_school_leader_inputs(latest_round, frame)
    result = tekort_stats.estimate_round(
        boards, leaders, ["sector"], rng=np.random.default_rng(1), n_bootstrap=20
    )
    cells = result.cells
    national = cells[(cells["breakdown"] == "national") & (cells["measure"] == "tekort")].iloc[0]
    assert 0.10 < national["rate"] < 0.16  # demo calibrated to the published ≈ 13 % (§1.10)
    assert national["n_responding"] == len(leaders) and national["n_frame"] == len(boards)
    assert national["ci_low"] < national["rate"] < national["ci_high"]

    # the same answers spread over each board's locations by formatie (the rejected design)
    located = frame[["location_id", "board_id", "formation_fte"]].merge(
        leaders.assign(board_id=leaders["location_id"].str.removeprefix("bestuur-")),
        on="board_id",
        suffixes=("", "_board"),
    )
    share = located["formation_fte"] / located.groupby("board_id")["formation_fte"].transform("sum")
    spread = located[["location_id"]].assign(
        function=SCHOOL_LEADER,
        formatie_fte=located["formatie_fte"] * share,
        **{cell: located[cell] * share for cell in CELLS},
    )
    naive = tekort_stats.estimate_round(
        frame, spread, ["sector"], rng=np.random.default_rng(1), n_bootstrap=20
    ).cells
    wrong = naive[(naive["breakdown"] == "national") & (naive["measure"] == "tekort")].iloc[0]
    width = national["ci_high"] - national["ci_low"]
    assert wrong["ci_high"] - wrong["ci_low"] < width / 2
