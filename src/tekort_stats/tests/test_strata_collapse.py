"""Collapse rules of methods.md §2.1 on small hand-made frames."""

import numpy as np
import pandas as pd

from tekort_stats.strata import build_strata


def frame(rows):
    columns = [
        "location_id",
        "sector",
        "g5",
        "municipality_code",
        "labour_market_region",
        "province",
    ]
    df = pd.DataFrame(rows, columns=columns)
    df["board_id"] = df["location_id"]
    df["onderwijsregio"] = "R"
    df["schoolweging_band"] = "none"
    df["formation_fte"] = 10.0
    return df


def test_a_thin_g5_stratum_merges_with_another_g5_city_never_with_the_rest():
    rows = [
        ("a1", "vso", True, "GM0034", "AM11", "PV24"),  # Almere: 1 of 2 respond -> thin
        ("a2", "vso", True, "GM0034", "AM11", "PV24"),
        ("r1", "vso", True, "GM0599", "AM22", "PV28"),  # Rotterdam: complete-ish, 2 of 3
        ("r2", "vso", True, "GM0599", "AM22", "PV28"),
        ("r3", "vso", True, "GM0599", "AM22", "PV28"),
        ("n1", "vso", False, "GM1680", "AM01", "PV22"),
        ("n2", "vso", False, "GM1680", "AM01", "PV22"),
    ]
    responding = np.array([True, False, True, True, False, True, True])
    strata = build_strata(frame(rows), responding)
    assert strata.unresolved == []
    labels = {strata.labels[c] for c in strata.code[:5]}
    assert len(labels) == 1  # both G5 cities in one stratum
    assert strata.labels[strata.code[5]] not in labels  # the rest stays apart


def test_a_thin_g5_stratum_without_a_g5_peer_in_its_sector_stays_unresolved():
    rows = [
        ("a1", "vso", True, "GM0034", "AM11", "PV24"),
        ("a2", "vso", True, "GM0034", "AM11", "PV24"),
        ("b1", "sbo", True, "GM0599", "AM22", "PV28"),
        ("b2", "sbo", True, "GM0599", "AM22", "PV28"),
    ]
    strata = build_strata(frame(rows), np.array([True, False, True, True]))
    assert len(strata.unresolved) == 1  # never across sectors
