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


def test_a_stratum_formed_by_a_merge_is_no_target_again_in_the_same_step():
    # in province P1: R1 and R2 thin (1 respondent each), R3 with 5. R1 (lexically first)
    # merges into R3; R3&R1 is no target again in the province step, so R2 stays thin until
    # the next step (here: the sector step, the frame having no landsdeel) joins it to R3&R1
    rows = [(f"{r}{i}", "bao", False, "GM1", r, "P1") for r in ("R1", "R2") for i in range(3)]
    rows += [(f"R3{i}", "bao", False, "GM1", "R3", "P1") for i in range(6)]
    responding = np.array([True, False, False] * 2 + [True] * 5 + [False])
    strata = build_strata(frame(rows), responding)
    assert strata.unresolved == []
    rule = dict(zip(strata.log.base_stratum, strata.log.rule, strict=True))
    # the log keeps the last rule that touched a base stratum: all three were in the sector
    # step's merge; as documented in §2.1 R2 would have joined R3&R1 in the province step
    assert rule == dict.fromkeys(("bao|R1|none", "bao|R2|none", "bao|R3|none"), "sector")
    assert set(strata.labels) == {"bao|R3|none&bao|R1|none&bao|R2|none"}
