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
from scipy.sparse import csr_matrix

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
    return partitions(frame, [spec])[0]


def partitions(frame: pd.DataFrame, specs) -> list[Partition]:
    """``partition`` for every breakdown; each frame column is factorized only once.

    Domains are the distinct combinations of the columns' integer codes; only their (few)
    keys are built as strings, then sorted lexically, which numbers the domains exactly as
    factorizing the per-location key strings would."""
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    out = []
    for spec in specs:
        cols = breakdown_columns(spec)
        if not cols:
            out.append(
                Partition(
                    spec,
                    cols,
                    np.zeros(len(frame), dtype=np.int64),
                    [NATIONAL],
                    pd.DataFrame(index=[0]),
                )
            )
            continue
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"breakdown {spec!r}: unknown frame columns {missing}")
        for c in cols:
            if c not in columns:
                text = frame[c].astype(str)
                codes, uniques = pd.factorize(text)
                columns[c] = (codes, np.asarray(uniques, dtype=object), text)
        if any((columns[c][0] < 0).any() for c in cols):
            out.append(_partition_by_strings(frame, spec, cols))  # missing values
            continue
        combo = np.zeros(len(frame), dtype=np.int64)
        for c in cols:
            combo = combo * len(columns[c][1]) + columns[c][0]
        _, first, inverse = np.unique(combo, return_index=True, return_inverse=True)
        keys = ["|".join(f"{c}={columns[c][1][columns[c][0][i]]}" for c in cols) for i in first]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys))
        first = first[order]
        values = pd.DataFrame(
            {c: columns[c][2].to_numpy()[first] for c in cols}, columns=list(cols)
        ).astype(str)
        out.append(Partition(spec, cols, rank[inverse.ravel()], [keys[i] for i in order], values))
    return out


def _partition_by_strings(frame: pd.DataFrame, spec: str, cols) -> Partition:
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


def linearised(
    sample: Sample, part: Partition, measures, df: int, level: float = 0.95, small_domains=True
):
    """Point estimates, linearised SEs and t intervals for every domain and measure.

    Returns a dict of (n_measures x n_domains) arrays (``formatie_estimate``: n_domains).
    """
    return linearised_functions([sample], part, measures, df, level, small_domains)[0]


def _shares_design(samples: list[Sample]) -> bool:
    first = samples[0]
    return all(
        np.array_equal(s.index, first.index)
        and np.array_equal(s.stratum, first.stratum)
        and np.array_equal(s.w, first.w)
        and np.array_equal(s.x, first.x)
        for s in samples[1:]
    )


def linearised_functions(
    samples: list[Sample], part: Partition, measures, df: int, level=0.95, small_domains=True
):
    """``linearised`` for several functions that share respondents, strata and weights.

    The functions' columns go through the group sums side by side; every sum is taken over the
    same respondents in the same order as for one function alone, so each result is
    bit-identical to ``linearised`` per function.

    ``small_domains=True`` (the default, methods.md §2.4 "small domains"): each domain's
    variance is at least its floor (``variance.floor_variances``) and its t interval uses the
    domain's own Satterthwaite degrees of freedom (at most ``df``, the design's n - H), returned
    as ``df_rate`` / ``df_fte``. ``False`` is method 1.0.0: no floor, ``df`` for every domain.
    """
    if len(samples) > 1 and not _shares_design(samples):
        return [
            linearised_functions([s], part, measures, df, level, small_domains)[0] for s in samples
        ]
    first = samples[0]
    n_dom = len(part.keys)
    k = len(measures)
    dom = part.code[first.index]
    ymats = [np.column_stack([s.y[m] for m in measures]) for s in samples]
    wy_all = variance.group_sums(dom, first.w[:, None] * np.hstack(ymats), n_dom).T
    blocks, wy, wf, rates, stratum_residuals = [], [], [], [], []
    n_strata = len(first.n_h)
    for i, (s, ymat) in enumerate(zip(samples, ymats, strict=True)):
        wy_d = wy_all[i * k : (i + 1) * k]
        wf_d = np.bincount(dom, weights=s.w * s.f, minlength=n_dom)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = wy_d / wf_d
        blocks += [ymat - np.nan_to_num(rate).T[dom] * s.f[:, None], ymat]
        if small_domains:
            wy_h = variance.group_sums(s.stratum, s.w[:, None] * ymat, n_strata)
            wf_h = np.bincount(s.stratum, weights=s.w * s.f, minlength=n_strata)
            with np.errstate(divide="ignore", invalid="ignore"):
                r_h = np.nan_to_num(wy_h / wf_h[:, None])
            stratum_residuals.append(ymat - r_h[s.stratum] * s.f[:, None])
        wy.append(wy_d)
        wf.append(wf_d)
        rates.append(rate)
    design = (first.w, first.x, first.stratum, dom, first.n_h, first.N_h, n_dom)
    if small_domains:
        v_all, nu_all = variance.domain_variances(
            np.hstack(blocks), *design, with_df=True, leverage=True
        )
        floor, nu_floor = variance.floor_variances(
            np.hstack(stratum_residuals), first.w, first.stratum, dom, *design[4:], x=first.x
        )
    else:
        v_all = variance.domain_variances(np.hstack(blocks), *design)
    empty = np.bincount(dom, minlength=n_dom) == 0
    out = []
    for i in range(len(samples)):
        v = v_all[2 * k * i : 2 * k * (i + 1)]
        if small_domains:
            # the rate's and the total's variance share the floor of the stratum residuals
            fl = np.vstack([floor[k * i : k * (i + 1)]] * 2)
            nu_fl = np.vstack([nu_floor[k * i : k * (i + 1)]] * 2)
            nu = nu_all[2 * k * i : 2 * k * (i + 1)]
            # the floor only where it is larger beyond rounding (a domain that is one whole
            # stratum has floor = variance: keep the domain's own degrees of freedom)
            use_floor = fl > v * (1.0 + 1e-9)
            v = np.where(np.isnan(v), np.nan, np.where(use_floor, fl, v))
            nu = np.minimum(np.where(use_floor, nu_fl, nu), df)
            df_rate, df_total = nu[:k], nu[k:]
        else:
            df_rate = df_total = np.full((k, n_dom), float(df))
        wy_d, wf_d, rate = wy[i], wf[i], rates[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            se_rate = np.sqrt(v[:k]) / wf_d
        se_total = np.sqrt(v[k:])
        # a domain without respondents has no estimate at all: not a total of 0 with SE 0
        wy_d = np.where(empty, np.nan, wy_d)
        se_total = np.where(empty, np.nan, se_total)
        if small_domains:
            lo, hi = variance.t_interval(rate, se_rate, df_rate, level)
            lo_t, hi_t = variance.t_interval(wy_d, se_total, df_total, level)
        else:
            lo, hi = variance.t_interval(rate, se_rate, df, level)
            lo_t, hi_t = variance.t_interval(wy_d, se_total, df, level)
        out.append(
            {
                "rate": rate,
                "fte": wy_d,
                "formatie_estimate": wf_d,
                "se_rate": se_rate,
                "ci_low": lo,
                "ci_high": hi,
                "se_fte": se_total,
                "ci_fte_low": lo_t,
                "ci_fte_high": hi_t,
                "df_rate": df_rate,
            }
        )
    return out


def refines(fine: Partition, coarse: Partition) -> np.ndarray | None:
    """The map fine-domain -> coarse-domain if every fine domain lies inside one coarse domain."""
    mapping = np.full(len(fine.keys), -1, dtype=np.int64)
    mapping[fine.code] = coarse.code
    return mapping if np.array_equal(mapping[fine.code], coarse.code) else None


def replicate_weights_t(multipliers_t: np.ndarray, stratum, x, X_h) -> np.ndarray:
    """(n x B) replicate weights with the calibration recomputed per replicate:
    ``w*_bi = a_bi X_h / sum_{s_h} a_bi x_i`` (separate ratio estimator re-run)."""
    n_strata = len(X_h)
    s = csr_matrix((x, (stratum, np.arange(stratum.size))), shape=(n_strata, stratum.size))
    sx = s @ multipliers_t
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(sx > 0, np.asarray(X_h)[:, None] / sx, 0.0)
    out = np.take(factor, stratum, axis=0)
    out *= multipliers_t
    return out


def replicate_domain_totals(weights_t: np.ndarray, index, parts: list[Partition], values):
    """Replicate totals ``sum_s w*_b v 1_D`` for every partition, domain and value column.

    ``values`` is (n_respondents x c). Returns, per partition, an (n_domains x c x B) array.
    Partitions that another (already computed) partition refines are aggregated from the
    smallest such partition instead of from the locations, so the cost is one sparse product
    per *root* breakdown plus small aggregations (no loop over replicates or locations).
    """
    return ReplicateTotals(index, parts, values).of(weights_t)


class ReplicateTotals:
    """The sparse products of ``replicate_domain_totals``, built once and applied to any
    (n x b) block of replicate weights; every total of a block is the same sum, taken in the
    same order, as with all replicates at once, so blocks side by side are bit-identical."""

    def __init__(self, index, parts: list[Partition], values):
        values = np.asarray(values, dtype=float)
        n, c = values.shape
        self.c = c
        self.shapes = [len(p.keys) for p in parts]
        order = sorted(range(len(parts)), key=lambda i: (-len(parts[i].keys), parts[i].breakdown))
        self.steps = []  # (partition, source partition or None, sparse matrix)
        done: list[int] = []
        for i in order:
            part = parts[i]
            k = len(part.keys)
            best = None
            for j in done:
                if best is not None and len(parts[j].keys) >= len(parts[best[0]].keys):
                    continue
                mapping = refines(parts[j], part)
                if mapping is not None:
                    best = (j, mapping)
            if best is None:
                dom = part.code[index]
                rows = (dom[None, :] * c + np.arange(c)[:, None]).ravel()
                cols = np.tile(np.arange(n), c)
                s = csr_matrix((values.T.ravel(), (rows, cols)), shape=(k * c, n))
                self.steps.append((i, None, s))
            else:
                j, mapping = best
                k_f = len(parts[j].keys)
                agg = csr_matrix((np.ones(k_f), (mapping, np.arange(k_f))), shape=(k, k_f))
                self.steps.append((i, j, agg))
            done.append(i)

    def of(self, weights_t: np.ndarray) -> list[np.ndarray]:
        """Per partition, the (n_domains x c x b) totals for an (n x b) block of weights."""
        b = weights_t.shape[1]
        c = self.c
        done: dict[int, np.ndarray] = {}
        for i, j, matrix in self.steps:
            k = self.shapes[i]
            if j is None:
                done[i] = np.asarray(matrix @ weights_t).reshape(k, c, b)
            else:
                source = done[j].reshape(self.shapes[j], c * b)
                done[i] = np.asarray(matrix @ source).reshape(k, c, b)
        return [done[i] for i in range(len(self.shapes))]
