"""Fixtures shared by every test suite (Django apps and framework-free cores alike)."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def find_shared_data_dir() -> Path:
    """The reference data folder: $TEKORT_DATA_DIR, else ../shared/data beside the checkout."""
    candidates = [os.environ.get("TEKORT_DATA_DIR"), REPO_ROOT.parent / "shared" / "data"]
    candidates.append("/work/shared/data")
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise RuntimeError(
        "The reference data folder was not found: set TEKORT_DATA_DIR to the shared/data folder."
    )


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    return find_shared_data_dir()
