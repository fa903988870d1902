"""Fixtures for the tekort_forecast tests: the oracle F toy and small synthetic base years."""

from pathlib import Path

import numpy as np
import pytest

from tekort_forecast import BaseYear, load_parameters

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def toy_params():
    return load_parameters(DATA / "oracle_f.toml")


@pytest.fixture(scope="session")
def params_2025():
    return load_parameters("2025")


def oracle_f_base(years: int = 2) -> BaseYear:
    """methods §5 F: one region, one sector, D0 = 1,468,800 / 14.4, pupils -0.5 %/yr."""
    pupils = 1_468_800 * 0.995 ** np.arange(years + 1)
    return BaseYear(
        year=2024,
        regions=["nl"],
        sectors=["toy"],
        formatie=[[1_468_800 / 14.4]],
        shortage=[[9_020.0]],
        pupils=pupils[None, None, :],
        graduates=[[3_000.0]],
        zij_instroom=[[1_200.0]],
        re_entrants=[[800.0]],
        stock=[[[40_000.0, 55_000.0, 34_000.0]]],
    )


def synthetic_base(
    regions: list[str],
    sectors: list[str],
    years: int,
    *,
    seed: int = 0,
    pupil_trend: float = 0.0,
    with_stock: bool = True,
    n_bands: int = 5,
) -> BaseYear:
    """Plausible random base data (each region a few thousand FTE)."""
    rng = np.random.default_rng(seed)
    shape = (len(regions), len(sectors))
    formatie = rng.uniform(500, 5_000, shape)
    growth = pupil_trend + rng.normal(0, 0.01, shape + (years,))
    pupils = (
        14.4
        * formatie[..., None]
        * np.exp(np.concatenate([np.zeros(shape + (1,)), np.cumsum(growth, axis=2)], axis=2))
    )
    return BaseYear(
        year=2025,
        regions=regions,
        sectors=sectors,
        formatie=formatie,
        shortage=formatie * rng.uniform(0.0, 0.15, shape),
        pupils=pupils,
        graduates=formatie * rng.uniform(0.02, 0.05, shape),
        zij_instroom=formatie * rng.uniform(0.005, 0.02, shape),
        re_entrants=formatie * rng.uniform(0.005, 0.02, shape),
        stock=rng.uniform(50, 1_500, shape + (n_bands,)) if with_stock else None,
    )
