"""Attacks on the published set, as an outsider would mount them (issue 24).

Each attack is an LP the outsider solves from the published figures only, rounded as published
(FTE to 5, percentages to 0.1, counts exact), with every relation a reader can use: the margins
of the tables, the nesting of the geography (municipality within labour-market region and
province, G5), the small-area model's benchmark to the regions, and the earlier versions of the
same round. The relations are built here from the frame, independently of the audit's own
``_linked_tables``. Every test passes only when the attack fails: each suppressed cell's
feasible interval stays wider than the p % rule's protection (``p/100`` of the value above it),
and a suppressed count is never exactly derivable.

The frame is small and built by hand so that each attack has something to find: a municipality
(M1) with two responding locations from two boards (R1) in a province whose other municipalities
are published, the table's smallest municipality (the natural complement) in another province.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

from tekort_stats import estimate_round
from tekort_stats.disclosure import DEFAULT_P, PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.domains import partitions
from tekort_stats.estimate import _linked_tables, model_disclosure
from tekort_stats.synthetic import synthetic_frame

BREAKDOWNS = ["province", "labour_market_region", "g5", "municipality_code"]
# municipality -> (labour-market region, province, locations, shortage FTE per location)
GEOGRAPHY = {
    "M1": ("R1", "P1", 2, 3.0),
    "M2": ("R1", "P1", 6, 4.0),
    "M3": ("R1", "P1", 6, 5.5),
    "M4": ("R2", "P1", 6, 7.0),
    "M5": ("R3", "P2", 6, 6.0),
    "M6": ("R3", "P2", 6, 7.5),
    "M7": ("R3", "P2", 6, 1.2),
    "M8": ("R4", "P2", 6, 5.0),
    "M9": ("R4", "P2", 6, 6.5),
}
SHARES = (0.4, 0.3, 0.2, 0.1)
COMPONENTS = ("regulier_openstaand", "regulier_verborgen", "vervanging_openstaand")
COMPONENTS += ("vervanging_verborgen",)
FTE_STEP = 5.0
RATE_STEP = 0.001  # a percentage to 0.1


def make_round(bump: dict | None = None, seed: int = 7):
    """Frame and responses (everyone responds); ``bump``: location id -> extra shortage FTE."""
    rng = np.random.default_rng(seed)
    rows, resp = [], []
    for mun, (region, province, n, fte) in GEOGRAPHY.items():
        for k in range(n):
            loc = f"{mun}-{k}"
            formatie = float(np.round(rng.uniform(15.0, 25.0), 2))
            rows.append(
                {
                    "location_id": loc,
                    "board_id": f"B-{loc}",
                    "sector": "bao",
                    "municipality_code": mun,
                    "labour_market_region": region,
                    "onderwijsregio": "OR1",
                    "g5": mun == "M6",
                    "schoolweging_band": "middle",
                    "formation_fte": formatie,
                    "province": province,
                    "landsdeel": "LD1",
                }
            )
            y = fte * rng.uniform(0.8, 1.2) + (bump or {}).get(loc, 0.0)
            resp.append(
                {
                    "location_id": loc,
                    "function": "leraar",
                    "formatie_fte": formatie,
                    **{c: y * s for c, s in zip(COMPONENTS, SHARES, strict=True)},
                }
            )
    return pd.DataFrame(rows), pd.DataFrame(resp)


def estimate(frame, responses, **kwargs):
    return estimate_round(
        frame, responses, BREAKDOWNS, rng=np.random.default_rng(1), n_bootstrap=0, **kwargs
    )


def shortage_cells(result) -> pd.DataFrame:
    cells = result.cells
    return cells[(cells["measure"] == "tekort")].reset_index(drop=True)


def outsider_groups(cells: pd.DataFrame, frame: pd.DataFrame) -> list[tuple[int, list[int]]]:
    """(total, parts) a reader forms from the tables and the public geography."""
    key = {
        (b, d): i for i, (b, d) in enumerate(zip(cells["breakdown"], cells["domain"], strict=True))
    }
    nation = key[("national", "national")]
    groups = []
    for b in BREAKDOWNS:
        groups.append((nation, [i for (bb, _d), i in key.items() if bb == b]))
    geo = frame.drop_duplicates("municipality_code")
    for col in ("province", "labour_market_region", "g5"):
        parents: dict = {}
        for mun, parent in zip(geo["municipality_code"], geo[col].astype(str), strict=True):
            parents.setdefault(parent, []).append(
                key[("municipality_code", f"municipality_code={mun}")]
            )
        for parent, members in parents.items():
            groups.append((key[(col, f"{col}={parent}")], members))
    return groups


def interval_lp(n, groups, lower, upper, target):
    """[min, max] of x[target] subject to every group's sum and the bounds."""
    a = lil_matrix((len(groups), n))
    for g, (total, members) in enumerate(groups):
        a[g, total] = -1.0
        for m in members:
            a[g, m] += 1.0
    a = a.tocsr()
    bounds = list(zip(lower, upper, strict=True))
    e = np.zeros(n)
    e[target] = 1.0
    lo = linprog(e, A_eq=a, b_eq=np.zeros(len(groups)), bounds=bounds, method="highs")
    hi = linprog(-e, A_eq=a, b_eq=np.zeros(len(groups)), bounds=bounds, method="highs")
    assert lo.status == 0 and hi.status == 0
    return lo.fun, -hi.fun


def published_bounds(cells, column, step):
    """What a reader knows of each cell's ``column``: the rounded figure +- half a step for a
    published cell (exact when ``step`` is 0), [0, inf) for a suppressed one."""
    shown = cells["disclosure_status"].to_numpy() == PUBLISHED
    value = cells[column].to_numpy(dtype=float)
    rounded = np.round(value / step) * step if step else value
    half = step / 2.0
    lower = np.where(shown, np.maximum(rounded - half, 0.0), 0.0)
    upper = [float(rounded[i] + half) if shown[i] else None for i in range(len(cells))]
    return lower, upper


def protection(value):
    return DEFAULT_P / 100.0 * value


@pytest.fixture(scope="module")
def round_v1():
    frame, responses = make_round()
    return frame, responses, estimate(frame, responses)


def _primary_municipality(cells):
    prim = cells[(cells["disclosure_status"] == PRIMARY)]
    assert "municipality_code=M1" in set(prim["domain"])  # the attack has a target
    return prim.index.to_numpy()


def test_hierarchy_attack_leaves_every_primary_cell_its_protection(round_v1):
    """municipality within province / region / G5: the FTE of a suppressed municipality."""
    frame, _responses, result = round_v1
    cells = shortage_cells(result)
    groups = outsider_groups(cells, frame)
    lower, upper = published_bounds(cells, "fte", FTE_STEP)
    for i in _primary_municipality(cells):
        lo, hi = interval_lp(len(cells), groups, lower, upper, i)
        value = cells["fte"][i]
        assert hi - value >= protection(value), (cells["domain"][i], lo, hi, value)


def test_hierarchy_attack_on_exact_values_too(round_v1):
    """The protection holds on the unrounded figures: it does not rest on rounding to 5."""
    frame, _responses, result = round_v1
    cells = shortage_cells(result)
    groups = outsider_groups(cells, frame)
    lower, upper = published_bounds(cells, "fte", 0.0)
    for i in _primary_municipality(cells):
        _lo, hi = interval_lp(len(cells), groups, lower, upper, i)
        value = cells["fte"][i]
        assert hi - value >= protection(value) - 1e-9, (cells["domain"][i], hi, value)


def test_counts_of_suppressed_cells_are_not_derivable(round_v1):
    """Respondent counts are published beside published cells: a suppressed cell's count must
    not follow exactly from them through the same sums."""
    frame, _responses, result = round_v1
    cells = shortage_cells(result)
    groups = outsider_groups(cells, frame)
    lower, upper = published_bounds(cells, "n_responding", 0.0)
    suppressed = np.flatnonzero(cells["disclosure_status"].to_numpy() == PRIMARY)
    for i in suppressed:
        lo, hi = interval_lp(len(cells), groups, lower, upper, i)
        assert hi - lo >= 1.0, (cells["domain"][i], lo, hi)


def test_benchmark_attack_leaves_withheld_model_rates_protected(round_v1):
    """The model rates of a region, weighted by formatie, add up to the region's direct rate
    (the benchmark): a withheld model rate must not follow from the published ones."""
    frame, _responses, result = round_v1
    sae = result.small_area
    assert len(sae) and "disclosure_status" in sae
    withheld = sae[sae["disclosure_status"] != PUBLISHED]
    assert len(withheld)  # the attack has a target
    cells = shortage_cells(result)
    region_rate = {
        d: (r, s)
        for d, r, s in zip(cells["domain"], cells["rate"], cells["disclosure_status"], strict=True)
        if d.startswith("labour_market_region=")
    }
    formatie = frame.groupby("municipality_code")["formation_fte"].sum()  # the public register
    for _, row in withheld.iterrows():
        rate, status = region_rate[row["region"]]
        if status != PUBLISHED:
            continue  # no published target: nothing to subtract from
        same = sae[sae["region"] == row["region"]]
        others = same[same["domain"] != row["domain"]]
        if (others["disclosure_status"] != PUBLISHED).any():
            hidden = others[others["disclosure_status"] != PUBLISHED]
            # another withheld rate in the region: the outsider knows only their joint sum
            joint = (hidden["model_rate"] * formatie[_mun(hidden)].to_numpy()).sum()
            assert joint >= protection(row["model_rate"] * formatie[_mun(row)])
            continue
        f = formatie[_mun(row)]
        total = formatie[[_mun(r) for _, r in same.iterrows()]].sum()
        rest = np.round(others["model_rate"] / RATE_STEP) * RATE_STEP
        rest_f = formatie[_mun(others)].to_numpy()
        shown = np.round(rate / RATE_STEP) * RATE_STEP
        centre = (shown * total - (rest * rest_f).sum()) / f
        half = RATE_STEP / 2 * (total + rest_f.sum()) / f
        assert half >= protection(row["model_rate"]), (row["domain"], centre, half)


def _mun(rows):
    if isinstance(rows, pd.Series):
        return rows["domain"].split("=", 1)[1]
    return [d.split("=", 1)[1] for d in rows["domain"]]


def _earlier(result):
    """What a run knows of an earlier version: cell -> (its shortage FTE then, withheld)."""
    cells = shortage_cells(result)
    return {
        (f, b, d): (v, s != PUBLISHED)
        for f, b, d, v, s in zip(
            cells["function"],
            cells["breakdown"],
            cells["domain"],
            cells["fte"],
            cells["disclosure_status"],
            strict=True,
        )
    }


def test_revision_attack_reading_v1_with_v2(round_v1):
    """A corrected v2 (one location's figures changed) read with v1: the cells whose domain
    does not hold the corrected location are the same quantity in both versions, so the outsider
    solves both versions' sums at once. v2 is estimated with v1's withheld cells kept withheld
    (as ``estimates.run`` does for a round with an earlier release)."""
    frame, responses, v1 = round_v1
    c1 = shortage_cells(v1)
    # the correction lifts M2 (v1's natural complement in P1) above its neighbours
    frame2, responses2 = make_round(bump={f"M2-{k}": 4.0 for k in range(6)})
    v2 = estimate(frame2, responses2, earlier=_earlier(v1))
    c2 = shortage_cells(v2)
    assert list(c1["domain"]) == list(c2["domain"])
    n = len(c1)
    groups = outsider_groups(c1, frame)
    both = groups + [(t + n, [m + n for m in ms]) for t, ms in groups]
    # on the exact figures: rounding to 5 must not be what protects the cell
    lo1, up1 = published_bounds(c1, "fte", 0.0)
    lo2, up2 = published_bounds(c2, "fte", 0.0)
    lower, upper = np.concatenate([lo1, lo2]), up1 + up2
    changed_domains = {"national", "province=P1", "labour_market_region=R1"}
    changed_domains |= {"municipality_code=M2", "g5=False"}
    # unchanged cells: v1's and v2's value are one quantity (x_v1 - x_v2 = 0)
    ties = [(i, [i + n]) for i in range(n) if c1["domain"][i] not in changed_domains]
    for i in np.flatnonzero(c2["disclosure_status"].to_numpy() == PRIMARY):
        lo, hi = interval_lp(2 * n, both + ties, lower, upper, i + n)
        value = c2["fte"][i]
        assert hi - value >= protection(value) - 1e-9, (c2["domain"][i], lo, hi, value)


def test_keep_suppressed_only_holds_unchanged_cells(round_v1):
    """A cell withheld in v1 whose value the correction changed is audited afresh in v2."""
    _frame, _responses, v1 = round_v1
    c1 = shortage_cells(v1)
    earlier = _earlier(v1)
    frame2, responses2 = make_round(bump={f"M2-{k}": 4.0 for k in range(6)})
    c2 = shortage_cells(estimate(frame2, responses2, earlier=earlier))
    status2 = dict(zip(c2["domain"], c2["disclosure_status"], strict=True))
    value2 = dict(zip(c2["domain"], c2["fte"], strict=True))
    for (_f, _b, d), (v, withheld) in earlier.items():
        if withheld and abs(value2[d] - v) <= 1e-9 * (1 + abs(v)):
            assert status2[d] != PUBLISHED, d
    assert set(c1["domain"]) == set(c2["domain"])


def test_benchmark_complement_when_the_direct_pattern_leaves_one_rate_alone(round_v1):
    """The model's own rule: a region whose other direct cells are published still withholds a
    second model rate, so the benchmark does not give the withheld one back."""
    frame, _responses, result = round_v1
    sae = result.small_area.reset_index(drop=True)
    regions = sorted(sae["region"].unique())
    region_of_area = np.array([regions.index(r) for r in sae["region"]])
    direct = np.where(sae["domain"] == "municipality_code=M1", PRIMARY, PUBLISHED)
    formatie = frame.groupby("municipality_code")["formation_fte"].sum()
    area_f = formatie[_mun(sae)].to_numpy()
    gamma = np.ones(len(sae))
    status = model_disclosure(
        direct,
        gamma,
        sae["model_rate"].to_numpy(),
        area_f,
        region_of_area,
        np.full(len(regions), PUBLISHED),
        DEFAULT_P,
    )
    m1 = int(np.flatnonzero(sae["domain"] == "municipality_code=M1")[0])
    assert status[m1] == PRIMARY
    same = region_of_area == region_of_area[m1]
    hidden = np.flatnonzero(same & (status != PUBLISHED))
    assert len(hidden) >= 2 and (status[hidden] != PUBLISHED).all()
    assert set(status[hidden]) <= {PRIMARY, SECONDARY}
    # what the outsider gets: the joint formatie-weighted rate of the withheld ones
    joint = (sae["model_rate"].to_numpy()[hidden] * area_f[hidden]).sum()
    own = sae["model_rate"][m1] * area_f[m1]
    assert joint - own >= protection(own)
    # a light model (mostly borrowed strength) is published by the model's rule
    light = model_disclosure(
        direct,
        np.full(len(sae), 0.2),
        sae["model_rate"].to_numpy(),
        area_f,
        region_of_area,
        np.full(len(regions), PUBLISHED),
        DEFAULT_P,
    )
    assert (light == PUBLISHED).all()


def test_the_audit_finds_the_nesting_on_the_frame():
    """municipality in region in province, municipality in G5; the onderwijsregio (by board)
    nests in nothing; only covering pairs (municipality -> province goes through the region)."""
    rng = np.random.default_rng(3)
    frame = synthetic_frame(900, rng, n_regions=24, n_municipalities=60, n_onderwijsregios=4)
    specs = ["national", "g5", "labour_market_region", "municipality_code", "onderwijsregio"]
    specs.append("province")
    parts = partitions(frame, specs)
    tables, offsets = _linked_tables(parts, [np.zeros(len(p.keys)) for p in parts])
    start = dict(zip([p.breakdown for p in parts], offsets, strict=True))
    stop = {p.breakdown: start[p.breakdown] + len(p.keys) for p in parts}

    def breakdown(cell):
        return next(b for b in start if start[b] <= cell < stop[b])

    pairs = {(breakdown(g[1][0]), breakdown(g[0])) for g in tables.groups}
    assert ("municipality_code", "labour_market_region") in pairs
    assert ("labour_market_region", "province") in pairs
    assert ("municipality_code", "g5") in pairs
    assert ("municipality_code", "province") not in pairs  # through the region
    assert not any("onderwijsregio" in pair and "national" not in pair for pair in pairs)
    # each region is the sum of exactly its municipalities
    mun = parts[[p.breakdown for p in parts].index("municipality_code")]
    reg = parts[[p.breakdown for p in parts].index("labour_market_region")]
    for total, members in tables.groups:
        if breakdown(total) == "labour_market_region" and breakdown(members[0]) != "national":
            k = total - start["labour_market_region"]
            want = np.unique(mun.code[reg.code == k]) + start["municipality_code"]
            assert sorted(members.tolist()) == want.tolist()


def test_measure_sums_do_not_narrow_a_primary_cell(round_v1):
    """The measures of a domain add up (shortage = open + hidden = the four components): a
    reader who solves every measure's tables at once must not bound a primary cell's shortage
    tighter than the p % protection."""
    frame, _responses, result = round_v1
    cells = result.cells
    measures = list(dict.fromkeys(cells["measure"]))
    tables = {m: cells[cells["measure"] == m].reset_index(drop=True) for m in measures}
    base = tables["tekort"]
    n = len(base)
    for m in measures:
        assert list(tables[m]["domain"]) == list(base["domain"])
    groups = []
    for k in range(len(measures)):
        groups += [(t + k * n, [i + k * n for i in ms]) for t, ms in outsider_groups(base, frame)]
    at = {m: k for k, m in enumerate(measures)}
    sums = [
        ("tekort", ("openstaand", "verborgen")),
        ("openstaand", ("regulier_openstaand", "vervanging_openstaand")),
        ("verborgen", ("regulier_verborgen", "vervanging_verborgen")),
    ]
    for total, parts in sums:
        for i in range(n):
            groups.append((at[total] * n + i, [at[p] * n + i for p in parts]))
    lower, upper = [], []
    for m in measures:
        lo, up = published_bounds(tables[m], "fte", 0.0)
        lower.append(lo)
        upper += up
    lower = np.concatenate(lower)
    for i in _primary_municipality(base):
        _lo, hi = interval_lp(len(measures) * n, groups, lower, upper, at["tekort"] * n + i)
        value = base["fte"][i]
        assert hi - value >= protection(value) - 1e-9, (base["domain"][i], hi, value)
