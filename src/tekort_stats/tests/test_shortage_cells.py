"""The one definition of the shortage cells holds together, and the frame uses it."""

from tekort_stats import frame
from tekort_stats.shortage_cells import COMPONENTS, HIDDEN_CELLS, MEASURES


def test_open_and_hidden_split_the_four_cells():
    assert sorted(MEASURES["openstaand"] + MEASURES["verborgen"]) == sorted(COMPONENTS)
    assert MEASURES["tekort"] == COMPONENTS
    assert tuple(HIDDEN_CELLS.values()) == MEASURES["verborgen"]
    for cell in COMPONENTS:
        assert MEASURES[cell] == (cell,)


def test_the_frame_asks_for_the_same_cells_in_the_same_order():
    assert frame.COMPONENTS is COMPONENTS
    assert frame.MEASURES is MEASURES
    assert frame.RESPONSE_COLUMNS[-4:] == (
        "regulier_openstaand",
        "regulier_verborgen",
        "vervanging_openstaand",
        "vervanging_verborgen",
    )
