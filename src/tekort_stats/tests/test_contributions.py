"""R2's board contributions (``disclosure.top_two_contributions``) against pandas: the total and
the two largest board sums per cell, bit for bit (pandas' groupby sum is Kahan-compensated)."""

import numpy as np
import pandas as pd
import pytest

from tekort_stats import disclosure as sdc


def _pandas(cell, board, contribution, n_cells):
    df = pd.DataFrame({"cell": cell, "board": board, "c": contribution})
    per_board = df.groupby(["cell", "board"], sort=True)["c"].sum().reset_index()
    per_board = per_board.sort_values(["cell", "c"], ascending=[True, False], kind="stable")
    rank = per_board.groupby("cell").cumcount().to_numpy()
    cells, vals = per_board["cell"].to_numpy(), per_board["c"].to_numpy()
    x1, x2 = np.zeros(n_cells), np.zeros(n_cells)
    x1[cells[rank == 0]] = vals[rank == 0]
    x2[cells[rank == 1]] = vals[rank == 1]
    total = np.bincount(cells, weights=vals, minlength=n_cells)
    return total, x1, x2, np.bincount(cells, minlength=n_cells)


@pytest.mark.parametrize("seed", range(20))
def test_top_two_contributions_equal_pandas_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    n, n_cells, n_boards = rng.integers(1, 2000), rng.integers(1, 150), rng.integers(1, 40)
    cell = rng.integers(0, n_cells, n)
    board = rng.integers(0, n_boards, n)
    # many records per board and cell, values over six orders of magnitude: rounding matters
    c = rng.gamma(0.5, 10.0, n) * (rng.random(n) < 0.8) * 10 ** rng.uniform(-3, 3, n)
    got = sdc.top_two_contributions(cell, board, c, n_cells + 2)
    want = _pandas(cell, board, c, n_cells + 2)
    for g, w in zip(got, want, strict=True):
        assert g.tobytes() == w.astype(g.dtype).tobytes()


def test_a_board_is_one_contributor():
    # cell 0: board 7 has 3 + 4 = 7, board 8 has 5; cell 1: one board
    total, x1, x2, n_boards = sdc.top_two_contributions(
        [0, 0, 0, 1], [7, 8, 7, 8], [3.0, 5.0, 4.0, 2.0], 3
    )
    assert total.tolist() == [12.0, 2.0, 0.0]
    assert x1.tolist() == [7.0, 2.0, 0.0]
    assert x2.tolist() == [5.0, 0.0, 0.0]
    assert n_boards.tolist() == [2, 1, 0]
