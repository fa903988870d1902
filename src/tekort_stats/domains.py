"""Domain estimates for any breakdown (methods.md §2.2, §2.4).

A *breakdown* is a frame column (``"sector"``, ``"municipality_code"``, ``"g5"`` …), a crossing
of columns written ``"sector:labour_market_region"``, or ``"national"`` (one cell). Each
breakdown partitions the frame into domains; a domain estimate is the ratio of two calibrated
totals ``R_D = sum_s w 1_D y / sum_s w 1_D f`` with its linearised variance (residualised within
strata) and, optionally, Rao–Wu–Yue bootstrap replicates that recompute the calibration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort_stats import variance

NATIONAL = "national"


def breakdown_columns(spec: str) -> tuple[str, ...]:
    if spec == NATIONAL:
        return ()
    return tuple(part.strip() for part in spec.split(":"))


@dataclass(frozen=True)
class Partition:
    breakdown: str
    columns: tuple[str, ...]
    code: np.ndarray  # domain code per frame location
    keys: list[str]  # "col=value|col=value" per domain ("national" for the single cell)
    values: pd.DataFrame  # one row per domain: the column values


def partition(frame: pd.DataFrame, spec: str) -> Partition:
    """The domains of a breakdown over the (sorted) frame; keys sorted lexically."""
    cols = breakdown_columns(spec)
    if not cols:
        return Partition(
            spec, cols, np.zeros(len(frame), dtype=np.int64), [NATIONAL], pd.DataFrame(index=[0])
        )
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"breakdown {spec!r}: unknown frame columns {missing}")
    parts = [c + "=" + frame[c].astype(str) for c in cols]
    key = parts[0]
    for p in parts[1:]:
        key = key + "|" + p
    code, uniques = pd.factorize(key, sort=True)
    first = pd.Series(np.arange(len(frame))).groupby(code).first().to_numpy()
    values = frame.iloc[first][list(cols)].astype(str).reset_index(drop=True)
    return Partition(spec, cols, code.astype(np.int64), [str(u) for u in uniques], values)


@dataclass(frozen=True)
class Sample:
    """One function's respondents with everything the estimators need (respondent order)."""

    w: np.ndarray  # calibrated weights
    f: np.ndarray  # formatie
    x: np.ndarray  # calibration auxiliary (registry formation_fte)
    y: dict  # measure -> shortage FTE
    stratum: np.ndarray
    n_h: np.ndarray
    N_h: np.ndarray
    X_h: np.ndarray
    board: np.ndarray  # board code per respondent
    index: np.ndarray  # frame positions of the respondents


def linearised(sample: Sample, part: Partition, measure: str, df: int, level: float = 0.95):
    """Point estimates, linearised SEs and t intervals for every domain of a partition."""
    n_dom = len(part.keys)
    dom = part.code[sample.index]
    y = sample.y[measure]
    wy_d = np.bincount(dom, weights=sample.w * y, minlength=n_dom)
    wf_d = np.bincount(dom, weights=sample.w * sample.f, minlength=n_dom)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = wy_d / wf_d
    z = y - np.nan_to_num(rate)[dom] * sample.f
    v_rate = variance.domain_variances(
        z, sample.w, sample.x, sample.stratum, dom, sample.n_h, sample.N_h, n_dom
    )
    v_total = variance.domain_variances(
        y, sample.w, sample.x, sample.stratum, dom, sample.n_h, sample.N_h, n_dom
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        se_rate = np.sqrt(v_rate) / wf_d
    se_total = np.sqrt(v_total)
    lo, hi = variance.t_interval(rate, se_rate, df, level)
    lo_t, hi_t = variance.t_interval(wy_d, se_total, df, level)
    return {
        "rate": rate,
        "fte": wy_d,
        "formatie_estimate": wf_d,
        "se_rate": se_rate,
        "ci_low": lo,
        "ci_high": hi,
        "se_fte": se_total,
        "ci_fte_low": lo_t,
        "ci_fte_high": hi_t,
    }


def replicate_rates(multipliers: np.ndarray, sample: Sample, parts: list[Partition], measure: str):
    """Bootstrap replicate rates for every domain of every partition, calibration recomputed.

    ``w*_bi = a_bi X_h / sum_{s_h} a_bi x_i`` (the separate ratio estimator re-run on each
    replicate); domain sums for all partitions come from one matrix product.
    Returns a list (per partition) of (n_replicates x n_domains) arrays.
    """
    n_strata = len(sample.n_h)
    order = np.argsort(sample.stratum, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(sample.stratum, minlength=n_strata))[:-1]])
    ax = multipliers[:, order] * sample.x[order]
    nonempty = sample.n_h > 0
    sx = np.zeros((multipliers.shape[0], n_strata))
    sx[:, nonempty] = np.add.reduceat(ax, starts[nonempty], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(sx > 0, sample.X_h / sx, 0.0)
    p = multipliers * factor[:, sample.stratum]
    y = sample.y[measure]
    blocks, sizes = [], []
    for part in parts:
        dom = part.code[sample.index]
        k = len(part.keys)
        onehot = np.zeros((dom.size, k))
        onehot[np.arange(dom.size), dom] = 1.0
        blocks.append(np.hstack([onehot * y[:, None], onehot * sample.f[:, None]]))
        sizes.append(k)
    sums = p @ np.hstack(blocks)
    out, col = [], 0
    for k in sizes:
        with np.errstate(divide="ignore", invalid="ignore"):
            out.append(sums[:, col : col + k] / sums[:, col + k : col + 2 * k])
        col += 2 * k
    return out
