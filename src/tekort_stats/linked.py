"""Secondary suppression over additive relations between cells that ``estimate_round`` does not
link itself (methods.md §3.3 R3): one breakdown's domain that is another's (``sector_group=vo``
is ``sector=vo``), a domain that is the union of others (po = bao + sbo + (v)so), and the
emergency measures of a domain that add up to its hidden vacancies (``coping``).

The rule is R3's: in every additive group (a total and its parts) that holds exactly one
suppressed cell, one more is suppressed: the open part with the smallest positive FTE (a zero
part protects nothing), else the total. Groups are the relations given plus, so that a new
suppression is carried through, the linked tables of ``estimate_round`` (national → every
one-way breakdown; each two-way breakdown → its one-way margins) and the measures of a domain
(total = the four cells; open and hidden = their two cells). Repeated to a fixed point. Nothing
is ever published that was suppressed. Then (``protect_groups(p=)``) the LP audit over all these
groups at once: ``estimate_round`` audits each measure on its own, so a cell bounded through
the sums across measures, sector unions or emergency measures is caught here (issue 24).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY, LinkedTables, protect
from tekort_stats.shortage_cells import MEASURES
from tekort_stats.visibility import visibility_arrays

# (total, parts) among the measures of one domain; the total is also open + hidden
MEASURE_SUMS = (
    ("tekort", MEASURES["tekort"]),
    ("tekort", ("openstaand", "verborgen")),
    ("openstaand", MEASURES["openstaand"]),
    ("verborgen", MEASURES["verborgen"]),
)
SUPPRESSED = (PRIMARY, SECONDARY)

# A relation: (breakdown, domain) of the total and [(breakdown, domain)] of its parts.
Relation = tuple[tuple[str, str], Sequence[tuple[str, str]]]


def _domain_values(domain: str) -> dict[str, str]:
    if domain == "national":
        return {}
    return dict(part.split("=", 1) for part in domain.split("|"))


def groups_of(
    cells: pd.DataFrame,
    relations: Iterable[Relation] = (),
    measure_parts: Sequence[tuple[str, Sequence[str]]] | None = None,
) -> list[tuple[int | None, np.ndarray]]:
    """Additive groups (row of the total, rows of the parts) among ``cells`` (one function or
    several; direct cells only). ``measure_parts``: (total, parts) pairs of measures that add up in
    every domain (default MEASURE_SUMS)."""
    measure_parts = MEASURE_SUMS if measure_parts is None else measure_parts
    key = {
        (f, b, d, m): i
        for i, (f, b, d, m) in enumerate(
            zip(
                cells["function"],
                cells["breakdown"],
                cells["domain"],
                cells["measure"],
                strict=True,
            )
        )
    }
    groups: list[tuple[int | None, np.ndarray]] = []
    by_breakdown: dict = {}
    for f, b, d, m in key:
        by_breakdown.setdefault((f, b, m), []).append(d)
    for (f, b, m), domains in by_breakdown.items():
        if b == "national":
            continue
        dims = b.split(":")
        if len(dims) == 1:
            total = key.get((f, "national", "national", m))
            groups.append((total, np.array([key[(f, b, d, m)] for d in domains])))
            continue
        for keep in dims:
            parents: dict = {}
            for d in domains:
                parents.setdefault(f"{keep}={_domain_values(d)[keep]}", []).append(
                    key[(f, b, d, m)]
                )
            for parent, members in parents.items():
                groups.append((key.get((f, keep, parent, m)), np.array(members)))
    for f, b, d, m in key:
        for total, names in measure_parts:
            if total != m:
                continue
            parts = [key[(f, b, d, p)] for p in names if (f, b, d, p) in key]
            if parts:
                groups.append((key[(f, b, d, m)], np.array(parts)))
    functions_measures = {(f, m) for f, _b, _d, m in key}
    for (tb, td), parts in relations:
        for f, m in functions_measures:
            members = [key[(f, pb, pd, m)] for pb, pd in parts if (f, pb, pd, m) in key]
            # a part without a cell has no units: it adds nothing to the total
            if (f, tb, td, m) in key and members:
                groups.append((key[(f, tb, td, m)], np.array(members)))
    return groups


def mark_secondary(cells: pd.DataFrame, added: np.ndarray) -> pd.DataFrame:
    """Cells newly suppressed by a secondary rule (``added``) become secondary, with the symbol of
    the one visibility rule."""
    if added.any():
        status = cells["disclosure_status"].to_numpy(dtype=object).copy()
        status[added] = SECONDARY
        cells["disclosure_status"] = status
        cells["symbol"] = visibility_arrays(
            status,
            cells["quality_class"].to_numpy(),
            cells["quality_class_fte"].to_numpy(),
            show_unassessed=True,
        )["symbol"]
    return cells


def complete_groups(suppressed: np.ndarray, fte: np.ndarray, groups) -> np.ndarray:
    """R3 to a fixed point: every group holding exactly one suppressed cell gets a second, its
    open part with the smallest positive FTE (a zero part protects nothing), else its total.

    ``groups``: (members, total, total_fixed): the parts' rows, the total's row (None: the total
    is not among the cells) and, for a total not among the cells, whether it is suppressed.
    ``suppressed`` is updated in place; returns the cells this step suppressed."""
    added = np.zeros(len(suppressed), dtype=bool)
    changed = True
    while changed:
        changed = False
        for members, total, total_fixed in groups:
            total_suppressed = bool(suppressed[total]) if total is not None else total_fixed
            if int(suppressed[members].sum()) + int(total_suppressed) != 1:
                continue
            open_ = members[~suppressed[members] & (fte[members] > 0)]
            if len(open_):
                pick = int(open_[np.argmin(fte[open_])])
            elif total is not None and not suppressed[total]:
                pick = int(total)
            else:
                continue
            suppressed[pick] = added[pick] = True
            changed = True
    return added


def audit_groups(cells: pd.DataFrame, suppressed: np.ndarray, fte: np.ndarray, groups, p: float):
    """The LP audit over ``groups`` at once (``disclosure.protect``), given every published cell
    of these relations together: every primary cell with a positive FTE keeps the p % rule's
    protection, a feasible maximum of at least ``(1 + p/100) X``; a primary cell of FTE 0 is
    one of R1 (a zero cell is not sensitive under R2, methods.md §3.3 R6) and keeps R1's, an
    interval of positive width (§3.4 step 4): its value is not derivable. A failing cell gets
    complements as in the estimate's own audit. Groups whose total is not among the cells bind
    nothing and are left out. ``suppressed`` is updated in place; returns the cells this step
    suppressed."""
    with_total = [(int(t), np.asarray(m)) for t, m in groups if t is not None and len(m)]
    primary = (cells["disclosure_status"] == PRIMARY).to_numpy()
    primary_r2 = primary & (fte > 0)
    primary_r1 = primary & ~primary_r2
    if not with_total or not primary.any():
        return np.zeros(len(suppressed), dtype=bool)
    tables = LinkedTables([str(i) for i in range(len(fte))], fte, with_total)
    res = protect(
        tables,
        primary_r1,
        primary_r2,
        p / 100.0 * fte,
        already_suppressed=suppressed,
        bounds=False,
    )
    added = (res.status != PUBLISHED) & ~suppressed
    suppressed |= added
    return added


def protect_groups(cells: pd.DataFrame, groups, p: float | None = None) -> pd.DataFrame:
    """R3 over ``groups`` ((total, members) pairs) to a fixed point, then, with ``p``, the LP
    audit over them all at once (``audit_groups``); newly suppressed cells become secondary,
    with the symbol of the one visibility rule."""
    cells = cells.reset_index(drop=True).copy()
    suppressed = cells["disclosure_status"].isin(SUPPRESSED).to_numpy().copy()
    fte = cells["fte"].fillna(0.0).to_numpy()
    added = complete_groups(suppressed, fte, [(members, total, False) for total, members in groups])
    if p is not None:
        added |= audit_groups(cells, suppressed, fte, groups, p)
    return mark_secondary(cells, added)


def protect_linked(
    cells: pd.DataFrame,
    relations: Iterable[Relation] = (),
    measure_parts: Sequence[tuple[str, Sequence[str]]] | None = None,
    p: float | None = None,
) -> pd.DataFrame:
    """``protect_groups`` over ``groups_of`` the same cells."""
    if cells.empty:
        return cells
    cells = cells.reset_index(drop=True)
    return protect_groups(cells, groups_of(cells, list(relations), measure_parts), p)
