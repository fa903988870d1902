"""``disclosure.protect_measures``: one suppression pattern for several measures of the same
linked tables (the region tables' rule, methods.md §3.4), on tables small enough to follow by
hand."""

import numpy as np

from tekort_stats import disclosure as sdc

IDS = ["total", "a", "b", "c", "d"]
GROUPS = [(0, [1, 2, 3, 4])]
NEVER = np.array([True, False, False, False, False])


def _sensitive(*cells_and_upl):
    sensitive, upl = np.zeros(5, dtype=bool), np.zeros(5)
    for cell, level in cells_and_upl:
        sensitive[IDS.index(cell)], upl[IDS.index(cell)] = True, level
    return sensitive, upl


def test_the_measures_share_one_pattern_to_a_fixed_point():
    """tekort: d = 2 with a protection of 9 (needs a maximum of 11). With a and d withheld,
    a + d = 20 - 6 - 4 = 10: d in [0, 10], short by 1, so the smallest open part at least 1, c,
    is added: d in [0, 14]. openstaand: a = 1 with 0.5; with a, c, d withheld a + c + d = 5,
    enough. Both measures end with the same pattern, whatever their order."""
    values = {
        "tekort": np.array([20.0, 8.0, 6.0, 4.0, 2.0]),
        "openstaand": np.array([10.0, 1.0, 5.0, 2.0, 2.0]),
    }
    r2 = {"tekort": _sensitive(("d", 9.0)), "openstaand": _sensitive(("a", 0.5))}
    tables = sdc.LinkedTables(IDS, values["tekort"], GROUPS, NEVER)
    r1 = np.zeros(5, dtype=bool)
    status, audit = sdc.protect_measures(tables, values, r1, r2)
    assert status.tolist() == [
        sdc.PUBLISHED,
        sdc.PRIMARY,
        sdc.PUBLISHED,
        sdc.SECONDARY,
        sdc.PRIMARY,
    ]
    assert audit == {"tekort": True, "openstaand": True}
    reversed_ = dict(reversed(list(r2.items())))
    again, _ = sdc.protect_measures(tables, values, r1, reversed_)
    assert again.tolist() == status.tolist()
    # the exact bounds of each measure under the pattern give each primary cell its protection
    withheld = status != sdc.PUBLISHED
    for measure, (sensitive, upl) in r2.items():
        linked = sdc.LinkedTables(IDS, values[measure], GROUPS, NEVER)
        _, upper = sdc.audit_intervals(linked, withheld)
        assert (upper[sensitive] >= values[measure][sensitive] + upl[sensitive]).all()


def test_an_audit_that_cannot_pass_withholds_every_cell_with_figures():
    """a = 8 of a total of 10 that is always shown, with a protection of 5: no pattern lets a
    reach 13, so the tables fail closed (only the never-suppressed total stays)."""
    values = {"tekort": np.array([10.0, 8.0, 2.0])}
    tables = sdc.LinkedTables(
        ["total", "a", "b"], values["tekort"], [(0, [1, 2])], np.array([True, False, False])
    )
    sensitive = np.array([False, True, False])
    status, audit = sdc.protect_measures(
        tables, values, np.zeros(3, dtype=bool), {"tekort": (sensitive, np.array([0, 5.0, 0]))}
    )
    assert audit == {"tekort": False}
    assert status.tolist() == [sdc.PUBLISHED, sdc.PRIMARY, sdc.SECONDARY]
