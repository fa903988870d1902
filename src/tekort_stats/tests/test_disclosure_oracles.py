"""Oracle E (threshold rule, p%-rule, secondary suppression and LP audit) of methods.md §5."""

import numpy as np
import pytest

from tekort_stats import disclosure as sdc


def _top2(contribs):
    c = sorted(contribs, reverse=True) + [0.0, 0.0]
    return sum(contribs), c[0], c[1]


@pytest.mark.parametrize(
    ("contribs", "sensitive", "upl"),
    [
        ([6.0, 3.0, 0.5, 0.3, 0.2], False, 0.0),  # E1
        ([6.0, 3.5, 0.2, 0.2, 0.1], True, 0.1),  # E2
        ([4.0, 4.0], True, 0.4),  # E3
    ],
)
def test_oracle_e_p_rule(contribs, sensitive, upl):
    total, x1, x2 = _top2(contribs)
    s, u = sdc.p_rule(total, x1, x2, p=10)
    assert bool(s) is sensitive
    assert float(u) == pytest.approx(upl, rel=1e-12, abs=1e-15)


def test_oracle_e1_is_sensitive_under_2_85_dominance_but_safe_under_p10():
    total, x1, x2 = _top2([6.0, 3.0, 0.5, 0.3, 0.2])
    assert x1 + x2 > 0.85 * total  # (2,85) would suppress: the rule tekort does not use
    assert not sdc.p_rule(total, x1, x2, p=10)[0]


def test_oracle_e_threshold_rule():
    assert sdc.threshold_sensitive(4, 3)
    assert sdc.threshold_sensitive(5, 2)
    assert sdc.threshold_sensitive(2, 2)  # E3: two boards
    assert not sdc.threshold_sensitive(5, 3)


def test_zero_cell_is_not_p_rule_sensitive():
    s, u = sdc.p_rule(0.0, 0.0, 0.0)
    assert not s and u == 0.0


def test_top_two_aggregates_locations_per_board():
    cell = np.array([0, 0, 0, 0, 1, 1])
    board = np.array([7, 7, 8, 9, 1, 2])
    contribution = np.array([1.0, 2.0, 2.5, 0.5, 4.0, 4.0])
    total, x1, x2, n_boards = sdc.top_two_contributions(cell, board, contribution, 2)
    assert total.tolist() == [6.0, 8.0]
    assert x1.tolist() == [3.0, 4.0]  # board 7's two locations are one contributor
    assert x2.tolist() == [2.5, 4.0]
    assert n_boards.tolist() == [3, 2]


def e4_tables():
    # cells: A-low, A-mid, A-high, B-low, B-mid, B-high, A, B, low, mid, high, total
    ids = [
        "A-low",
        "A-mid",
        "A-high",
        "B-low",
        "B-mid",
        "B-high",
        "A",
        "B",
        "low",
        "mid",
        "high",
        "T",
    ]
    values = [4.0, 2.0, 6.0, 3.0, 5.0, 7.0, 12.0, 15.0, 7.0, 7.0, 13.0, 27.0]
    groups = [
        (6, [0, 1, 2]),
        (7, [3, 4, 5]),
        (8, [0, 3]),
        (9, [1, 4]),
        (10, [2, 5]),
        (11, [6, 7]),
        (11, [8, 9, 10]),
    ]
    never = np.zeros(12, dtype=bool)
    never[11] = True
    return sdc.LinkedTables(ids, values, groups, never)


def test_oracle_e4_secondary_suppression_and_lp_audit():
    t = e4_tables()
    total, x1, x2 = _top2([1.5, 0.4, 0.1])
    sens, upl_amid = sdc.p_rule(total, x1, x2)
    assert bool(sens) and float(upl_amid) == pytest.approx(0.05, rel=1e-12)
    primary_r2 = np.zeros(12, dtype=bool)
    primary_r2[1] = True
    upl = np.zeros(12)
    upl[1] = upl_amid
    res = sdc.protect(t, np.zeros(12, dtype=bool), primary_r2, upl)
    suppressed = {t.cell_ids[i] for i in np.flatnonzero(res.status != sdc.PUBLISHED)}
    assert suppressed == {"A-mid", "A-low", "B-low", "B-mid"}
    assert res.status[1] == sdc.PRIMARY and res.status[0] == sdc.SECONDARY
    lower, upper = sdc.audit_intervals(t, res.status != sdc.PUBLISHED)
    expected = {"A-mid": (0, 6), "A-low": (0, 6), "B-low": (1, 7), "B-mid": (1, 7)}
    for name, (lo, hi) in expected.items():
        i = t.cell_ids.index(name)
        assert lower[i] == pytest.approx(lo, abs=1e-9)
        assert upper[i] == pytest.approx(hi, abs=1e-9)
    assert res.upper[1] == pytest.approx(6.0, abs=1e-9)
    assert res.upper[1] >= 2.0 + 0.05
    assert res.audit_passed and res.failing == []


def test_audit_detects_a_recoverable_cell_and_protect_repairs_it():
    t = e4_tables()
    only = np.zeros(12, dtype=bool)
    only[[1, 4]] = True  # A-mid and B-mid alone: the column is fine, but row A gives A-mid exactly
    lo, hi = sdc.audit_intervals(t, only)
    assert lo[1] == pytest.approx(2.0) and hi[1] == pytest.approx(2.0)
    r1 = np.zeros(12, dtype=bool)
    r1[1] = True
    res = sdc.protect(t, r1, np.zeros(12, dtype=bool), np.zeros(12))
    assert res.audit_passed
    assert res.upper[1] - res.lower[1] > 0
