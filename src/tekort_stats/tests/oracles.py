"""The data of methods.md §5 (inputs only; expected numbers live in the tests)."""

import numpy as np

REL = 1e-12  # §0: closed-form oracles

# Example A: one stratum, N = 10, n = 6, F = 100
A_F = np.array([10.0, 8.0, 12.0, 6.0, 9.0, 15.0])
A_Y = np.array([1.0, 0.0, 2.0, 1.5, 0.5, 1.0])
A_N, A_FPOP = 10, 100.0

# Example B stratum 2: N = 5, n = 3, F = 60
B2_F = np.array([8.0, 10.0, 6.0])
B2_Y = np.array([2.0, 1.0, 0.6])
B2_N, B2_FPOP = 5, 60.0


def example_b():
    """Respondents of example B: (y, f, stratum, n_h, N_h, F_h)."""
    y = np.concatenate([A_Y, B2_Y])
    f = np.concatenate([A_F, B2_F])
    stratum = np.array([0] * 6 + [1] * 3)
    return y, f, stratum, np.array([6, 3]), np.array([A_N, B2_N]), np.array([A_FPOP, B2_FPOP])
