"""The one entry point: estimate a registration round (``estimate_round``).

Per function: strata with collapse rules, calibrated separate-ratio weights, domain estimates for
every breakdown and measure (rate and FTE, linearised SE, t interval), Rao–Wu–Yue bootstrap SE and
percentile interval, response rates, quality class (§2.6), disclosure control with an LP audit
(§3), and Fay–Herriot small-area estimates for municipalities (§2.7). Inputs are sorted by
``location_id`` first, so results are bit-identical for the same inputs and the same generator
state, whatever the row order. See ``README.md`` for the input and output columns.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tekort_stats import bootstrap, disclosure, quality, ratio, small_area
from tekort_stats import frame as frame_mod
from tekort_stats.cells import CELL_COLUMNS as CELL_COLUMNS  # re-exported
from tekort_stats.cells import ESTIMATE_COLUMNS, Block, cell_table
from tekort_stats.domains import (
    NATIONAL,
    Partition,
    ReplicateTotals,
    Sample,
    linearised_functions,
    partitions,
    replicate_weights_t,
)
from tekort_stats.strata import build_strata
from tekort_stats.variance import design_df, t_interval
from tekort_stats.visibility import (
    NOT_ASSESSED,
    SYMBOL_CONFIDENTIAL,
    SYMBOL_ESTIMATED,
    visibility_arrays,
)

# 1.1.0: small-domain intervals (methods.md §2.4); 1.1.1: psi 0 in FH; 1.1.2: zero R1 cells in
# the audit across measures and sector unions (linked.audit_groups)
METHOD_VERSION = "1.1.2"
REPLICATE_BLOCK = 64  # bootstrap replicates per block: a block of weights stays in cache
METHOD_DIRECT = "separate-ratio/linearised-fpc/t-interval"
METHOD_SMALL_AREA = "fay-herriot/reml/prasad-rao-mse/benchmarked"


@dataclass(frozen=True)
class Settings:
    level: float = 0.95
    p: float = disclosure.DEFAULT_P
    min_locations: int = disclosure.DEFAULT_MIN_LOCATIONS
    min_boards: int = disclosure.DEFAULT_MIN_BOARDS
    thresholds: quality.QualityThresholds = field(default_factory=quality.QualityThresholds)
    bootstrap_measures: tuple[str, ...] = ("tekort",)
    small_area_breakdown: str = "municipality_code"
    small_area_region: str = "labour_market_region"
    # further Fay–Herriot models, as (areas' breakdown, benchmark breakdown) pairs (methods.md
    # §2.7 names onderwijsregio × sector besides municipalities); a breakdown with a sector
    # dimension adds the area's vo share of formatie as a covariate (po and vo differ in level)
    small_area_more: tuple[tuple[str, str], ...] = ()
    disclosure_control: bool = True  # False: every cell "not_assessed" (internal use only)
    # variance floor and domain degrees of freedom (methods.md §2.4); False = method 1.0.0
    small_domain_intervals: bool = True
    # publication priority per breakdown, as (breakdown, priority) pairs (data from the caller;
    # absent: 0): secondary suppression takes a group's complement among its cells of the lowest
    # priority, so that what the users need most is withheld last (methods.md §3.3)
    publication_priority: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RoundResult:
    cells: pd.DataFrame  # one row per function x breakdown x domain x measure (CELL_COLUMNS)
    small_area: pd.DataFrame  # model-based rates of every small-area model (symbol "e")
    strata: pd.DataFrame  # per function: final strata with n_h, N_h, X_h, unresolved
    collapse_log: pd.DataFrame  # per function: base stratum -> merged stratum, rule
    audit: pd.DataFrame  # per function x measure: audit passed, failing cells
    method_version: str = METHOD_VERSION
    n_bootstrap: int = 0


def _sample(fr: pd.DataFrame, fs: frame_mod.FunctionSample, board_code: np.ndarray, st) -> Sample:
    idx = np.flatnonzero(fs.responding)
    stratum = st.code[idx]
    x = fr["formation_fte"].to_numpy()[idx]
    w = ratio.ratio_weights(stratum, x, st.X_h)
    y = {m: sum(fs.components[c][idx] for c in comps) for m, comps in frame_mod.MEASURES.items()}
    return Sample(w, fs.formatie[idx], x, y, stratum, st.n_h, st.N_h, st.X_h, board_code[idx], idx)


def _linked_tables(parts: list[Partition], values: list[np.ndarray], priority=()):
    """All cells of a function's breakdowns as linked tables (national total is the root);
    ``priority``: (breakdown, publication priority) pairs (Settings.publication_priority)."""
    ids, vals, offsets, prio = [], [], [], []
    of = dict(priority)
    for part, v in zip(parts, values, strict=True):
        offsets.append(len(ids))
        ids += [f"{part.breakdown}::{k}" for k in part.keys]
        vals.append(v)
        prio.append(np.full(len(part.keys), float(of.get(part.breakdown, 0))))
    by_cols = {frozenset(p.columns): i for i, p in enumerate(parts)}
    root = offsets[by_cols[frozenset()]]
    groups = []
    for i, part in enumerate(parts):
        if not part.columns:
            continue
        members = offsets[i] + np.arange(len(part.keys))
        groups.append((root, members))
        if len(part.columns) < 2:
            continue
        for drop in part.columns:
            sub = tuple(c for c in part.columns if c != drop)
            j = by_cols.get(frozenset(sub))
            if j is None:
                continue
            sub_part = parts[j]
            key_of = {
                tuple(r): k
                for k, r in enumerate(
                    sub_part.values[list(sub_part.columns)].itertuples(index=False)
                )
            }
            parent = np.array(
                [
                    key_of[tuple(r)]
                    for r in part.values[list(sub_part.columns)].itertuples(index=False)
                ]
            )
            for k in np.unique(parent):
                groups.append((offsets[j] + int(k), members[parent == k]))
    groups += _nested_groups(parts, offsets, root, groups)
    never = np.zeros(len(ids), dtype=bool)
    never[root] = True
    tables = disclosure.LinkedTables(ids, np.concatenate(vals), groups, never, np.concatenate(prio))
    return tables, offsets


def _finer(a: Partition, b: Partition) -> bool:
    """True where every domain of ``a`` lies within one domain of ``b`` (on the frame)."""
    to_b = np.full(len(a.keys), -1, dtype=np.int64)
    to_b[a.code] = b.code
    return bool(np.array_equal(to_b[a.code], b.code))


def _nested_groups(parts: list[Partition], offsets, root, groups) -> list:
    """The sums a reader can form from nesting on the frame that the margins do not give:
    municipality within province, labour-market region and G5; a region within its province;
    one sector union within another (issue 24). Found from the frame itself: breakdown ``a``
    nests in ``b`` when every domain of ``a`` lies in one domain of ``b``. Only the covering
    pairs are added (a sum through an intermediate breakdown follows from the two steps); a
    breakdown equal to another (the same domains) is tied to it cell by cell."""
    idx = [i for i, p in enumerate(parts) if p.columns]
    finer = {(i, j): _finer(parts[i], parts[j]) for i in idx for j in idx if i != j}
    # one representative of every set of equal partitions
    rep = {}
    for i in idx:
        rep[i] = next((j for j in idx if j < i and finer[(i, j)] and finer[(j, i)]), i)
    have = {(int(t), tuple(np.asarray(m).tolist())) for t, m in groups}
    out = []

    def add(i, j):
        # every domain of parts[j] is the sum of the domains of parts[i] within it
        to_j = np.full(len(parts[i].keys), -1, dtype=np.int64)
        to_j[parts[i].code] = parts[j].code
        for k in np.unique(to_j[to_j >= 0]):
            members = offsets[i] + np.flatnonzero(to_j == k)
            key = (int(offsets[j] + k), tuple(members.tolist()))
            if key not in have:
                have.add(key)
                out.append((key[0], members))

    reps = [i for i in idx if rep[i] == i]
    for i in idx:
        if rep[i] != i:
            add(i, rep[i])
    for i in reps:
        for j in reps:
            if i == j or not finer[(i, j)] or finer[(j, i)]:
                continue
            between = any(
                k not in (i, j)
                and finer[(i, k)]
                and finer[(k, j)]
                and not finer[(k, i)]
                and not finer[(j, k)]
                for k in reps
            )
            if not between:
                add(i, j)
    return out


def _protect_function(parts, sample, settings, keep=None):
    """Primary (R1, R2 on every measure), secondary suppression and the audit for one function.

    Every primary cell's shortage total must keep the p % rule's protection in the audit
    (``p/100`` of its value above it; R2's own UPL where larger), R1 cells included, and an R1
    cell's respondent count must not follow exactly from the published counts (issue 24).
    ``keep``: per earlier version of the round, (values, withheld) per cell: its shortage FTE
    there (NaN if absent) and whether it was withheld. A cell whose value is unchanged is
    the same quantity already read: withheld before, it is withheld again; published before, it
    is public whatever this version does, so it is never chosen as a complement (methods.md
    §3.4)."""
    n_cells = sum(len(p.keys) for p in parts)
    offsets = np.cumsum([0] + [len(p.keys) for p in parts])[:-1]
    cell = np.concatenate(
        [off + p.code[sample.index] for off, p in zip(offsets, parts, strict=True)]
    )
    board = np.tile(sample.board, len(parts))
    n_loc = np.bincount(cell, minlength=n_cells)
    n_boards = np.bincount(
        pd.unique(cell * (sample.board.max() + 1) + board) // (sample.board.max() + 1),
        minlength=n_cells,
    )
    r1 = disclosure.threshold_sensitive(
        n_loc, n_boards, settings.min_locations, settings.min_boards
    )
    if not settings.disclosure_control:
        return np.full(n_cells, NOT_ASSESSED, dtype=object), n_loc, n_boards, []
    measure_stats = {}
    r2_any = np.zeros(n_cells, dtype=bool)
    for m in frame_mod.MEASURES:
        contrib = np.tile(sample.w * sample.y[m], len(parts))
        total, x1, x2, _ = disclosure.top_two_contributions(cell, board, contrib, n_cells)
        sens, upl = disclosure.p_rule(total, x1, x2, settings.p)
        measure_stats[m] = (total, sens, upl)
        r2_any |= sens
    never_root = np.zeros(n_cells, dtype=bool)
    primary = (r1 | r2_any) & ~never_root
    # the shortage total of every primary cell keeps the p % protection, not R2's cells only
    total, sens, upl = measure_stats["tekort"]
    share = settings.p / 100.0 * np.maximum(total, 0.0)
    measure_stats["tekort"] = (total, sens | r1, np.where(r1, np.maximum(upl, share), upl))
    suppressed = primary.copy()
    public_before = np.zeros(n_cells, dtype=bool)
    withheld_before = np.zeros(n_cells, dtype=bool)
    for before_value, withheld in keep or ():
        # the same value as in an earlier version: the same quantity
        same = np.isfinite(before_value) & unchanged(total, before_value)
        withheld_before |= same & withheld
        public_before |= same & ~withheld & ~primary
    # a value one version showed is public, whatever another withheld
    suppressed |= withheld_before & ~public_before
    audit_rows = []
    tables_cache = _linked_tables(
        parts, [np.zeros(len(p.keys)) for p in parts], settings.publication_priority
    )[0]
    tables_cache.never_suppress = tables_cache.never_suppress | public_before
    # a measure whose last protection ended in exactly the current pattern would only audit
    # that same pattern again (protect is deterministic): its answer is reused
    last: dict[str, tuple[bytes, disclosure.ProtectionResult]] = {}
    # the primary cells a measure's audit has passed stay safe as more cells are suppressed
    passed: dict[str, np.ndarray] = {}
    for _ in range(3):  # measures can add complements for each other; stop at a fixed point
        before = suppressed.copy()
        for m, (total, sens, upl) in measure_stats.items():
            key = np.packbits(suppressed).tobytes()
            if m in last and last[m][0] == key:
                res = last[m][1]
            else:
                tables = disclosure.LinkedTables(
                    tables_cache.cell_ids,
                    total,
                    tables_cache.groups,
                    tables_cache.never_suppress,
                    tables_cache.priority,
                )
                # R1 protects the shortage total: its "not exactly derivable" check runs on the
                # total; R2 is checked on every measure for the cells sensitive in that measure
                r1_m = r1 if m == "tekort" else np.zeros_like(r1)
                res = disclosure.protect(
                    tables,
                    r1_m,
                    sens,
                    upl,
                    n_loc,
                    already_suppressed=suppressed,
                    bounds=False,
                    passed=passed.get(m),
                )
                passed[m] = res.passed
            suppressed |= res.status != disclosure.PUBLISHED
            last[m] = (np.packbits(suppressed).tobytes(), res)
            audit_rows.append((m, res.audit_passed, ";".join(res.failing)))
        # the respondent counts published beside the cells: an R1 cell's count must not
        # follow exactly from them (the shortage's complements usually see to it already)
        counts = disclosure.LinkedTables(
            tables_cache.cell_ids,
            n_loc.astype(float),
            tables_cache.groups,
            tables_cache.never_suppress,
            tables_cache.priority,
        )
        res = disclosure.protect(
            counts,
            r1,
            np.zeros_like(r1),
            np.zeros(n_cells),
            n_loc,
            already_suppressed=suppressed,
            bounds=False,
        )
        suppressed |= res.status != disclosure.PUBLISHED
        audit_rows.append(("n_responding", res.audit_passed, ";".join(res.failing)))
        if np.array_equal(before, suppressed):
            break
        audit_rows = []
    # the last pass audited the final pattern for every measure
    status = np.where(
        primary,
        disclosure.PRIMARY,
        np.where(suppressed, disclosure.SECONDARY, disclosure.PUBLISHED),
    )
    return status, n_loc, n_boards, audit_rows


def _protect_functions(parts, built, settings, keeps, workers=None):
    """``_protect_function`` for every function's sample, on ``workers`` threads side by side
    (default: the machine's cores). The functions' tables are independent and HiGHS solves
    outside Python's global lock, so on two cores two functions take little more than one; each
    function's answer is the same as when protected alone."""
    jobs = list(zip(built, keeps, strict=True))
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return [_protect_function(parts, sample, settings, keep) for sample, keep in jobs]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda job: _protect_function(parts, job[0], settings, job[1]), jobs))


# a model rate whose direct estimate is withheld is withheld too when the direct carries at least
# this weight in it (gamma, Fay–Herriot's shrinkage factor): below it, the model rate is more
# borrowed strength than the area's own respondents (methods.md §3.5)
MODEL_GAMMA_MAX = 0.5


def model_disclosure(direct_status, gamma, model_rate, area_f, region_of_area, region_status, p):
    """The model rates' own disclosure status (issue 24), not the direct cell's.

    * primary: the direct cell is primary-suppressed and ``gamma >= MODEL_GAMMA_MAX``;
    * withheld as a complement (secondary): the direct cell is a complement with that weight,
      or the benchmark needs it: the formatie-weighted model rates of a region add up to the
      region's direct rate, so a withheld model rate is protected there like any cell: its
      formatie-weighted rate keeps the p % protection from the region's published total and the
      published rates beside it (``disclosure.protect``, the same LP audit), a region whose
      direct rate is withheld giving no total to subtract from.
    """
    gamma = np.asarray(gamma, dtype=float)
    heavy = gamma >= MODEL_GAMMA_MAX
    primary = (direct_status == disclosure.PRIMARY) & heavy
    withheld = primary | ((direct_status == disclosure.SECONDARY) & heavy)
    m, n_reg = len(gamma), len(region_status)
    value = np.nan_to_num(np.asarray(model_rate, dtype=float) * area_f)
    totals = np.bincount(region_of_area, weights=value, minlength=n_reg)
    groups = [(m + r, np.flatnonzero(region_of_area == r)) for r in range(n_reg)]
    never = np.zeros(m + n_reg, dtype=bool)
    never[m:] = True
    tables = disclosure.LinkedTables(
        [f"area{i}" for i in range(m)] + [f"region{r}" for r in range(n_reg)],
        np.concatenate([value, totals]),
        [(t, g) for t, g in groups if g.size],
        never,
    )
    hidden_region = np.asarray(region_status) != disclosure.PUBLISHED
    r2 = np.concatenate([primary, np.zeros(n_reg, dtype=bool)])
    res = disclosure.protect(
        tables,
        np.zeros(m + n_reg, dtype=bool),
        r2,
        np.where(r2, p / 100.0 * tables.values, 0.0),
        already_suppressed=np.concatenate([withheld, hidden_region]),
        bounds=False,
    )
    withheld |= res.status[:m] != disclosure.PUBLISHED
    return np.where(
        primary, disclosure.PRIMARY, np.where(withheld, disclosure.SECONDARY, disclosure.PUBLISHED)
    )


def small_area_models(settings: Settings) -> list[tuple[str, str]]:
    """The (areas, benchmark regions) breakdown pairs of every Fay–Herriot model to fit."""
    first = (settings.small_area_breakdown, settings.small_area_region)
    return [first] + [m for m in settings.small_area_more if m != first]


def _small_areas(fr, sample, parts_by_name, direct, function, settings, statuses=None):
    """Every small-area model's rates for one function (``small_area_models``), one frame."""
    frames = [
        _small_area(fr, sample, parts_by_name, direct, function, settings, statuses, model)
        for model in small_area_models(settings)
    ]
    frames = [f for f in frames if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def _small_area(fr, sample, parts_by_name, direct, function, settings, statuses, model):
    name, region_name = model
    if name not in parts_by_name or region_name not in parts_by_name:
        return None
    part, reg = parts_by_name[name], parts_by_name[region_name]
    d = direct[(name, "tekort")]
    m = len(part.keys)
    n_resp = np.bincount(part.code[sample.index], minlength=m)
    x_frame = fr["formation_fte"].to_numpy()
    area_f = np.bincount(part.code, weights=x_frame, minlength=m)
    cov = [np.ones(m)]
    cov.append(np.bincount(part.code, weights=fr["g5"].to_numpy() * x_frame, minlength=m) / area_f)
    high = (fr["schoolweging_band"] == "high").to_numpy()
    cov.append(np.bincount(part.code, weights=high * x_frame, minlength=m) / area_f)
    small = fr["sector"].isin(frame_mod.SMALL_SECTORS).to_numpy()
    cov.append(np.bincount(part.code, weights=small * x_frame, minlength=m) / area_f)
    if {"sector", "sector_group", "school_type"} & set(name.split(":")):
        vo = (fr["sector"] == "vo").to_numpy()
        cov.append(np.bincount(part.code, weights=vo * x_frame, minlength=m) / area_f)
    x = np.column_stack(cov)
    keep = [0] + [j for j in range(1, x.shape[1]) if np.ptp(x[:, j]) > 0]
    x = x[:, keep]
    theta = np.where(n_resp > 0, 100.0 * d["rate"], np.nan)
    psi = (100.0 * d["se_rate"]) ** 2
    psi = np.where(n_resp > 0, psi, np.nan)
    psi = small_area.smooth_sampling_variances(psi, n_resp)
    usable = np.isfinite(theta) & np.isfinite(psi)
    if usable.sum() <= x.shape[1] + 1 or np.linalg.matrix_rank(x[usable]) < x.shape[1]:
        return None
    fit = small_area.fay_herriot(np.where(usable, theta, np.nan), psi, x, method="reml")
    n_reg = len(reg.keys)
    pair_counts = np.bincount(part.code * n_reg + reg.code, minlength=m * n_reg)
    region_of_area = pair_counts.reshape(m, n_reg).argmax(axis=1)  # the area's main region
    r_reg = direct[(region_name, "tekort")]
    bench = small_area.benchmark_to_regions(
        fit.eblup / 100.0,
        area_f,
        region_of_area,
        np.nan_to_num(r_reg["rate"]),
        np.bincount(region_of_area, weights=area_f, minlength=len(reg.keys)),
    )
    if statuses is None or not settings.disclosure_control:
        status = np.full(m, NOT_ASSESSED, dtype=object)
    else:
        status = model_disclosure(
            statuses[name],
            fit.gamma,
            bench,
            area_f,
            region_of_area,
            statuses[region_name],
            settings.p,
        )
    return pd.DataFrame(
        {
            "function": function,
            "breakdown": name,
            "domain": part.keys,
            "region": [reg.keys[k] for k in region_of_area],
            "disclosure_status": status,
            "n_responding": n_resp,
            "direct_rate": d["rate"],
            "direct_se_rate": d["se_rate"],
            "model_rate_unbenchmarked": fit.eblup / 100.0,
            "model_rate": bench,
            "model_rmse_rate": np.sqrt(fit.mse) / 100.0,
            "gamma": fit.gamma,
            "synthetic": fit.synthetic,
            "sigma2_v": fit.sigma2_v,
            "symbol": np.where(
                np.isin(status, [disclosure.PRIMARY, disclosure.SECONDARY]),
                SYMBOL_CONFIDENTIAL,
                SYMBOL_ESTIMATED,
            ),
            "method_id": METHOD_SMALL_AREA,
            "method_version": METHOD_VERSION,
        }
    )


def _block(
    function,
    part,
    measures,
    est,
    n_loc,
    n_frame,
    n_boards,
    f_frame,
    f_resp,
    status,
    boot_reps,
    df,
    settings,
) -> Block:
    """One function x breakdown of the cell table: every measure at once ((measures x domains))."""
    rate = est["rate"]
    resp_f = f_resp / f_frame
    boot_se = np.full(rate.shape, np.nan)
    boot_lo, boot_hi = boot_se.copy(), boot_se.copy()
    for mi, m in enumerate(measures):
        if m in boot_reps:
            reps = boot_reps[m]
            se = np.sqrt(np.mean((reps - rate[mi][:, None]) ** 2, axis=1))
            boot_se[mi] = se
            boot_lo[mi], boot_hi[mi] = t_interval(rate[mi], se, est["df_rate"][mi], settings.level)
    q_rate = quality.classify_rate(n_loc, n_frame, resp_f, est["se_rate"], settings.thresholds)
    q_fte = quality.classify_total(
        n_loc, n_frame, resp_f, est["fte"], est["se_fte"], settings.thresholds
    )
    # the cell's symbol by the one rule; a run without disclosure control (internal use only)
    # reads its unassessed cells by their quality alone
    symbol = visibility_arrays(status, q_rate, q_fte, show_unassessed=True)["symbol"]
    values = {key: est[key] for key in ESTIMATE_COLUMNS}
    values.update(
        boot_se_rate=boot_se,
        boot_ci_low=boot_lo,
        boot_ci_high=boot_hi,
        n_responding=n_loc,
        n_frame=n_frame,
        n_boards_responding=n_boards,
        response_rate=n_loc / n_frame,
        response_rate_formatie=resp_f,
        quality_class=q_rate,
        quality_class_fte=q_fte,
        disclosure_status=status,
        symbol=symbol,
    )
    return Block(
        function, part.breakdown, part.keys, measures, values, METHOD_DIRECT, METHOD_VERSION
    )


def unchanged(value, before):
    """Whether a cell's value is the one an earlier version had (the same quantity, read then),
    to a relative 1e-6: the one test of the revision rule, here and at publication."""
    return np.abs(np.asarray(value) - before) <= 1e-6 * (1.0 + np.abs(before))


def _kept(parts, function, earlier: Mapping):
    """Per cell of ``function``: its value in ``earlier`` (NaN if absent) and if it was withheld."""
    got = [earlier.get((function, part.breakdown, k)) for part in parts for k in part.keys]
    value = np.array([np.nan if g is None else g[0] for g in got], dtype=float)
    withheld = np.array([g is not None and bool(g[1]) for g in got])
    return value, withheld


def estimate_round(
    frame: pd.DataFrame,
    responses: pd.DataFrame,
    breakdowns: Sequence[str],
    *,
    rng: np.random.Generator,
    n_bootstrap: int = 1000,
    settings: Settings | None = None,
    earlier: Mapping | Sequence[Mapping] | None = None,
    workers: int | None = None,
) -> RoundResult:
    """Estimate every cell of a registration round. See README.md for the column contract.

    ``earlier``: per earlier version of the same round (one mapping, or a sequence of them),
    (function, breakdown, domain) -> (shortage FTE, withheld) of its cells. A cell whose value
    equals its value in a version is the quantity that version let be read: counted as public
    (never a complement) if any such version published it, else withheld again, so that a
    revision read with every version before it reveals no more (methods.md §3.4).

    ``workers``: threads that protect the functions side by side (default: the machine's
    cores); the result is the same for any number."""
    settings = settings or Settings()
    versions = [earlier] if isinstance(earlier, Mapping) else [v for v in earlier or () if v]
    fr = frame_mod.prepare_frame(frame)
    resp = frame_mod.prepare_responses(responses, fr)
    specs = [NATIONAL] + sorted({b for b in breakdowns if b != NATIONAL})
    parts = partitions(fr, specs)
    parts_by_name = {p.breakdown: p for p in parts}
    board_code = pd.factorize(fr["board_id"], sort=True)[0]
    x_frame = fr["formation_fte"].to_numpy()
    n_frames = [np.bincount(p.code, minlength=len(p.keys)) for p in parts]
    f_frames = [np.bincount(p.code, weights=x_frame, minlength=len(p.keys)) for p in parts]
    blocks, sae_frames, strata_frames, logs, audits = [], [], [], [], []
    measures = list(frame_mod.MEASURES)
    samples = frame_mod.function_samples(fr, resp)
    # functions with the same responding locations share strata and bootstrap draws (the same
    # resampled location ids in every function, so between-function contrasts stay coherent)
    groups: dict[bytes, list[int]] = {}
    for i, fs in enumerate(samples):
        groups.setdefault(np.packbits(fs.responding).tobytes(), []).append(i)
    for members in groups.values():
        st = build_strata(fr, samples[members[0]].responding)
        built = [_sample(fr, samples[i], board_code, st) for i in members]
        boot = {}
        if n_bootstrap > 0:
            first = built[0]
            cols = [
                v for smp in built for m in settings.bootstrap_measures for v in (smp.y[m], smp.f)
            ]
            plan = ReplicateTotals(first.index, parts, np.column_stack(cols))
            totals = [np.empty((len(p.keys), len(cols), n_bootstrap)) for p in parts]
            start = 0
            # block by block (each stays in cache); the same draws and sums as all at once
            for mult_t in bootstrap.replicate_multipliers_t_blocks(
                first.stratum, first.n_h, first.N_h, n_bootstrap, rng, REPLICATE_BLOCK
            ):
                w_t = replicate_weights_t(mult_t, first.stratum, first.x, first.X_h)
                stop = start + w_t.shape[1]
                for t, block in zip(totals, plan.of(w_t), strict=True):
                    t[:, :, start:stop] = block
                start = stop
            j = 0
            for smp_i in range(len(built)):
                for m in settings.bootstrap_measures:
                    with np.errstate(divide="ignore", invalid="ignore"):
                        boot[(smp_i, m)] = [t[:, j, :] / t[:, j + 1, :] for t in totals]
                    j += 2
        df = design_df(len(built[0].index), int(np.count_nonzero(st.n_h)))
        estimates = [
            linearised_functions(
                built, part, measures, df, settings.level, settings.small_domain_intervals
            )
            for part in parts
        ]
        keeps = [[_kept(parts, samples[fi].function, v) for v in versions] for fi in members]
        protections = _protect_functions(parts, built, settings, keeps, workers)
        for smp_i, (fi, sample) in enumerate(zip(members, built, strict=True)):
            fs = samples[fi]
            strata_frames.append(
                pd.DataFrame(
                    {
                        "function": fs.function,
                        "stratum": st.labels,
                        "n_h": st.n_h,
                        "N_h": st.N_h,
                        "X_h": st.X_h,
                        "unresolved": [lab in st.unresolved for lab in st.labels],
                    }
                )
            )
            logs.append(st.log.assign(function=fs.function))
            status, n_loc, n_boards, audit_rows = protections[smp_i]
            if not settings.disclosure_control:
                status = np.full(status.shape, NOT_ASSESSED)
            audits += [
                {"function": fs.function, "measure": m, "audit_passed": ok, "failing": fail}
                for m, ok, fail in audit_rows
            ]
            direct = {}
            statuses = {}
            offset = 0
            for pi, part in enumerate(parts):
                k = len(part.keys)
                sl = slice(offset, offset + k)
                offset += k
                statuses[part.breakdown] = status[sl]
                est = estimates[pi][smp_i]
                for mi, m in enumerate(measures):
                    direct[(part.breakdown, m)] = {
                        key: val[mi] if val.ndim == 2 else val for key, val in est.items()
                    }
                blocks.append(
                    _block(
                        fs.function,
                        part,
                        measures,
                        est,
                        n_loc[sl],
                        n_frames[pi],
                        n_boards[sl],
                        f_frames[pi],
                        np.bincount(part.code[sample.index], weights=sample.x, minlength=k),
                        status[sl],
                        {m: boot[(smp_i, m)][pi] for m in measures if (smp_i, m) in boot},
                        df,
                        settings,
                    )
                )
            sae = _small_areas(fr, sample, parts_by_name, direct, fs.function, settings, statuses)
            if sae is not None:
                sae_frames.append(sae)
    cells = cell_table(blocks)
    return RoundResult(
        cells=cells,
        small_area=pd.concat(sae_frames, ignore_index=True) if sae_frames else pd.DataFrame(),
        strata=pd.concat(strata_frames, ignore_index=True) if strata_frames else pd.DataFrame(),
        collapse_log=pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(),
        audit=pd.DataFrame(audits),
        n_bootstrap=n_bootstrap,
    )
