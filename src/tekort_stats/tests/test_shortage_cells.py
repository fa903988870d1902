"""The one definition of the shortage cells holds together, and the frame uses it."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_the_vocabulary_is_imported_without_the_estimator():
    """Every process of the site imports the vocabulary at start-up; the package's entry point
    (``estimate_round``, with pandas and SciPy) is imported only when asked for."""
    code = (
        "import sys, tekort_stats.shortage_cells, tekort_stats\n"
        "print(sorted({'tekort_stats.estimate', 'pandas', 'scipy'} & set(sys.modules)))\n"
        "tekort_stats.estimate_round\n"
        "print('tekort_stats.estimate' in sys.modules)\n"
    )
    src = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]
