"""Synthetic registration rounds with a known truth (for tests, the simulation and the bench).

Nothing here is real data: geography, boards and shortages are drawn from a seeded generator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tekort_stats.frame import COMPONENTS

FUNCTIONS = ("leraar", "intern_begeleider", "onderwijsassistent", "schoolleider")
_FUNCTION_SHARE = {
    "leraar": 1.0,
    "intern_begeleider": 0.08,
    "onderwijsassistent": 0.15,
    "schoolleider": 0.07,
}
_G5 = ("0363", "0599", "0518", "0344", "0034")  # Amsterdam, Rotterdam, Den Haag, Utrecht, Almere


def synthetic_frame(
    n_locations: int,
    rng: np.random.Generator,
    n_regions: int = 35,
    n_municipalities: int = 340,
    n_onderwijsregios: int = 50,
) -> pd.DataFrame:
    """A frame with the columns of README.md, G5 municipalities included (about 10 % of locations)."""
    n = n_locations
    region_of_mun = np.sort(rng.integers(0, n_regions, n_municipalities))
    mun_codes = np.array([f"{i:04d}" for i in range(1000, 1000 + n_municipalities)], dtype=object)
    mun_codes[: len(_G5)] = _G5
    mun_weight = rng.gamma(0.8, 1.0, n_municipalities)
    mun_weight[: len(_G5)] = mun_weight.sum() * 0.02
    mun = rng.choice(n_municipalities, size=n, p=mun_weight / mun_weight.sum())
    n_boards = max(n // 6, 3)
    board_mun = rng.choice(n_municipalities, size=n_boards, p=mun_weight / mun_weight.sum())
    # a location's board is mostly a board of its own municipality
    by_mun = pd.Series(np.arange(n_boards)).groupby(board_mun).apply(list).to_dict()
    board = np.array(
        [
            rng.choice(by_mun[m])
            if m in by_mun and rng.random() < 0.85
            else rng.integers(0, n_boards)
            for m in mun
        ]
    )
    sector = rng.choice(["bao", "sbo", "so", "vo"], size=n, p=[0.78, 0.05, 0.05, 0.12])
    band = rng.choice(["low", "middle", "high"], size=n).astype(object)
    band[sector == "vo"] = None
    province_of_region = np.arange(n_regions) % 12
    region = region_of_mun[mun]
    return pd.DataFrame(
        {
            "location_id": [f"L{i:06d}" for i in range(n)],
            "board_id": [f"B{b:05d}" for b in board],
            "sector": sector,
            "municipality_code": mun_codes[mun],
            "labour_market_region": [f"AMR{r:02d}" for r in region],
            "onderwijsregio": [f"OR{b % n_onderwijsregios:02d}" for b in board],
            "g5": np.isin(mun_codes[mun], _G5),
            "schoolweging_band": band,
            "formation_fte": np.round(rng.gamma(4.0, 3.0, n) + 2.0, 2),
            "province": [f"P{p:02d}" for p in province_of_region[region]],
            "landsdeel": [f"LD{p % 4}" for p in province_of_region[region]],
        }
    )


def synthetic_population(
    frame: pd.DataFrame, rng: np.random.Generator, functions=FUNCTIONS
) -> pd.DataFrame:
    """Every location's true figures per function (the census the estimators aim at)."""
    n = len(frame)
    base = (
        0.06
        + 0.06 * frame["g5"].to_numpy()
        + np.select(
            [frame["schoolweging_band"] == "high", frame["schoolweging_band"] == "low"],
            [0.03, -0.02],
            0.0,
        )
    )
    region_effect = pd.Series(rng.normal(0, 0.015, 64)).to_numpy()
    region_idx = frame["labour_market_region"].str[3:].astype(int).to_numpy()
    rows = []
    for fn in functions:
        f = np.round(
            frame["formation_fte"].to_numpy() * _FUNCTION_SHARE[fn] * rng.uniform(0.85, 1.15, n), 3
        )
        f = np.maximum(f, 0.1)
        rate = np.clip(base + region_effect[region_idx] + rng.normal(0, 0.04, n), 0, 0.45)
        rate = np.where(rng.random(n) < 0.25, 0.0, rate)  # many locations have no shortage
        share = rng.dirichlet([3.0, 2.0, 1.0, 1.0], size=n)
        y = f * rate
        row = {"location_id": frame["location_id"].to_numpy(), "function": fn, "formatie_fte": f}
        for j, c in enumerate(COMPONENTS):
            row[c] = y * share[:, j]
        rows.append(pd.DataFrame(row))
    return pd.concat(rows, ignore_index=True)


def respond(
    frame: pd.DataFrame,
    population: pd.DataFrame,
    rng: np.random.Generator,
    response_rate: float = 0.55,
) -> pd.DataFrame:
    """Location-level response: G5 complete (mandatory), elsewhere at random with this rate."""
    responding = frame["g5"].to_numpy() | (rng.random(len(frame)) < response_rate)
    ids = frame["location_id"].to_numpy()[responding]
    return population[population["location_id"].isin(ids)].reset_index(drop=True)
