"""The cell table: one row per function x breakdown x domain x measure, built in one go.

``estimate_round`` hands over one *block* per function x breakdown: (n_measures x n_domains)
arrays, per-domain arrays (the same for every measure) and scalars. Rows run measure-major inside
a block, blocks in the order given. Text columns are categorical with their distinct values sorted
(few distinct values, cheap to build and to filter); the codes are computed from the blocks'
structure instead of factorizing 100,000+ strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# the design-based estimate of a cell: rate and FTE with their standard errors and intervals
ESTIMATE_COLUMNS = (
    "rate",
    "fte",
    "se_rate",
    "ci_low",
    "ci_high",
    "df_rate",
    "se_fte",
    "ci_fte_low",
    "ci_fte_high",
)
CELL_COLUMNS = (
    "function",
    "breakdown",
    "domain",
    "measure",
    *ESTIMATE_COLUMNS,
    "boot_se_rate",
    "boot_ci_low",
    "boot_ci_high",
    "n_responding",
    "n_frame",
    "n_boards_responding",
    "response_rate",
    "response_rate_formatie",
    "quality_class",
    "quality_class_fte",
    "disclosure_status",
    "symbol",
    "method_id",
    "method_version",
)
# the same value for a whole block
BLOCK_TEXT = ("function", "breakdown", "method_id", "method_version")
# one value per domain, the same for every measure
DOMAIN_COLUMNS = (
    "n_responding",
    "n_frame",
    "n_boards_responding",
    "response_rate",
    "response_rate_formatie",
    "disclosure_status",
)
COUNT_COLUMNS = ("n_responding", "n_frame", "n_boards_responding")
# text with one value per row, from a small set
ROW_TEXT = ("quality_class", "quality_class_fte", "symbol")


@dataclass(frozen=True)
class Block:
    """One function x breakdown: ``values`` maps every column but function/breakdown/domain/
    measure/method_* to an (n_measures x n_domains) array (``DOMAIN_COLUMNS``: n_domains)."""

    function: str
    breakdown: str
    domains: list[str]
    measures: list[str]
    values: dict
    method_id: str
    method_version: str


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, pd.Index(categories, dtype=object))


def _text_codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Codes into the sorted distinct values of a text array with few distinct values."""
    values = np.asarray(values)
    if values.dtype.kind == "U" and values.size:
        # few distinct values: compare with each instead of hashing every row
        seen, rest = [], np.ones(values.shape, dtype=bool)
        while rest.any():
            v = str(values[np.argmax(rest)])
            seen.append(v)
            rest &= values != v
        categories = sorted(seen)
        codes = np.zeros(values.shape, dtype=np.int64)
        for i, v in enumerate(categories):
            codes[values == v] = i
        return codes, categories
    codes, uniques = pd.factorize(values.astype(object), sort=True)
    return codes, [str(u) for u in uniques]


def _keyed_codes(labels_per_block: list[list[str]]) -> tuple[list[np.ndarray], list[str]]:
    categories = sorted({lab for labels in labels_per_block for lab in labels})
    pos = {lab: i for i, lab in enumerate(categories)}
    return [
        np.array([pos[lab] for lab in labels], dtype=np.int64) for labels in labels_per_block
    ], (categories)


def cell_table(blocks: list[Block]) -> pd.DataFrame:
    """The cells as one DataFrame with ``CELL_COLUMNS``."""
    if not blocks:
        return pd.DataFrame(columns=list(CELL_COLUMNS))
    shapes = [(len(b.measures), len(b.domains)) for b in blocks]
    columns: dict = {}
    for col in BLOCK_TEXT:
        labels = [getattr(b, col) for b in blocks]
        (codes,), categories = _keyed_codes([labels])
        rows = np.repeat(codes, [m * d for m, d in shapes])
        columns[col] = _categorical(rows, categories)
    domain_codes, domain_cats = _keyed_codes([b.domains for b in blocks])
    measure_codes, measure_cats = _keyed_codes([b.measures for b in blocks])
    columns["domain"] = _categorical(
        np.concatenate([np.tile(c, m) for c, (m, _) in zip(domain_codes, shapes, strict=True)]),
        domain_cats,
    )
    columns["measure"] = _categorical(
        np.concatenate([np.repeat(c, d) for c, (_, d) in zip(measure_codes, shapes, strict=True)]),
        measure_cats,
    )
    for col in CELL_COLUMNS:
        if col in columns:
            continue
        if col in DOMAIN_COLUMNS:
            values = np.concatenate(
                [np.tile(b.values[col], m) for b, (m, _) in zip(blocks, shapes, strict=True)]
            )
        else:
            values = np.concatenate([np.ravel(b.values[col]) for b in blocks])
        if col in COUNT_COLUMNS:
            columns[col] = values.astype(np.int64)
        elif col in ROW_TEXT or col == "disclosure_status":
            columns[col] = _categorical(*_text_codes(values))
        else:
            columns[col] = values.astype(float)
    return pd.DataFrame({col: columns[col] for col in CELL_COLUMNS})
