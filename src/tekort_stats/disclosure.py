"""Statistical disclosure control for published tables (methods.md §3.3–§3.4).

* R1 threshold rule: a cell needs >= 5 responding locations from >= 3 distinct boards.
* R2 p%-rule with the **board** as contributor: sensitive if ``X - x1 - x2 < p/100 * x1``;
  a zero total is never R2-sensitive (R6).
* R3 secondary suppression over the additive structure of linked tables, then an LP audit
  (``scipy.optimize.linprog``) that proves no suppressed cell can be bounded too tightly
  from the published cells; failing cells get further complements until the audit passes.

Linked tables are described generically: cells with a value, and additive *groups*
``(total_cell, member_cells)`` meaning ``value[total] == sum(value[members])``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize._highspy import _core as _highs  # HiGHS as linprog runs it (scipy pinned)
from scipy.sparse import bmat, coo_matrix, csc_array, csr_matrix, hstack, identity, vstack
from scipy.sparse.csgraph import connected_components

from tekort_stats.disclosure_statuses import PRIMARY, PUBLISHED, SECONDARY

DEFAULT_MIN_LOCATIONS = 5
DEFAULT_MIN_BOARDS = 3
DEFAULT_P = 10.0


LP_TOL = 1e-9  # linprog's check of a returned solution (bounds, rows)
R1_ROOM = 1e-6  # a complement for an R1 cell is positive: a zero cell can only move upwards
# audits of fewer cells skip the shared completions: each cell's own LPs, warm-started on its
# block, are cheaper than pushes over the whole system (bench round: 31 s -> 25 s)
PUSH_MIN_CELLS = 32
# a shared completion costs about four of a cell's own LPs: pushing stops after one that proves
# fewer cells than this (bench round: a third of the pushes proved 0-3 cells)
PUSH_MIN_PROVEN = 4
# rounds of bound propagation (``_propagated_upper``) before a block's own LPs
PROPAGATION_ROUNDS = 8


def _highs_options(presolve=True):
    """The options ``linprog(method="highs")`` gives HiGHS: presolve, dual simplex, silent."""
    options = _highs.HighsOptions()
    options.presolve = "on" if presolve else "off"
    options.output_flag = False
    options.log_to_console = False
    options.highs_debug_level = _highs.HighsDebugLevel.kHighsDebugLevelNone
    options.simplex_strategy = 1  # dual simplex
    return options


def _finite(v):
    v = np.array(v, dtype=float)
    v[np.isinf(v)] = np.sign(v[np.isinf(v)]) * _highs.kHighsInf
    return v


class _LP:
    """``min c x`` s.t. ``row_lower <= A x <= row_upper``, ``lower <= x <= upper`` in HiGHS.

    The same model, options and acceptance test as ``scipy.optimize.linprog(method="highs")``,
    without its per-call overhead (input checks, option parsing, dual values). The model is
    kept: a new objective or new column bounds start from the last optimal basis (a warm
    start), so the many LPs over one block cost little more than one. A warm answer that
    linprog's test would refuse (a residual just over its tolerance) is solved again cold, as
    linprog solves it: a warm start changes the speed, never the answer's acceptance."""

    def __init__(self, a, row_lower, row_upper, lower, upper, relative=False, presolve=True):
        a = csc_array(a)
        a.sum_duplicates()
        a.sort_indices()
        self.n = a.shape[1]
        self.row_lower = np.asarray(row_lower, dtype=float)
        self.row_upper = np.asarray(row_upper, dtype=float)
        self.lower = np.asarray(lower, dtype=float)
        self.upper = np.asarray(upper, dtype=float)
        self.cost = np.zeros(self.n)
        self._all = np.arange(self.n, dtype=np.int32)
        self._eq = self.row_lower == self.row_upper
        # linprog's test is absolute; ``relative`` scales it by the size of each row's terms
        # (and the bounds' by the largest value)
        self._abs_a = abs(a).tocsr() if relative else None
        lp = _highs.HighsLp()
        lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = a.shape[1], a.shape[0]
        lp.a_matrix_.format_ = _highs.MatrixFormat.kColwise
        lp.col_lower_ = _finite(self.lower)
        lp.row_lower_, lp.row_upper_ = _finite(self.row_lower), _finite(self.row_upper)
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        self._lp = lp
        self._presolve = presolve
        self._h = None
        self.primal_warm = False  # warm starts after a new objective by the primal simplex
        self.row_dual = None  # the duals of the last optimum (a certificate of its bound)

    def _cold(self):
        """A new HiGHS with the model as it stands (objective and bounds): no basis to start from."""
        self._lp.col_cost_ = self.cost
        self._lp.col_upper_ = _finite(self.upper)
        self._h = _highs._Highs()
        self._h.passOptions(_highs_options(self._presolve))
        self._h.passModel(self._lp)

    def set_upper(self, cols, upper):
        cols = np.asarray(cols, dtype=np.int32)
        self.upper[cols] = upper
        if self._h is not None:
            self._h.changeColsBounds(cols.size, cols, _finite(self.lower[cols]), _finite(upper))

    def minimise(self, cost):
        """(objective, x) at the optimum, or None where linprog's status would not be 0."""
        cost = np.asarray(cost, dtype=float)
        if self._h is None:
            self.cost = cost.copy()
            self._cold()
            return self._run()
        changed = np.flatnonzero(cost != self.cost)
        if changed.size and self.primal_warm:
            # a new objective leaves the last basis primal feasible: the primal simplex goes on
            # from it (the dual simplex would first repair the dual infeasibility it creates)
            self._h.setOptionValue("simplex_strategy", 4)
        if changed.size:
            idx = self._all[changed]
            self._h.changeColsCost(idx.size, idx, cost[changed])
            self.cost = cost.copy()
        res = self._run()
        if res is None:
            self._cold()
            res = self._run()
        return res

    def _run(self):
        self._h.run()
        if self._h.getModelStatus() != _highs.HighsModelStatus.kOptimal:
            return None
        sol = self._h.getSolution()
        x, row = np.array(sol.col_value), np.array(sol.row_value)
        eq = self._eq
        fun = self._h.getInfo().objective_function_value
        tol = x_tol = LP_TOL
        if self._abs_a is not None and not np.isnan(x).any():
            tol = LP_TOL * (1.0 + np.abs(self.row_upper) + self._abs_a @ np.abs(x))
            x_tol = LP_TOL * (1.0 + np.abs(x).max(initial=0.0))
        if (
            np.isnan(x).any()
            or np.isnan(row).any()
            or np.isnan(fun)
            or not np.all((x >= self.lower - x_tol) & (x <= self.upper + x_tol))
            or (np.abs(self.row_upper - row) > tol)[eq].any()
            or (self.row_upper - row < -tol)[~eq].any()
        ):
            return None
        self.row_dual = np.array(sol.row_dual)
        return fun, x


def _eq_lp(sub_a, sub_b) -> _LP:
    """The audit's LP over one block: ``sub_a x = sub_b``, ``x >= 0``, one cell's bound after
    another. Without presolve: HiGHS's presolve costs more than the solve of these sparse sums
    (about 2.5x for a block of 2,000 cells) and is not used by a warm start anyway; the bound
    is the same optimum. The first LP is solved cold by the dual simplex, the next ones (a new
    objective each) warm by the primal simplex: 13 ms -> 2 ms per LP on the bench round's
    blocks of about 3,000 unknowns."""
    n = sub_a.shape[1]
    lp = _LP(sub_a, sub_b, sub_b, np.zeros(n), np.full(n, np.inf), presolve=False)
    lp.primal_warm = True
    return lp


def threshold_sensitive(
    n_locations, n_boards, min_locations=DEFAULT_MIN_LOCATIONS, min_boards=DEFAULT_MIN_BOARDS
):
    """R1: True where a cell has too few responding locations or too few distinct boards."""
    return (np.asarray(n_locations) < min_locations) | (np.asarray(n_boards) < min_boards)


def p_rule(total, x1, x2, p=DEFAULT_P):
    """R2 on board-aggregated contributions: (sensitive, upper protection level).

    ``UPL = p/100 * x1 - (X - x1 - x2)`` (zero where the cell is safe). Zero totals are safe (R6).
    """
    total = np.asarray(total, dtype=float)
    x1 = np.asarray(x1, dtype=float)
    x2 = np.asarray(x2, dtype=float)
    remainder = total - x1 - x2
    required = p / 100.0 * x1
    sensitive = (remainder < required) & (total > 0)
    upl = np.where(sensitive, required - remainder, 0.0)
    return sensitive, upl


def _group_sums(group, values, n_groups):
    """Per group, the sum of its values in record order with Kahan compensation: pandas'
    ``groupby(...).sum()`` step for step (the same floating-point result), without pandas."""
    order = np.argsort(group, kind="stable")
    g, v = group[order], values[order]
    start = np.searchsorted(g, np.arange(n_groups))
    rank = np.arange(g.size) - start[g]  # position of each record within its group
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max(initial=-1) + 2))
    total = np.zeros(n_groups)
    comp = np.zeros(n_groups)
    for r0, r1 in zip(bounds[:-1], bounds[1:], strict=True):
        at = by_rank[r0:r1]  # the r-th record of every group that has one: one per group
        lab = g[at]
        y = v[at] - comp[lab]
        t = total[lab] + y
        c = t - total[lab] - y
        comp[lab] = np.where(np.isnan(c), 0.0, c)
        total[lab] = t
    return total


def top_two_contributions(cell, board, contribution, n_cells):
    """Per cell: X = sum of contributions, x1 >= x2 the two largest board-aggregated sums.

    ``cell`` and ``board`` are integer codes per record (location); records of the same board in
    the same cell are first summed (a board is one contributor, methods.md §3.1).
    """
    cell = np.asarray(cell, dtype=np.int64)
    board = np.asarray(board, dtype=np.int64)
    contribution = np.asarray(contribution, dtype=float)
    n_board = int(board.max(initial=-1)) + 1
    keys, group = np.unique(cell * n_board + board, return_inverse=True)
    per_board = _group_sums(group.ravel(), contribution, keys.size)
    cells = keys // max(n_board, 1)
    # by cell, the largest board first (ties keep their board order, as a stable sort does)
    order = np.lexsort((-per_board, cells))
    cells, vals = cells[order], per_board[order]
    first = np.searchsorted(cells, cells)
    rank = np.arange(cells.size) - first
    total = np.bincount(cells, weights=vals, minlength=n_cells)
    x1 = np.zeros(n_cells)
    x2 = np.zeros(n_cells)
    x1[cells[rank == 0]] = vals[rank == 0]
    x2[cells[rank == 1]] = vals[rank == 1]
    n_boards = np.bincount(cells, minlength=n_cells)
    return total, x1, x2, n_boards


@dataclass
class LinkedTables:
    """Cells of a set of linked tables and their additive relations."""

    cell_ids: list[str]
    values: np.ndarray
    groups: list[tuple[int, np.ndarray]] = field(default_factory=list)
    never_suppress: np.ndarray | None = None  # e.g. the national total
    # publication priority per cell (data, from the caller): a complement is taken among a
    # group's cells of the lowest priority first; equal priorities: the parts before the total
    priority: np.ndarray | None = None

    def __post_init__(self):
        self.values = np.asarray(self.values, dtype=float)
        self.groups = [(int(t), np.asarray(m, dtype=int)) for t, m in self.groups]
        if self.never_suppress is None:
            self.never_suppress = np.zeros(len(self.cell_ids), dtype=bool)
        if self.priority is None:
            self.priority = np.zeros(len(self.cell_ids))


def _pick_complement(tables, candidates, suppressed, n_contributors, at_least=None):
    """The smallest open candidate (ties: fewest contributors, then id); with ``at_least`` (how
    far the audit found a cell short of its protection) the smallest one at least that large,
    which can give the cell the room in one step, if there is one."""
    cand = [int(c) for c in candidates if not suppressed[c] and not tables.never_suppress[c]]
    if not cand:
        return None
    key = sorted(cand, key=lambda c: (tables.values[c], n_contributors[c], tables.cell_ids[c]))
    if at_least is not None:
        big = [c for c in key if tables.values[c] >= at_least]
        if big:
            return big[0]
    return key[0]


def _pick_in_group(tables, total, members, suppressed, n_contributors, at_least=None):
    """The complement in one group (its parts and its total): among the open cells of the lowest
    publication priority, the parts before the total at equal priority, then as
    ``_pick_complement``. With every priority equal: a part, else the total (R3 as documented)."""
    tiers: dict[tuple[float, int], list[int]] = {}
    for rank, cells in ((0, members), (1, [total])):
        for c in cells:
            c = int(c)
            if not suppressed[c] and not tables.never_suppress[c]:
                tiers.setdefault((float(tables.priority[c]), rank), []).append(c)
    if not tiers:
        return None
    return _pick_complement(tables, tiers[min(tiers)], suppressed, n_contributors, at_least)


def _forced_priority(tables, st, count, suppressed, cell) -> float:
    """What suppressing ``cell`` forces next under R3: over the groups it would leave with exactly
    one suppressed cell (those with none now), the lowest publication priority among each one's
    other open cells, the highest of these (-inf: it forces nothing; inf: a group could not be
    completed)."""
    worst = -np.inf
    for h in st.first_groups(cell):
        if count[h] != 0:
            continue
        total, members = tables.groups[h]
        cells = np.append(members, total)
        open_ = cells[(cells != cell) & ~suppressed[cells] & ~tables.never_suppress[cells]]
        if open_.size == 0:
            return np.inf
        worst = max(worst, float(tables.priority[open_].min()))
    return worst


def _pick_looking_ahead(tables, total, members, suppressed, n_contributors, st, count):
    """The complement in one group as ``_pick_in_group`` (lowest priority, parts before the total,
    smallest value, fewest contributors, id), but a cell whose suppression would force a
    complement of higher priority than its own (``_forced_priority``) gives way to one that does
    not: the candidates are ranked by the higher of the two priorities first. Without such a
    cascade, the same pick as ``_pick_in_group``."""
    cand = [
        (float(tables.priority[c]), rank, tables.values[c], n_contributors[c], tables.cell_ids[c])
        + (int(c),)
        for rank, cells in ((0, members), (1, [total]))
        for c in cells
        if not suppressed[c] and not tables.never_suppress[c]
    ]
    best, best_cost = None, np.inf
    for key in sorted(cand):
        own, c = key[0], key[-1]
        if own >= best_cost:
            break  # no later candidate can force less than its own priority
        cost = max(own, _forced_priority(tables, st, count, suppressed, c))
        if best is None or cost < best_cost:
            best, best_cost = c, cost
        if cost == own:
            break
    return best


@dataclass(frozen=True)
class _Structure:
    """The groups of a ``LinkedTables`` flattened: every group's members then its total."""

    cells: np.ndarray  # cell of each entry
    sign: np.ndarray  # +1 member, -1 total
    group: np.ndarray  # group of each entry
    n_groups: int
    groups_of_ptr: np.ndarray  # entries of cell c: groups_of[ptr[c]:ptr[c+1]] (ascending)
    groups_of: np.ndarray

    def first_groups(self, cell) -> np.ndarray:
        """The groups holding ``cell``, ascending, each once."""
        return np.unique(self.groups_of[self.groups_of_ptr[cell] : self.groups_of_ptr[cell + 1]])


def _structure(tables: LinkedTables) -> _Structure:
    cached = tables.__dict__.get("_structure_cache")
    if cached is not None and cached[0] is tables.groups and cached[1] == len(tables.groups):
        return cached[2]
    sizes = np.array([len(m) + 1 for _, m in tables.groups], dtype=np.int64)
    n = len(tables.cell_ids)
    if sizes.size:
        cells = np.concatenate([x for t, m in tables.groups for x in (m, [t])]).astype(np.int64)
    else:
        cells = np.zeros(0, dtype=np.int64)
    sign = np.ones(cells.size)
    sign[np.cumsum(sizes) - 1] = -1.0
    group = np.repeat(np.arange(sizes.size), sizes)
    order = np.argsort(cells, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(cells, minlength=n))])
    st = _Structure(cells, sign, group, int(sizes.size), ptr, group[order])
    tables.__dict__["_structure_cache"] = (tables.groups, len(tables.groups), st)
    return st


def secondary_suppression(tables: LinkedTables, primary, n_contributors=None):
    """R3: every group containing a suppressed cell must contain at least two; fixed point.

    Complements are taken among the group's open cells of the lowest publication priority (its
    parts before its total at equal priority), the smallest value first (ties: fewest
    contributors, then lexical id), except that a cell whose suppression would force a
    complement of higher priority than its own gives way to one that does not
    (``_pick_looking_ahead``). Returns the boolean suppression mask (primary included). Groups
    are visited in order, pass after pass, with a running count of suppressed entries per group.
    """
    suppressed = np.asarray(primary, dtype=bool).copy()
    if n_contributors is None:
        n_contributors = np.zeros(len(tables.cell_ids))
    st = _structure(tables)
    count = np.bincount(st.group[suppressed[st.cells]], minlength=st.n_groups).tolist()
    changed = True
    while changed:
        changed = False
        for g in range(st.n_groups):
            if count[g] != 1:
                continue
            total, members = tables.groups[g]
            pick = _pick_looking_ahead(
                tables, total, members, suppressed, n_contributors, st, count
            )
            if pick is not None:
                suppressed[pick] = True
                for h in st.groups_of[st.groups_of_ptr[pick] : st.groups_of_ptr[pick + 1]]:
                    count[h] += 1
                changed = True
    return suppressed


def _system(tables: LinkedTables, suppressed):
    """The audit's equations over the suppressed cells, sparse: (unknown cells, A, b, blocks,
    group of each row).

    Every group ``value[total] == sum(value[members])`` becomes one row
    ``sum_{suppressed members} x - x_total (if suppressed) = published remainder``; rows without an
    unknown are dropped. ``blocks`` are the independent parts of the system (connected
    components): a list of (row indices, column indices)."""
    unknown = np.flatnonzero(suppressed)
    k = unknown.size
    col = -np.ones(len(tables.cell_ids), dtype=np.int64)
    col[unknown] = np.arange(k)
    st = _structure(tables)
    if st.n_groups == 0 or k == 0:
        return unknown, csr_matrix((0, k)), np.zeros(0), [], np.zeros(0, dtype=np.int64)
    cells, sign, group = st.cells, st.sign, st.group
    n_groups = st.n_groups
    is_unknown = suppressed[cells]
    rhs = -np.bincount(
        group[~is_unknown],
        weights=sign[~is_unknown] * tables.values[cells[~is_unknown]],
        minlength=n_groups,
    )
    a = coo_matrix(
        (sign[is_unknown], (group[is_unknown], col[cells[is_unknown]])), shape=(n_groups, k)
    ).tocsr()
    a.sum_duplicates()
    a.eliminate_zeros()
    keep = np.flatnonzero(np.diff(a.indptr) > 0)
    a, rhs = a[keep], rhs[keep]
    if a.shape[0] == 0:
        return unknown, a, rhs, [], keep
    pattern = a.copy()
    pattern.data[:] = 1.0
    bipartite = bmat([[None, pattern], [pattern.T, None]])
    _, labels = connected_components(bipartite, directed=False)
    row_label, col_label = labels[: a.shape[0]], labels[a.shape[0] :]
    order_r, order_c = np.argsort(row_label, kind="stable"), np.argsort(col_label, kind="stable")
    comps = np.unique(col_label[np.isin(col_label, row_label)])
    r_start = np.searchsorted(row_label[order_r], comps)
    r_stop = np.searchsorted(row_label[order_r], comps, side="right")
    c_start = np.searchsorted(col_label[order_c], comps)
    c_stop = np.searchsorted(col_label[order_c], comps, side="right")
    blocks = [
        (order_r[r0:r1], order_c[c0:c1])
        for r0, r1, c0, c1 in zip(r_start, r_stop, c_start, c_stop, strict=True)
    ]
    return unknown, a, rhs, blocks, keep


def _one_sum(sub_a) -> bool:
    """A block that is one plain sum of non-negative unknowns (closed form [0, S])."""
    return sub_a.shape[0] == 1 and bool(np.all(sub_a.data == 1.0))


def _propagated_upper(sub_a, sub_b, rounds=PROPAGATION_ROUNDS) -> np.ndarray:
    """Upper bounds of the unknowns of ``sub_a x = sub_b``, ``x >= 0``, by bound propagation:
    each row bounds each of its unknowns by the others' bounds (a part by the row's total, a
    total by its parts), repeated. Every bound holds for every solution, so it is never below
    the LP's maximum: a cell whose propagated bound is short of its protection fails without an
    LP. Infinite where no row bounds the cell."""
    a = csr_matrix(sub_a)
    pos, neg = a.multiply(a > 0).tocsr(), (-a).multiply(a < 0).tocsr()
    pos_coo, neg_coo = pos.tocoo(), neg.tocoo()
    pos_pat, neg_pat = (pos > 0).astype(float), (neg > 0).astype(float)
    n = a.shape[1]
    ub = np.full(n, np.inf)
    for _ in range(rounds):
        inf = np.isinf(ub).astype(float)
        finite = np.where(np.isinf(ub), 0.0, ub)
        # a part (+a): a x_k <= b + sum |a_j| ub_j over the row's totals (parts are >= 0)
        over_neg = np.where(neg_pat @ inf > 0, np.inf, sub_b + neg @ finite)
        # a total (-a): |a| x_k <= sum a_j ub_j over the row's parts - b
        over_pos = np.where(pos_pat @ inf > 0, np.inf, pos @ finite - sub_b)
        new = ub.copy()
        np.minimum.at(new, pos_coo.col, over_neg[pos_coo.row] / pos_coo.data)
        np.minimum.at(new, neg_coo.col, over_pos[neg_coo.row] / neg_coo.data)
        new = np.maximum(new, 0.0)
        if np.array_equal(new, ub):
            break
        ub = new
    return ub


def audit_intervals(tables: LinkedTables, suppressed, targets=None, need_lower=None, duals=None):
    """Tightest bounds an intruder can derive for each suppressed cell from the published cells.

    LP over the additive structure: unknowns = suppressed cells, bounds [0, inf), every group
    an equality with published cells moved to the right-hand side. Returns (lower, upper) for all
    cells (published cells get their own value; cells not in ``targets`` get NaN). ``need_lower``
    (mask) limits the minimisation to cells whose maximum does not already exceed their value.
    ``duals`` (a dict), if given, receives each LP-bounded cell's certificate of its maximum
    (``_Certificate``). The system (sparse) is split into independent blocks;
    a block that is one plain sum (a one-way table under a published total) has the exact
    closed-form answer [0, S] (or S for a lone unknown), every other block is solved by LP
    (HiGHS), two per cell at most.
    """
    suppressed = np.asarray(suppressed, dtype=bool)
    lower = tables.values.copy()
    upper = tables.values.copy()
    want = suppressed.copy() if targets is None else suppressed & np.asarray(targets, dtype=bool)
    lower[suppressed & ~want] = np.nan
    upper[suppressed & ~want] = np.nan
    if need_lower is not None:
        need_lower = np.asarray(need_lower, dtype=bool)
        lower[want & ~need_lower] = np.nan
    unknown, a_eq, b_eq, blocks, row_group = _system(tables, suppressed)
    if unknown.size == 0:
        return lower, upper
    free = np.ones(unknown.size, dtype=bool)
    for rws, cols in blocks:
        free[cols] = False
        sub_a, sub_b = a_eq[rws][:, cols], b_eq[rws]
        if _one_sum(sub_a):
            # one sum of non-negative unknowns: each lies in [0, S] unless it is alone
            total = max(float(sub_b[0]), 0.0)
            lower[unknown[cols]] = total if cols.size == 1 else 0.0
            upper[unknown[cols]] = total
            continue
        lp = None
        for j, cell in enumerate(unknown[cols]):
            if not want[cell]:
                continue
            lp = lp or _eq_lp(sub_a, sub_b)
            c = np.zeros(cols.size)
            c[j] = 1.0
            hi = lp.minimise(-c)
            upper[cell] = -hi[0] if hi is not None else np.inf
            if duals is not None and hi is not None:
                duals[int(cell)] = _Certificate(row_group[rws], lp.row_dual)
            if need_lower is None or (
                need_lower[cell] and upper[cell] <= tables.values[cell] + 1e-9
            ):
                lo = lp.minimise(c)
                lower[cell] = lo[0] if lo is not None else 0.0
    lower[unknown[free]] = 0.0  # in no published relation at all
    upper[unknown[free]] = np.inf
    return lower, upper


def _caps(open_, r2_done, upl_needed, margin):
    """How far each open cell must move to be proven: its UPL (R2) or just clearly (R1)."""
    upl_needed = np.where(np.isfinite(upl_needed), np.maximum(upl_needed, 0.0), 0.0)
    return np.where(~r2_done[open_], upl_needed[open_], 0.0) + 2.0 * margin[open_]


class _CappedPush:
    """LPs that move given cells away from their true values (sense -1: up, +1: down) but gain
    nothing beyond a cap each: max sum t_i / cap_i with t_i <= +/-(x_i - X_i), t_i <= cap_i.

    A plain sum objective ends in a vertex where most cells sit at 0; the caps spread the
    movement so that one LP proves many cells at once. The model holds every cell open at the
    start; a later push over fewer cells gives the others cost 0 (their t no longer binds x)
    and new caps, and starts from the last basis. A completion is accepted with a residual
    tolerance relative to the size of each row's terms (a sum of FTE in the thousands carries
    rounding above linprog's absolute 1e-9); it proves a cell only with a margin of 1e-6 of the
    cell's value, far above that, and a cell no completion proves gets its own LPs with
    linprog's test."""

    def __init__(self, sub_a, sub_b, cols, true_values, sense):
        n, m = sub_a.shape[1], cols.size
        direction = -sense  # +1: t <= x - X (up); -1: t <= X - x (down)
        pick = csr_matrix((np.full(m, -direction), (np.arange(m), cols)), shape=(m, n))
        a_ub = hstack([pick, identity(m, format="csr")], format="csr")
        a_eq = hstack([sub_a, csr_matrix((sub_a.shape[0], m))], format="csr")
        self.n, self.m = n, m
        self.lp = _LP(
            vstack([a_ub, a_eq], format="csr"),
            np.concatenate([np.full(m, -np.inf), sub_b]),
            np.concatenate([-direction * np.asarray(true_values, dtype=float), sub_b]),
            np.concatenate([np.zeros(n), np.full(m, -np.inf)]),
            np.full(n + m, np.inf),
            relative=True,
        )
        self.lp.primal_warm = True  # each push is a new objective (and caps) on the same model

    def push(self, which, caps):
        """x of the push of the cells at positions ``which`` (capped at ``caps``), or None."""
        self.lp.set_upper(self.n + which, caps)
        c = np.zeros(self.n + self.m)
        c[self.n + which] = -1.0 / caps
        res = self.lp.minimise(c)
        return None if res is None else res[1][: self.n]


def audit_failures(
    tables: LinkedTables,
    suppressed,
    primary_r1,
    primary_r2,
    upl,
    tol=1e-9,
    shortfall=None,
    duals=None,
    certify=None,
):
    """The primary cells the published cells bound too tightly, without every cell's bounds.

    The same question as ``audit_intervals`` + ``_audit_failures``, answered with far fewer LPs:
    a cell passes as soon as *any* feasible completion of the published tables shows it (R2: a
    value >= X + UPL; R1: a value other than X). A few LPs over all blocks at once push every
    still-unproven cell up (then down), each capped at what it needs (``_CappedPush``), and
    prove most of them; only the cells no shared LP proves get their own LPs on their block
    (max, then min for R1), exactly as in ``audit_intervals``. ``duals`` (a dict), if given,
    receives the certificate of each cell that its own LP failed (``_Certificate``). A cell
    whose propagated bound (``_propagated_upper``) is short of its protection fails without an
    LP, unless ``certify`` (a mask) asks for its LP and certificate.
    """
    suppressed = np.asarray(suppressed, dtype=bool)
    primary_r1 = np.asarray(primary_r1, dtype=bool)
    primary_r2 = np.asarray(primary_r2, dtype=bool)
    primary = primary_r1 | primary_r2
    unknown, a_eq, b_eq, blocks, row_group = _system(tables, suppressed)
    values = tables.values
    need = np.where(primary_r2, values + np.asarray(upl, dtype=float) - tol, np.inf)
    fails: list[int] = []
    lp_blocks = []
    for rws, cols in blocks:
        cells = unknown[cols]
        targets = np.flatnonzero(primary[cells])
        if targets.size == 0:
            continue
        sub_a, sub_b = a_eq[rws][:, cols], b_eq[rws]
        if not _one_sum(sub_a):
            lp_blocks.append((rws, cols, sub_a, sub_b))
            continue
        total = max(float(sub_b[0]), 0.0)
        hi = np.full(cells.size, total)
        lo = np.full(cells.size, total if cells.size == 1 else 0.0)
        for t in targets:
            c = cells[t]
            ok = True
            if primary_r2[c]:
                ok &= bool(hi[t] >= need[c])
                if shortfall is not None and hi[t] < need[c]:
                    shortfall[int(c)] = float(need[c] - hi[t])
            if primary_r1[c]:
                ok &= bool(hi[t] > values[c] + tol or values[c] - lo[t] > tol)
            if not ok:
                fails.append(int(c))
    if not lp_blocks:
        return sorted(fails)
    # the shared completions, for every LP block at once (the blocks are independent, so one
    # LP over all of them is each block's LP side by side, at the cost of one call)
    rows_all = np.concatenate([b[0] for b in lp_blocks])
    cols_all = np.concatenate([b[1] for b in lp_blocks])
    big_a, big_b = a_eq[rows_all][:, cols_all], b_eq[rows_all]
    cells_all = unknown[cols_all]
    targets = np.flatnonzero(primary[cells_all])
    r2_done = ~primary_r2[cells_all[targets]]
    r1_done = ~primary_r1[cells_all[targets]]
    done = r2_done & r1_done
    true_t = values[cells_all[targets]]
    need_t = need[cells_all[targets]]
    margin = 1e-6 * (1.0 + np.abs(true_t))
    # -1 pushes the open cells up (R2 and R1), then +1 pushes down what R1 still needs; each
    # round keeps only the cells no earlier completion has shown
    # (a few cells: their own LPs, warm on one block, cost less than the pushes)
    for sense in (-1.0, 1.0) if targets.size >= PUSH_MIN_CELLS else ():
        first = np.flatnonzero(~done if sense < 0 else ~r1_done)
        if first.size == 0:
            continue
        pushes = _CappedPush(big_a, big_b, targets[first], true_t[first], sense)
        pos = np.full(targets.size, -1)
        pos[first] = np.arange(first.size)
        while True:
            open_ = np.flatnonzero(~done if sense < 0 else ~r1_done)
            if open_.size == 0:
                break
            caps = _caps(open_, r2_done, need_t - true_t, margin)
            x = pushes.push(pos[open_], caps)
            if x is None:
                break
            x = x[targets]
            # a completion proves only with a clear margin (an LP point carries solver
            # noise); what it does not prove goes to the cell's own LPs below
            ok_r2 = x >= need_t + margin
            moved = np.abs(x - true_t) > margin
            new = (ok_r2 & ~r2_done) | (moved & ~r1_done)
            r2_done |= ok_r2
            r1_done |= moved
            done = r2_done & r1_done
            # a push costs about as much as a few cells' own LPs: stop when it proves fewer
            if new.sum() < PUSH_MIN_PROVEN:
                break
    proven = set(cells_all[targets[done]].tolist())
    for rws, cols, sub_a, sub_b in lp_blocks:
        cells = unknown[cols]
        lp = None
        # every optimum below is a completion of the published tables too: it proves, with the
        # pushes' margin, the block's other open cells it shows (a value >= X + UPL, or != X)
        tgt = np.flatnonzero(primary[cells])
        tc = cells[tgt]
        t_val, t_need = values[tc], need[tc]
        t_margin = 1e-6 * (1.0 + np.abs(t_val))
        ok2 = ~primary_r2[tc] | np.isin(tc, list(proven))
        ok1 = ~primary_r1[tc] | np.isin(tc, list(proven))

        def seen(res, ok2=ok2, ok1=ok1, t_val=t_val, t_need=t_need, t_margin=t_margin, tgt=tgt):
            if res is not None:
                xt = res[1][tgt]
                ok2 |= xt >= t_need + t_margin
                ok1 |= np.abs(xt - t_val) > t_margin

        ub = None
        for k, t in enumerate(tgt):
            cell = cells[t]
            if ok2[k] and ok1[k]:
                continue
            if primary_r2[cell] and not (certify is not None and certify[cell]):
                # a bound by propagation short of the protection fails the cell without an LP
                # (and without a certificate: a cell that fails again gets its LP, ``certify``)
                ub = _propagated_upper(sub_a, sub_b) if ub is None else ub
                if ub[t] < need[cell] - 1e-7 * (1.0 + abs(need[cell])):
                    if shortfall is not None:
                        shortfall[int(cell)] = float(need[cell] - ub[t])
                    fails.append(int(cell))
                    continue
            lp = lp or _eq_lp(sub_a, sub_b)
            e = np.zeros(cols.size)
            e[t] = 1.0
            hi = lp.minimise(-e)
            seen(hi)
            upper = -hi[0] if hi is not None else np.inf
            hi_dual = lp.row_dual if hi is not None else None
            ok = True
            if primary_r2[cell]:
                ok &= bool(upper >= need[cell])
                if shortfall is not None and upper < need[cell]:
                    shortfall[int(cell)] = float(need[cell] - upper)
                if duals is not None and hi is not None and upper < need[cell]:
                    duals[int(cell)] = _Certificate(row_group[rws], lp.row_dual)
            # a cell R2 already failed needs no minimum: it fails either way
            if primary_r1[cell] and ok and not upper > values[cell] + tol:
                lo = lp.minimise(e)
                seen(lo)
                lower = lo[0] if lo is not None else 0.0
                ok &= bool(values[cell] - lower > tol)
                # the maximum's certificate: what can free the cell upwards (``protect``)
                if not ok and duals is not None and hi_dual is not None:
                    duals[int(cell)] = _Certificate(row_group[rws], hi_dual)
            if not ok:
                fails.append(int(cell))
    # a suppressed primary cell in no published relation at all is unbounded: it passes
    return sorted(fails)


@dataclass(frozen=True)
class _Certificate:
    """The duals of the LP that maximised a cell: ``y`` per row, the rows being the groups
    ``groups``. Its bound is ``y · b``. A published cell whose column ``a_j`` has
    ``y · a_j = 0`` leaves ``y`` a certificate of the same bound once suppressed, so it cannot
    loosen the bound on its own; only a cell with ``y · a_j != 0`` (a non-zero reduced cost: as a
    new unknown, free to move from its true value) can let the maximum grow."""

    groups: np.ndarray
    y: np.ndarray

    def loosening(self, tables: LinkedTables, suppressed) -> np.ndarray:
        """The open cells whose suppression can loosen the bound, as a mask."""
        st = _structure(tables)
        y = np.zeros(st.n_groups)
        y[self.groups] = self.y
        effect = np.bincount(st.cells, weights=st.sign * y[st.group], minlength=len(suppressed))
        scale = 1e-9 * (1.0 + np.abs(self.y).max(initial=0.0))
        return (np.abs(effect) > scale) & ~suppressed & ~tables.never_suppress


def _certified_complement(tables, certificate, suppressed, n_contributors, at_least=None):
    """A complement for a cell its own LP failed: among the cells that loosen its bound
    (``_Certificate.loosening``), those of the lowest publication priority, then as
    ``_pick_complement``. None if no open cell loosens it."""
    cand = np.flatnonzero(certificate.loosening(tables, suppressed))
    if cand.size == 0:
        return None
    low = tables.priority[cand] == tables.priority[cand].min()
    return _pick_complement(tables, cand[low], suppressed, n_contributors, at_least)


def pinned_by_structure(tables: LinkedTables, cell: int) -> bool:
    """Whether the relations alone fix the cell at its value, with every cell suppressed (a
    part that one sum includes and another, equal sum leaves out is 0 in every completion). No
    complement can protect such a cell; it is the relations that are wrong, not the pattern."""
    target = np.zeros(len(tables.cell_ids), dtype=bool)
    target[cell] = True
    _, upper = audit_intervals(tables, np.ones(len(target), dtype=bool), target)
    return bool(upper[cell] <= tables.values[cell] + R1_ROOM)


@dataclass
class ProtectionResult:
    status: np.ndarray  # PUBLISHED / PRIMARY / SECONDARY per cell
    lower: np.ndarray  # audit bounds per cell
    upper: np.ndarray
    audit_passed: bool
    failing: list[str]
    passed: np.ndarray | None = None  # primary cells the audit passed (``bounds=False``)


def _audit_failures(tables, primary_r1, primary_r2, upl, lower, upper, tol=1e-9):
    """Primary cells that the published cells bound too tightly (secondary cells need nothing)."""
    fails = []
    for cell in np.flatnonzero(primary_r1 | primary_r2):
        ok = True
        if primary_r2[cell]:
            ok &= bool(upper[cell] >= tables.values[cell] + upl[cell] - tol)
        if primary_r1[cell]:  # not exactly derivable: the interval has a positive width
            ok &= bool(
                upper[cell] > tables.values[cell] + tol or tables.values[cell] - lower[cell] > tol
            )
        if not ok:
            fails.append(int(cell))
    return fails


def protect(
    tables: LinkedTables,
    primary_r1,
    primary_r2,
    upl,
    n_contributors=None,
    max_rounds: int = 100,
    already_suppressed=None,
    bounds: bool = True,
    passed=None,
) -> ProtectionResult:
    """Primary + secondary suppression with the LP audit, adding complements until it passes.

    ``primary_r1``/``primary_r2`` are the primary masks; ``upl`` the R2 upper protection levels.
    ``bounds=False`` asks only which cells fail (``audit_failures``, far fewer LPs); the result's
    ``lower``/``upper`` are then NaN, and ``passed`` (a mask of primary cells already known to
    pass with ``already_suppressed`` or fewer cells suppressed) spares their audit: a completion
    of the published cells stays one when more cells are suppressed (the new unknowns keep their
    true values), so a cell once shown safe stays safe. Only the cells that failed are audited
    again after complements are added.
    """
    primary_r1 = np.asarray(primary_r1, dtype=bool)
    primary_r2 = np.asarray(primary_r2, dtype=bool)
    upl = np.asarray(upl, dtype=float)
    if n_contributors is None:
        n_contributors = np.zeros(len(tables.cell_ids))
    primary = primary_r1 | primary_r2
    start = primary if already_suppressed is None else primary | np.asarray(already_suppressed)
    suppressed = secondary_suppression(tables, start, n_contributors)
    fails: list[int] = []
    known = np.zeros(len(primary), dtype=bool) if passed is None else np.asarray(passed, bool)
    known = known & primary
    failed_before = np.zeros(len(primary), dtype=bool)  # these get their LP and certificate
    for _ in range(max_rounds):
        shortfall: dict[int, float] = {}
        certificates: dict[int, _Certificate] = {}
        if bounds:
            lower, upper = audit_intervals(tables, suppressed, primary, primary_r1, certificates)
            fails = _audit_failures(tables, primary_r1, primary_r2, upl, lower, upper)
            for c in fails:
                need = tables.values[c] + upl[c] - 1e-9
                if primary_r2[c] and upper[c] < need:
                    shortfall[c] = float(need - upper[c])
        else:
            lower = upper = np.full(len(tables.cell_ids), np.nan)
            fails = audit_failures(
                tables,
                suppressed,
                primary_r1 & ~known,
                primary_r2 & ~known,
                upl,
                shortfall=shortfall,
                duals=certificates,
                certify=failed_before,
            )
            failed_before[fails] = True
            known = primary.copy()
            known[fails] = False
        if not fails:
            break
        added = False
        st = _structure(tables)
        for cell in fails:
            # a cell its own LP failed: a complement its LP's duals show would loosen the bound
            # (one that does not can leave the cell failing round after round)
            cert = certificates.get(cell)
            if cert is not None and cell in shortfall:
                pick = _certified_complement(
                    tables, cert, suppressed, n_contributors, shortfall.get(cell)
                )
                if pick is not None:
                    suppressed[pick] = True
                    added = True
                    continue
            # the groups holding the cell, the smallest first: a cell is bounded most tightly
            # by its narrowest sum (a municipality by its region's, not the nation's), so a
            # complement there protects it; ties keep the groups' order. A group whose
            # complement costs a higher publication priority than another's (its own, or one
            # it forces under R3: ``_forced_priority``) gives way.
            groups = st.first_groups(cell)
            sizes = [len(tables.groups[g][1]) for g in groups]
            count = np.bincount(st.group[suppressed[st.cells]], minlength=st.n_groups)
            best, best_cost = None, np.inf
            for g in groups[np.argsort(sizes, kind="stable")]:
                total, members = tables.groups[g]
                gap = shortfall.get(cell)
                pick = _pick_in_group(tables, total, members, suppressed, n_contributors, gap)
                if pick is None:
                    continue
                cost = max(
                    float(tables.priority[pick]),
                    _forced_priority(tables, st, count, suppressed, pick),
                )
                if best is None or cost < best_cost:
                    best, best_cost = pick, cost
            if (
                best is None
                and cert is not None
                and cell not in shortfall  # an R2 cell's certificate was tried above
                and not pinned_by_structure(tables, cell)
            ):
                # every group of the cell is suppressed through, yet the published cells pin
                # it from further away (an R1 cell of value 0 under sums that are pinned): a
                # positive cell its maximum's duals show would loosen the bound
                best = _certified_complement(tables, cert, suppressed, n_contributors, R1_ROOM)
            if best is not None:
                suppressed[best] = True
                added = True
        if not added:
            break
        suppressed = secondary_suppression(tables, suppressed, n_contributors)
    status = np.where(primary, PRIMARY, np.where(suppressed, SECONDARY, PUBLISHED))
    return ProtectionResult(
        status,
        lower,
        upper,
        not fails,
        [tables.cell_ids[c] for c in fails],
        None if bounds else known,
    )


def protect_measures(tables: LinkedTables, values, r1, r2, n_contributors=None, max_rounds=10):
    """One suppression pattern for several measures of the same linked tables (methods.md §3.4).

    ``values``: measure -> its cell values; ``r2``: measure -> (sensitive, UPL) of the p % rule;
    ``r1``: the threshold rule's cells, checked on the measure ``"tekort"`` (the shortage
    total). Each measure is protected (``protect``, exact bounds) starting from the cells any
    measure has suppressed, until no measure adds a cell; the last round's audits are returned
    per measure. Fail closed: if an audit cannot be satisfied, every cell but the
    ``never_suppress`` ones is withheld, so that nothing with figures can be derived.
    Returns (status per cell, audit passed per measure)."""
    r1 = np.asarray(r1, dtype=bool)
    primary = r1.copy()
    for sensitive, _upl in r2.values():
        primary |= np.asarray(sensitive, dtype=bool)
    suppressed = primary.copy()
    audit: dict[str, bool] = {}
    for _round in range(max_rounds):
        before = suppressed.copy()
        audit = {}
        for measure, (sensitive, upl) in r2.items():
            linked = LinkedTables(
                tables.cell_ids, values[measure], tables.groups, tables.never_suppress
            )
            r1_m = r1 if measure == "tekort" else np.zeros_like(r1)
            result = protect(
                linked, r1_m, sensitive, upl, n_contributors, already_suppressed=suppressed
            )
            suppressed |= result.status != PUBLISHED
            audit[measure] = bool(result.audit_passed)
        if np.array_equal(before, suppressed):
            break
    if not all(audit.values()):
        suppressed |= ~tables.never_suppress
    status = np.where(primary, PRIMARY, np.where(suppressed, SECONDARY, PUBLISHED)).astype(object)
    return status, audit
