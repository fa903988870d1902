"""Strata (sector x geography x schoolweging band) and the collapse rules (methods.md §2.1).

Geography: the labour-market region, with each G5 municipality its own stratum; for the small
sectors (sbo, (v)so) the province when the frame has one, G5 cities still separate.

Collapse (deterministic, recorded): a stratum needs ``n_h >= 2`` respondents unless complete
(``n_h = N_h >= 1``). A thin stratum is merged (1) with the adjacent schoolweging band in the same
sector x geography (into the middle band first); (2) if still thin, with another geography of the
same sector in the same province; (3) then within the same landsdeel; (4) as a last resort (tekort's addition, so that no variance stays undefined)
with another stratum of the same sector anywhere; (5) a thin G5 stratum, which steps 2-4 never
touch, with another G5 stratum of the same sector (another G5 city). Peers with the same band come first, then the
most respondents, then the lexically first label.

How a step of 2-5 runs (as implemented; methods.md §2.1 leaves it open): the strata thin at the
start of the step are taken in lexical order of their labels; each merges into one peer that
existed at the start of the step and has not yet taken part in a merge in this step. A stratum
formed by a merge is never a merge target again in the same step, and if it is still thin it
waits for the next step (which sees it as an ordinary stratum). So a second thin stratum whose
only peer was already used stays thin until a later step. The log keeps, per base stratum, the
last rule that merged it. Never across sectors, and G5 strata never with
non-G5 strata. A stratum that stays thin is kept and reported ``unresolved`` (its variance is
undefined).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort_stats.frame import BANDS, SMALL_SECTORS


def geography(frame: pd.DataFrame) -> pd.Series:
    """The stratum geography per location."""
    small = frame["sector"].isin(SMALL_SECTORS)
    geo = frame["labour_market_region"].copy()
    if "province" in frame.columns:
        geo = geo.where(~small, frame["province"])
    return geo.where(~frame["g5"], "G5:" + frame["municipality_code"])


@dataclass(frozen=True)
class Strata:
    code: np.ndarray  # stratum code per frame location
    labels: list[str]  # label per stratum code
    n_h: np.ndarray  # respondents per stratum
    N_h: np.ndarray  # frame locations per stratum
    X_h: np.ndarray  # registry formation_fte per stratum
    log: pd.DataFrame  # base stratum -> final stratum, and the rule that merged it
    unresolved: list[str]


def _thin(n, big_n):
    return (n < 2) & ~((n == big_n) & (big_n >= 1))


def _band_groups(bands_present, n_by_band, big_n_by_band):
    """Merge thin bands into neighbours: lists of band groups (step 1)."""
    order = [b for b in (*BANDS, "none") if b in bands_present]
    groups = [[b] for b in order]

    def stats(g):
        return sum(n_by_band[b] for b in g), sum(big_n_by_band[b] for b in g)

    while len(groups) > 1:
        thin = [g for g in groups if _thin(*stats(g))]
        if not thin:
            break
        g = thin[0]
        i = groups.index(g)
        has_middle = [("middle" in x) for x in groups]
        if "middle" not in g and any(has_middle):
            j = has_middle.index(True)
        else:
            j = i - 1 if i > 0 else i + 1  # the lower neighbour first
        a, b = sorted((i, j))
        groups[a] = groups[a] + groups[b]
        del groups[b]
    return groups


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[name].to_numpy(dtype=object)


def _first_valid(values: np.ndarray, base_of: np.ndarray, n_bases: int):
    """Per base: frame position and value of its first location with a value (like groupby
    ``first``, which skips missing values); position ``len(values)`` if it has none."""
    valid = pd.notna(values)
    pos = np.full(n_bases, len(values), dtype=np.int64)
    np.minimum.at(pos, base_of[valid], np.flatnonzero(valid))
    vals = [values[p] if p < len(values) else np.nan for p in pos]
    return pos, vals


def _label_sums(members: dict, bases) -> dict:
    return {
        lab: (sum(bases.n[b] for b in bs), sum(bases.N[b] for b in bs))
        for lab, bs in members.items()
    }


def _merge_step(bases, label: list, rule: list, step: str, area, among_g5: bool):
    """One of collapse steps 2-5 on the base strata (``label`` and ``rule`` updated in place).

    A label's sector, G5 flag and area are those of its first location (frame order)."""
    members: dict[str, list[int]] = {}
    for b, lab in enumerate(label):
        members.setdefault(lab, []).append(b)
    stats = _label_sums(members, bases)
    area_pos, area_val = area
    attrs = {}
    for lab, bs in members.items():
        head = min(bs, key=lambda b: bases.first[b])
        with_area = min(bs, key=lambda b: area_pos[b])
        attrs[lab] = (bases.sector[head], bases.g5[head], area_val[with_area])
    ordered = sorted(stats)
    thin = [
        lab
        for lab in ordered
        if _thin(*stats[lab]) and attrs[lab][1] == among_g5 and attrs[lab][2] != ""
    ]
    for lab in thin:
        current = _label_sums(members, bases)
        if lab not in current or not _thin(*current[lab]):
            continue
        sector, _, area_v = attrs[lab]
        peers = [
            p
            for p in ordered
            if attrs[p][0] == sector
            and attrs[p][1] == among_g5
            and attrs[p][2] == area_v
            and p != lab
            and p in current
        ]
        if not peers:
            continue
        band = lab.rsplit("|", 1)[-1]
        target = sorted(peers, key=lambda p: (p.rsplit("|", 1)[-1] != band, -current[p][0], p))[0]
        merged = f"{target}&{lab}"
        moved = members.pop(lab) + members.pop(target)
        members.setdefault(merged, []).extend(moved)
        for b in members[merged]:
            label[b] = merged
            rule[b] = step


@dataclass(frozen=True)
class _Bases:
    """Base strata (sector x geography x band): counts and the attributes of the first location."""

    key: list[str]  # "sector|geo|band"
    sector: list[str]
    geo: list[str]
    band: list[str]
    g5: list[bool]
    n: list[int]  # respondents
    N: list[int]  # frame locations
    first: list[int]  # frame position of the first location


def build_strata(frame: pd.DataFrame, responding: np.ndarray) -> Strata:
    """Base strata, then the collapse rules; frame must be in canonical (sorted) order.

    The rules run on the base strata (a few hundred), never on the locations."""
    sector = _column(frame, "sector")
    geo = geography(frame).to_numpy(dtype=object)
    band = _column(frame, "schoolweging_band")
    g5 = frame["g5"].to_numpy(dtype=bool)
    r = responding.astype(int)
    combo = np.zeros(len(frame), dtype=np.int64)
    for values in (sector, geo, band):
        codes, uniques = pd.factorize(values)
        if (codes < 0).any():
            raise ValueError("sector, geography and band must be known for every location")
        combo = combo * len(uniques) + codes
    _, first, base_of = np.unique(combo, return_index=True, return_inverse=True)
    base_of = base_of.ravel()
    n_b = np.bincount(base_of, weights=r, minlength=first.size).astype(np.int64)
    big_b = np.bincount(base_of, minlength=first.size)
    bases = _Bases(
        [f"{sector[i]}|{geo[i]}|{band[i]}" for i in first],
        [sector[i] for i in first],
        [geo[i] for i in first],
        [band[i] for i in first],
        [bool(g5[i]) for i in first],
        [int(v) for v in n_b],
        [int(v) for v in big_b],
        [int(i) for i in first],
    )
    label = list(bases.key)
    rule = [""] * len(label)

    # step 1: bands within sector x geography
    cells: dict[tuple[str, str], list[int]] = {}
    for b in range(len(label)):
        cells.setdefault((bases.sector[b], bases.geo[b]), []).append(b)
    for (sector_v, geo_v), bs in cells.items():
        if not any(_thin(bases.n[b], bases.N[b]) for b in bs):
            continue  # nothing to merge
        n_by = {bases.band[b]: bases.n[b] for b in bs}
        big_by = {bases.band[b]: bases.N[b] for b in bs}
        for g in _band_groups(sorted(n_by), n_by, big_by):
            if len(g) > 1:
                for b in bs:
                    if bases.band[b] in g:
                        label[b] = f"{sector_v}|{geo_v}|{'+'.join(g)}"
                        rule[b] = "band"

    # steps 2-5: geographies within province, then landsdeel, then sector, then G5 among G5
    province = _first_valid(_column(frame, "province"), base_of, first.size)
    landsdeel = _first_valid(_column(frame, "landsdeel"), base_of, first.size)
    nation = (first.copy(), ["NL"] * first.size)
    for step, area, among_g5 in (
        ("province", province, False),
        ("landsdeel", landsdeel, False),
        ("sector", nation, False),
        ("g5", nation, True),
    ):
        _merge_step(bases, label, rule, step, area, among_g5)

    labels = sorted(set(label))
    code_of = {lab: i for i, lab in enumerate(labels)}
    codes = np.array([code_of[lab] for lab in label], dtype=np.int64)[base_of]
    n_h = np.bincount(codes, weights=r, minlength=len(labels)).astype(np.int64)
    big_n = np.bincount(codes, minlength=len(labels)).astype(np.int64)
    x_h = np.bincount(codes, weights=frame["formation_fte"].to_numpy(), minlength=len(labels))
    unresolved = [labels[h] for h in np.flatnonzero(_thin(n_h, big_n))]
    changed = sorted(
        (key, lab, rl) for key, lab, rl in zip(bases.key, label, rule, strict=True) if key != lab
    )
    log = pd.DataFrame(
        {
            "base_stratum": pd.Series([c[0] for c in changed], dtype="str"),
            "stratum": pd.Series([c[1] for c in changed], dtype="str"),
            "rule": pd.Series([c[2] for c in changed], dtype="str"),
        }
    )
    return Strata(codes, labels, n_h, big_n, x_h, log, unresolved)
