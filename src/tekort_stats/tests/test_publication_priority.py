"""Publication priority (issue 23): a complement is taken among a group's cells of the lowest
priority, so that po and vo per region are withheld last; equal priorities keep R3 as before."""

import numpy as np

from tekort_stats import disclosure


def region_tables(priority=None):
    """nation = R1 + R2; R1 = po1 + vo1; R2 = po2 + vo2 (FTE); vo1 is withheld (primary)."""
    ids = ["nation", "R1", "R2", "po1", "vo1", "po2", "vo2"]
    values = [100.0, 60.0, 40.0, 45.0, 15.0, 30.0, 10.0]
    groups = [(0, [1, 2]), (1, [3, 4]), (2, [5, 6])]
    never = np.array([True] + [False] * 6)
    return disclosure.LinkedTables(ids, values, groups, never, priority)


def withheld(tables, primary=("vo1",)):
    start = np.array([c in primary for c in tables.cell_ids])
    mask = disclosure.secondary_suppression(tables, start)
    return sorted(c for c, s in zip(tables.cell_ids, mask, strict=True) if s)


def test_equal_priorities_take_a_part_before_the_total():
    # R1's group holds one withheld cell: its open part po1 is taken, as R3 always did
    assert withheld(region_tables()) == ["po1", "vo1"]


def test_a_region_total_of_lower_priority_gives_way_to_po_and_vo():
    # po / vo per region (priority 4) before the region's all-sector total (priority 1): R1 is
    # withheld instead of po1; the nation's group then needs a second region total, R2 (its
    # only open part), and R2's group a second cell, its smaller part vo2 (the price: where
    # few regions have a withheld cell, priority can withhold more cells, not fewer; the
    # demo's latest round gains 10 onderwijsregio × po/vo values, docs/methodology)
    tables = region_tables(np.array([0, 1, 1, 4, 4, 4, 4], dtype=float))
    assert withheld(tables) == ["R1", "R2", "vo1", "vo2"]
    assert "po1" not in withheld(tables)


def test_protect_takes_the_lower_priority_complement_for_the_audit():
    tables = region_tables(np.array([0, 1, 1, 4, 4, 4, 4], dtype=float))
    primary = np.array([c == "vo1" for c in tables.cell_ids])
    upl = np.where(primary, 5.0, 0.0)  # vo1 needs 5 FTE of room above its value
    result = disclosure.protect(tables, primary, primary, upl, np.full(7, 10), bounds=True)
    shown = dict(zip(tables.cell_ids, result.status, strict=True))
    assert shown["po1"] == disclosure.PUBLISHED and shown["R1"] == disclosure.SECONDARY
    assert result.audit_passed
    # vo1 is protected: R1 and R2 withheld, vo1 is only bounded by nation − po1 − po2 − vo2
    assert result.upper[4] >= 15.0 + 5.0
