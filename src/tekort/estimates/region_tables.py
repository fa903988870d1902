"""A region's totals by municipality and by member board under the public disclosure rules,
computed with every estimate run.

The figures are the totals of the responding locations of the region's member boards (not
estimates). Each cell is protected as methods.md §3.3–§3.4 prescribe, with the functions of
``tekort_stats.disclosure``:

* R1: fewer than 5 responding locations or fewer than 3 distinct boards → primary suppression;
* R2: the p%-rule with the board as contributor, on every protected measure (the shortage, its
  open and its hidden part; the open part can be derived from the other two, so it is protected
  as well);
* R3: secondary suppression over the linked tables (region total = Σ municipalities =
  Σ boards), then the LP audit; further complements until it passes.

A cell without responding locations is known to be zero: it is shown as ``x`` and never used
as a complement (suppressing a known zero protects nothing). A member board's row always has
one contributor, so R1 suppresses its figures: a region never sees one board's (or one
location's) figures. FTE are rounded to 5 and percentages to one decimal (R4), from unrounded
values.

``run_estimates`` calls ``region_tables_for`` right after ``build_inputs``, on the teachers'
responses it just read (``registrations_from``), and stores the result in the transaction that
stores the cells: every onderwijsregio's rows, as shown (rounded; a suppressed cell holds its
symbol and nothing else, like a ``ReleaseCell``), and the disclosure facts (audit per measure,
fail-closed, suppressed counts) as an ``EstimateRegionTables`` of the run. So the region
tables and the estimates of a run come from the same registrations, and a release (which
publishes one run) shows both as they were then: a registration changed after the run changes
nothing a region sees of it; only a new run, published as a new version, does. The live
computation (``region_cells`` + ``rows``) is otherwise only the ministry's view of a closed
round that has no release yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort.estimates.frames import CELLS, FUNCTION
from tekort.estimates.models import EstimateRegionTables, EstimateRun
from tekort.registry import membership
from tekort.registry.models import Location, Onderwijsregio
from tekort.submissions.models import Registration, Round
from tekort_stats import disclosure
from tekort_stats.rounding import (
    SYMBOL_CONFIDENTIAL,
    SYMBOL_NOT_AVAILABLE,
    SYMBOL_ROUNDS_TO_ZERO,
    round_half_up,
    round_to_base,
)
from tekort_stats.shortage_cells import MEASURES

PROTECTED = {measure: MEASURES[measure] for measure in ("tekort", "openstaand", "verborgen")}
TOTAL = "total"
FTE_BASE = 5
# the columns of a row that hold figures of the respondents (a symbol where not shown)
FIGURES = ("formatie", "tekort_fte", "tekort_rate", "verborgen_fte", "verborgen_rate")


@dataclass
class RegionCells:
    """All cells of the region's linked tables and their protection."""

    ids: list[str]  # "total", "municipality::GM0363", "board::41775"
    labels: list[str]  # municipality name, "board name (number)"; "" for the total
    locations: np.ndarray  # locations asked (register)
    responding: np.ndarray
    boards_responding: np.ndarray
    formatie: np.ndarray
    values: dict[str, np.ndarray]  # protected measure -> cell totals (unrounded)
    tables: disclosure.LinkedTables  # additive structure (values of "tekort")
    status: np.ndarray  # published / primary_suppressed / secondary_suppressed
    r1: np.ndarray
    r2: dict[str, tuple[np.ndarray, np.ndarray]]  # measure -> (sensitive, upl)
    audit_passed: dict[str, bool]  # per measure, before any fail-closed suppression
    fail_closed: bool  # an audit failed: every cell with figures is suppressed

    @property
    def suppressed(self) -> np.ndarray:
        return self.status != disclosure.PUBLISHED

    def linked(self, measure: str) -> disclosure.LinkedTables:
        return disclosure.LinkedTables(
            self.ids, self.values[measure], self.tables.groups, self.tables.never_suppress
        )


# -- the cells ---------------------------------------------------------------------------------

POPULATION_FIELDS = ("code", "board_id", "board__name", "municipality_id", "municipality__name")


def _registrations(round_: Round, **where) -> dict[str, dict]:
    """The submitted registrations of the round's sectors, by location code (read now)."""
    return {
        r["location_id"]: r
        for r in Registration.objects.submitted()
        .filter(round=round_, location__sector__in=round_.sectors, **where)
        .values("location_id", "formatie", *CELLS)
    }


def registrations_from(responses: pd.DataFrame) -> dict[str, dict]:
    """The teachers' registrations in the responses ``build_inputs`` read, by location code:
    the same figures as ``_registrations`` would read (``formatie`` and the four cells, as
    floats), without reading them again."""
    own = responses[responses["function"] == FUNCTION]
    return {
        row["location_id"]: {"formatie": row["formatie_fte"], **{c: row[c] for c in CELLS}}
        for row in own[["location_id", "formatie_fte", *CELLS]].to_dict("records")
    }


def region_cells(region: Onderwijsregio, round_: Round) -> RegionCells:
    """One region's cells, computed now from the round's registrations."""
    boards = membership.boards_of_region(region, round_.peildatum)
    population = (
        Location.objects.filter(board__in=boards, sector__in=round_.sectors)
        .values(*POPULATION_FIELDS)
        .order_by("code")
    )
    registrations = _registrations(round_, location__board__in=boards)
    return _cells(list(population), registrations)


def cells_by_region(
    round_: Round, registrations: dict[str, dict] | None = None
) -> dict[int, RegionCells]:
    """Every onderwijsregio's cells (by region id) from one read of the register and the given
    registrations (``registrations_from``; None: read them now)."""
    populations = defaultdict(list)
    regions = membership.regions_by_board(round_.peildatum)
    for row in (
        Location.objects.filter(board__in=list(regions), sector__in=round_.sectors)
        .values(*POPULATION_FIELDS)
        .order_by("code")
    ):
        for region_id in regions[row["board_id"]]:
            populations[region_id].append(dict(row))
    if registrations is None:
        registrations = _registrations(round_)
    return {
        region_id: _cells(populations[region_id], registrations)
        for region_id in Onderwijsregio.objects.order_by("pk").values_list("pk", flat=True)
    }


def _cells(population: list[dict], registrations: dict[str, dict]) -> RegionCells:
    municipalities = sorted({(p["municipality__name"], p["municipality_id"]) for p in population})
    boards = sorted(
        {(p["board__name"] or "", p["board_id"]) for p in population}, key=lambda b: b[1]
    )
    ids = [TOTAL]
    labels = [""]
    index = {}
    for name, code in municipalities:
        index[("m", code)] = len(ids)
        ids.append(f"municipality::{code}")
        labels.append(name)
    for name, number in boards:
        index[("b", number)] = len(ids)
        ids.append(f"board::{number}")
        labels.append(f"{name} ({number})" if name else number)
    n = len(ids)

    locations = np.zeros(n, dtype=int)
    for p in population:
        for c in (0, index[("m", p["municipality_id"])], index[("b", p["board_id"])]):
            locations[c] += 1

    # one record per responding location per cell it falls in (total, municipality, board)
    cell_of, board_of, rows = [], [], []
    board_code = {number: k for k, (_name, number) in enumerate(boards)}
    for p in population:
        registration = registrations.get(p["code"])
        if registration is None:
            continue
        for c in (0, index[("m", p["municipality_id"])], index[("b", p["board_id"])]):
            cell_of.append(c)
            board_of.append(board_code[p["board_id"]])
            rows.append(registration)
    cell_of = np.asarray(cell_of, dtype=int)
    board_of = np.asarray(board_of, dtype=int)
    responding = np.bincount(cell_of, minlength=n)
    pairs = (
        np.unique(cell_of * max(len(boards), 1) + board_of) if len(cell_of) else np.array([], int)
    )
    boards_responding = np.bincount(pairs // max(len(boards), 1), minlength=n)
    formatie = np.bincount(
        cell_of, weights=[float(r["formatie"]) for r in rows], minlength=n
    ).astype(float)

    r1 = disclosure.threshold_sensitive(responding, boards_responding)
    empty = responding == 0
    r1 &= ~empty  # a cell without respondents is known to be zero: shown as "x", not protected
    groups = [
        (0, np.array([index[("m", code)] for _name, code in municipalities], dtype=int)),
        (0, np.array([index[("b", number)] for _name, number in boards], dtype=int)),
    ]
    groups = [(t, m) for t, m in groups if len(m)]
    values, r2 = {}, {}
    for measure, parts in PROTECTED.items():
        contribution = np.asarray([sum(float(r[c]) for c in parts) for r in rows], dtype=float)
        total, x1, x2, _nb = disclosure.top_two_contributions(cell_of, board_of, contribution, n)
        values[measure] = total
        r2[measure] = disclosure.p_rule(total, x1, x2)
    tables = disclosure.LinkedTables(ids, values["tekort"], groups, never_suppress=empty.copy())

    status, audit = disclosure.protect_measures(tables, values, r1, r2, responding)
    fail_closed = not all(audit.values())
    return RegionCells(
        ids,
        labels,
        locations,
        responding,
        boards_responding,
        formatie,
        values,
        tables,
        status,
        r1,
        r2,
        audit,
        fail_closed,
    )


# -- what is shown (and frozen) ----------------------------------------------------------------


def _fte(value: float) -> int | str:
    rounded = round_to_base(value, FTE_BASE)
    if rounded == 0 and value > 0:
        return SYMBOL_ROUNDS_TO_ZERO
    return rounded


def _row(cells: RegionCells, i: int) -> dict:
    """One cell as shown: counts and response, and the figures rounded (R4) or, where the cell
    is not shown, its symbol only (a string; no value of any kind)."""
    row = {
        "locations": int(cells.locations[i]),
        "responding": int(cells.responding[i]),
        "response_rate": round_half_up(100.0 * cells.responding[i] / cells.locations[i], 1)
        if cells.locations[i]
        else None,
    }
    if cells.responding[i] == 0:
        row.update(dict.fromkeys(FIGURES, SYMBOL_NOT_AVAILABLE))
    elif cells.suppressed[i]:
        row.update(dict.fromkeys(FIGURES, SYMBOL_CONFIDENTIAL))
    else:
        formatie = float(cells.formatie[i])
        tekort = float(cells.values["tekort"][i])
        hidden = float(cells.values["verborgen"][i])
        row.update(
            formatie=_fte(formatie),
            tekort_fte=_fte(tekort),
            tekort_rate=round_half_up(100.0 * tekort / formatie, 1) if formatie else None,
            verborgen_fte=_fte(hidden),
            verborgen_rate=round_half_up(100.0 * hidden / formatie, 1) if formatie else None,
        )
    return row


def rows(cells: RegionCells) -> dict:
    """The rows the region view shows, as plain JSON: the region total, and one row per
    municipality and per member board with its label under ``area``."""
    return {
        "total": _row(cells, 0),
        "municipalities": [
            {"area": cells.labels[i], **_row(cells, i)}
            for i, cid in enumerate(cells.ids)
            if cid.startswith("municipality::")
        ],
        "boards": [
            {"area": cells.labels[i], **_row(cells, i)}
            for i, cid in enumerate(cells.ids)
            if cid.startswith("board::")
        ],
    }


def disclosure_facts(cells: RegionCells) -> dict:
    """What disclosure control did, without any value: audit per measure, fail-closed, counts."""
    return {
        "audit_passed": dict(cells.audit_passed),
        "fail_closed": cells.fail_closed,
        "cells": len(cells.ids),
        "with_respondents": int((cells.responding > 0).sum()),
        "primary_suppressed": int((cells.status == disclosure.PRIMARY).sum()),
        "secondary_suppressed": int((cells.status == disclosure.SECONDARY).sum()),
    }


def region_tables_for(
    run: EstimateRun, registrations: dict[str, dict] | None = None
) -> list[EstimateRegionTables]:
    """Every onderwijsregio's rows and disclosure facts of the run's round (unsaved), from
    ``registrations`` (``registrations_from`` the run's responses; None: read them now)."""
    return [
        EstimateRegionTables(
            run=run, onderwijsregio_id=region_id, tables=rows(cells), audit=disclosure_facts(cells)
        )
        for region_id, cells in cells_by_region(run.round, registrations).items()
    ]
