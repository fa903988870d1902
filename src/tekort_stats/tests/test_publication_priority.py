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


def province_tables(priority=None):
    """nation = P1 + P2 (provinces); P1 = R1 + R2 (its regions' all-sector totals);
    R1 = po1 + vo1; R2 = po2 + vo2 (FTE). P2 has no regions in the table."""
    ids = ["nation", "P1", "P2", "R1", "R2", "po1", "vo1", "po2", "vo2"]
    values = [200.0, 100.0, 100.0, 60.0, 40.0, 45.0, 15.0, 30.0, 10.0]
    groups = [(0, [1, 2]), (1, [3, 4]), (3, [5, 6]), (4, [7, 8])]
    never = np.array([True] + [False] * 8)
    return disclosure.LinkedTables(ids, values, groups, never, priority)


def test_a_complement_that_would_force_a_po_or_vo_cell_gives_way():
    # vo1 withheld: R1's group takes the region total R1 (priority 0 before po1's 4). P1's
    # group then needs a second cell: its part R2 comes first by the old rule, but R2's group
    # would then need po2 or vo2 (priority 4); the province total P1 forces only P2
    # (priority 0), so P1 is taken, and the nation's group takes P2
    prio = np.array([0, 0, 0, 0, 0, 4, 4, 4, 4], dtype=float)
    assert withheld(province_tables(prio), ("vo1",)) == ["P1", "P2", "R1", "vo1"]


def test_equal_priorities_keep_the_old_pick_in_a_cascade():
    # every priority equal: nothing is forced above its own priority; R3 takes the part po1
    assert withheld(province_tables(), ("vo1",)) == ["po1", "vo1"]


def sector_tables(priority=None):
    """Three regions' po = bao + sbo; the nation's bao and sbo add up the regions'; nation =
    po1 + po2 + po3 = bao + sbo. sbo1 is sensitive (R2) and needs 4 FTE of room."""
    ids = ["nation", "bao", "sbo", "po1", "po2", "po3"]
    ids += ["bao1", "sbo1", "bao2", "sbo2", "bao3", "sbo3"]
    values = [135.0, 125.0, 10.0, 50.0, 42.0, 43.0, 45.0, 5.0, 40.0, 2.0, 40.0, 3.0]
    groups = [(0, [3, 4, 5]), (0, [1, 2]), (3, [6, 7]), (4, [8, 9]), (5, [10, 11])]
    groups += [(1, [6, 8, 10]), (2, [7, 9, 11])]
    never = np.array([True] + [False] * 11)
    return disclosure.LinkedTables(ids, values, groups, never, priority)


def protected(tables):
    primary = np.array([c == "sbo1" for c in tables.cell_ids])
    upl = np.where(primary, 4.0, 0.0)
    no_r1 = np.zeros(len(primary), dtype=bool)
    n = np.full(len(primary), 10)
    result = disclosure.protect(tables, no_r1, primary, upl, n, bounds=False)
    return result, dict(zip(tables.cell_ids, result.status, strict=True))


def test_the_audits_complement_comes_from_the_group_of_lowest_priority():
    # R3 withholds bao1, sbo2, bao2 beside sbo1, which then can rise by 2 only (sbo2's value):
    # the audit fails. sbo1's smallest group (po1 = bao1 + sbo1) offers only po1 (priority 4);
    # the nation's sbo column offers sbo3 (priority 2), which is taken, with bao3 for R3
    prio = np.array([0, 3, 3, 4, 4, 4, 2, 2, 2, 2, 2, 2], dtype=float)
    result, shown = protected(sector_tables(prio))
    assert result.audit_passed
    assert shown["po1"] == disclosure.PUBLISHED
    assert shown["sbo3"] == shown["bao3"] == disclosure.SECONDARY


def test_equal_priorities_keep_the_smallest_group_for_the_audit():
    result, shown = protected(sector_tables())
    assert result.audit_passed
    assert shown["po1"] == disclosure.SECONDARY
