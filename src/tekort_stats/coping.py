"""How schools cope: the hidden shortage split by emergency measure (methods.md §1.4).

Each location that has hidden vacancies says which emergency measures fill them (merged classes,
unqualified staff, support staff in front of the class, pupils sent home, …), in FTE per measure
code, for regular posts and for substitution. For every measure ``m`` and every domain ``D`` this
module estimates

    R_{m,D} = sum_s w_i 1_D(i) y_{m,i} / sum_s w_i 1_D(i) f_i ,

the share of the formatie that is filled by measure ``m`` (``y_{m,i}``: the location's regular and
substitution FTE of code ``m``), with the same separate ratio estimator, strata, calibrated
weights, linearised variance, t interval, quality class and disclosure control as every other
measure of ``estimate_round``: the measure's FTE stands in for the hidden FTE of an estimate of
the same round, whose ``verborgen`` cell is the measure's cell. So the measures of a domain add
up to its hidden-vacancy rate (on the same respondents), and their FTE to its hidden FTE.

The quantity is a rate over the formatie, not a share of the hidden shortage: a share is a ratio
of two random totals; the rate is estimated exactly as the published hidden-vacancy rate is, and
the share of a measure follows from two published rates (``R_m / R_verborgen``).

Respondents: the locations whose split is complete (each cell's measures add up to its hidden FTE,
the form's own rule). A location that left the split out is an item non-respondent for this
estimate only (§2.8). Every measure is estimated on the same respondents, so the strata, weights
and response rates are the same for all of them.

Disclosure: each measure's cells are protected by ``estimate_round`` (R1, the p%-rule on the
measure's board contributions, secondary suppression in every linked table, the LP audit). The
measures of one domain add up to the domain's hidden FTE, which is published; so in every domain
where one measure is suppressed at least one more is (``complement_measures``; the smallest value
first), and again across the domains of a measure, to a fixed point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.estimate import Settings, estimate_round
from tekort_stats.frame import COMPONENTS
from tekort_stats.linked import complete_groups, mark_secondary
from tekort_stats.shortage_cells import HIDDEN_CELLS

PREFIX = "nood:"  # the stored measure of code m is "nood:<m>"
HIDDEN = "verborgen"
TOLERANCE = 0.005  # FTE have two decimals: parts that add up to within half a cent add up


def measure_name(code: str) -> str:
    return f"{PREFIX}{code}"


def complete_split(responses: pd.DataFrame, split: pd.DataFrame) -> np.ndarray:
    """Per response row: whether its split adds up, cell by cell, to its hidden FTE.

    ``split``: one row per location × cell × code with columns ``location_id``, ``cell``
    (``regulier`` / ``vervanging``) and ``fte``."""
    sums = split.groupby(["location_id", "cell"])["fte"].sum()
    ok = np.ones(len(responses), dtype=bool)
    for cell, column in HIDDEN_CELLS.items():
        parts = sums.xs(cell, level="cell") if cell in sums.index.get_level_values(1) else None
        given = (
            responses["location_id"].map(parts).fillna(0.0).to_numpy()
            if parts is not None
            else np.zeros(len(responses))
        )
        ok &= np.abs(given - responses[column].to_numpy(dtype=float)) <= TOLERANCE
    return ok


def measure_responses(responses: pd.DataFrame, split: pd.DataFrame, code: str) -> pd.DataFrame:
    """The responses with measure ``code``'s FTE as their hidden FTE and nothing else."""
    out = responses.copy()
    for column in COMPONENTS:
        out[column] = 0.0
    mine = split[split["code"] == code]
    for cell, column in HIDDEN_CELLS.items():
        fte = mine[mine["cell"] == cell].groupby("location_id")["fte"].sum()
        out[column] = out["location_id"].map(fte).fillna(0.0).astype(float)
    return out


def estimate_coping(
    frame: pd.DataFrame,
    responses: pd.DataFrame,
    split: pd.DataFrame,
    breakdowns: Sequence[str],
    *,
    codes: Sequence[str] | None = None,
    settings: Settings | None = None,
    hidden_status: Mapping | None = None,
) -> pd.DataFrame:
    """The cells of every measure × breakdown × domain (``estimate_round``'s columns; measure
    ``nood:<code>``), for the responses of one function (teachers).

    ``hidden_status`` (optional): (function, breakdown, domain) -> disclosure status of the
    domain's published hidden-vacancy cell, the total the measures add up to."""
    if split.empty or responses.empty:
        return pd.DataFrame()
    codes = list(codes) if codes is not None else sorted(split["code"].unique())
    respondents = responses[complete_split(responses, split)].reset_index(drop=True)
    tables = []
    for code in codes:
        result = estimate_round(
            frame,
            measure_responses(respondents, split, code),
            list(breakdowns),
            rng=np.random.default_rng(0),
            n_bootstrap=0,
            settings=settings,
        )
        cells = result.cells
        tables.append(cells[cells["measure"] == HIDDEN].assign(measure=measure_name(code)))
    cells = pd.concat(tables, ignore_index=True)
    return complement_measures(cells, hidden_status or {})


def complement_measures(cells: pd.DataFrame, hidden_status: Mapping) -> pd.DataFrame:
    """Secondary suppression across the measures of a domain (methods.md §3.3 R3): a group that
    holds exactly one suppressed cell gets a second, its published member with the smallest
    positive FTE (a zero member protects nothing), else its total when that is a cell
    (``linked.complete_groups``).
    Groups: the measures of one domain with the domain's hidden total as their sum (suppressed
    where ``hidden_status`` says so), and the domains of one measure × breakdown with the
    measure's national cell as their sum. Repeated to a fixed point."""
    cells = cells.reset_index(drop=True).copy()
    if cells.empty:
        return cells
    suppressed = cells["disclosure_status"].isin((PRIMARY, SECONDARY)).to_numpy().copy()
    fte = cells["fte"].fillna(np.inf).to_numpy()
    function, breakdown = cells["function"].to_numpy(), cells["breakdown"].to_numpy()
    domain, measure = cells["domain"].to_numpy(), cells["measure"].to_numpy()
    by_domain: dict = {}
    by_measure: dict = {}
    national: dict = {}
    for i in range(len(cells)):
        by_domain.setdefault((function[i], breakdown[i], domain[i]), []).append(i)
        if breakdown[i] == "national":
            national[(function[i], measure[i])] = i
        else:
            by_measure.setdefault((function[i], breakdown[i], measure[i]), []).append(i)
    # (members, the index of the group's total among the cells or None, its fixed status)
    groups = [
        (np.array(m), None, hidden_status.get(k, PUBLISHED) in (PRIMARY, SECONDARY))
        for k, m in by_domain.items()
    ]
    groups += [(np.array(m), national.get((f, me)), False) for (f, _b, me), m in by_measure.items()]
    return mark_secondary(cells, complete_groups(suppressed, fte, groups))
