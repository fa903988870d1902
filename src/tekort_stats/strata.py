"""Strata (sector x geography x schoolweging band) and the collapse rules (methods.md §2.1).

Geography: the labour-market region, with each G5 municipality its own stratum; for the small
sectors (sbo, (v)so) the province when the frame has one, G5 cities still separate.

Collapse (deterministic, recorded): a stratum needs ``n_h >= 2`` respondents unless complete
(``n_h = N_h >= 1``). A thin stratum is merged (1) with the adjacent schoolweging band in the same
sector x geography (into the middle band first); (2) if still thin, with another geography of the
same sector in the same province; (3) then within the same landsdeel; (4) as a last resort (tekort's addition, so that no variance stays undefined)
with another stratum of the same sector anywhere; (5) a thin G5 stratum, which steps 2-4 never
touch, with another G5 stratum of the same sector (another G5 city). Peers with the same band come first, then the
most respondents, then the lexically first label. Never across sectors, and G5 strata never with
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


def build_strata(frame: pd.DataFrame, responding: np.ndarray) -> Strata:
    """Base strata, then the collapse rules; frame must be in canonical (sorted) order."""
    geo = geography(frame)
    df = pd.DataFrame(
        {
            "sector": frame["sector"].to_numpy(),
            "geo": geo.to_numpy(),
            "band": frame["schoolweging_band"].to_numpy(),
            "g5": frame["g5"].to_numpy(),
            "r": responding.astype(int),
            "x": frame["formation_fte"].to_numpy(),
        }
    )
    df["province"] = frame["province"].to_numpy() if "province" in frame.columns else ""
    df["landsdeel"] = frame["landsdeel"].to_numpy() if "landsdeel" in frame.columns else ""
    df["base"] = df["sector"] + "|" + df["geo"] + "|" + df["band"]
    label = df["base"].copy()
    rule = pd.Series("", index=df.index)

    # step 1: bands within sector x geography
    counts = df.groupby(["sector", "geo", "band"], sort=True)["r"].agg(["sum", "size"])
    for (sector, geo_v), sub in counts.groupby(level=[0, 1], sort=True):
        n_b = {k[2]: int(v) for k, v in sub["sum"].items()}
        big_b = {k[2]: int(v) for k, v in sub["size"].items()}
        groups = _band_groups(list(n_b), n_b, big_b)
        for g in groups:
            if len(g) > 1:
                mask = (df["sector"] == sector) & (df["geo"] == geo_v) & df["band"].isin(g)
                label[mask] = f"{sector}|{geo_v}|{'+'.join(g)}"
                rule[mask] = "band"

    # steps 2 and 3: geographies within province, then landsdeel (never G5, never across sectors)
    df["nation"] = "NL"
    for step, area_col, among_g5 in (
        ("province", "province", False),
        ("landsdeel", "landsdeel", False),
        ("sector", "nation", False),
        ("g5", "nation", True),
    ):
        stats = (
            df.assign(label=label)
            .groupby("label", sort=True)
            .agg(
                n=("r", "sum"),
                N=("r", "size"),
                sector=("sector", "first"),
                g5=("g5", "first"),
                area=(
                    area_col,
                    "first",
                ),  # a geography lies in one province (first location if not)
            )
        )
        thin = stats[
            _thin(stats["n"], stats["N"]) & (stats["g5"] == among_g5) & (stats["area"] != "")
        ]
        for lab, row in thin.iterrows():
            current = df.assign(label=label).groupby("label", sort=True)["r"].agg(["sum", "size"])
            if lab not in current.index or not _thin(
                current.loc[lab, "sum"], current.loc[lab, "size"]
            ):
                continue
            peers = stats[
                (stats["sector"] == row["sector"])
                & (stats["g5"] == among_g5)
                & (stats["area"] == row["area"])
                & (stats.index != lab)
            ]
            peers = [p for p in peers.index if p in current.index]
            if not peers:
                continue
            band = lab.rsplit("|", 1)[-1]
            target = sorted(
                peers, key=lambda p: (p.rsplit("|", 1)[-1] != band, -current.loc[p, "sum"], p)
            )[0]
            merged = f"{target}&{lab}"
            mask = label.isin([lab, target])
            label[mask] = merged
            rule[label == merged] = step

    codes, uniques = pd.factorize(label, sort=True)
    n_h = np.bincount(codes, weights=df["r"].to_numpy(), minlength=len(uniques)).astype(np.int64)
    big_n = np.bincount(codes, minlength=len(uniques)).astype(np.int64)
    x_h = np.bincount(codes, weights=df["x"].to_numpy(), minlength=len(uniques))
    unresolved = [str(uniques[h]) for h in np.flatnonzero(_thin(n_h, big_n))]
    log = (
        pd.DataFrame({"base_stratum": df["base"], "stratum": label, "rule": rule})
        .drop_duplicates()
        .sort_values(["base_stratum"], kind="stable")
        .reset_index(drop=True)
    )
    log = log[log["base_stratum"] != log["stratum"]].reset_index(drop=True)
    return Strata(
        codes.astype(np.int64), [str(u) for u in uniques], n_h, big_n, x_h, log, unresolved
    )
