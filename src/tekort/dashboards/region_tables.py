"""A region's aggregates by municipality and by member board, under the public disclosure rules.

The figures are the totals of the responding locations of the region's member boards (not
estimates). Each shown cell is protected as methods.md §3.3–§3.4 prescribe, with the functions of
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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.dashboards.tables import Column, Symbol, Table
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

CELLS = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
PROTECTED = {
    "tekort": CELLS,
    "openstaand": ("regulier_openstaand", "vervanging_openstaand"),
    "verborgen": ("regulier_verborgen", "vervanging_verborgen"),
}
TOTAL = "total"
FTE_BASE = 5


@dataclass
class RegionCells:
    """All cells of the region's linked tables and their protection."""

    ids: list[str]  # "total", "municipality::GM0363", "board::41775"
    labels: list[str]
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


def _population(region: Onderwijsregio, round_: Round):
    responded = Registration.objects.submitted().filter(round=round_, location=OuterRef("pk"))
    return (
        Location.objects.filter(board__onderwijsregios=region, sector__in=round_.sectors)
        .annotate(responded=Exists(responded))
        .values(
            "code", "board_id", "board__name", "municipality_id", "municipality__name", "responded"
        )
        .order_by("code")
    )


def region_cells(region: Onderwijsregio, round_: Round) -> RegionCells:
    population = list(_population(region, round_))
    registrations = {
        r["location_id"]: r
        for r in Registration.objects.submitted()
        .filter(
            round=round_,
            location__board__onderwijsregios=region,
            location__sector__in=round_.sectors,
        )
        .values("location_id", "formatie", *CELLS)
    }
    municipalities = sorted({(p["municipality__name"], p["municipality_id"]) for p in population})
    boards = sorted(
        {(p["board__name"] or "", p["board_id"]) for p in population}, key=lambda b: b[1]
    )
    ids = [TOTAL]
    labels = [gettext("Region total")]
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

    status, audit = _protect(ids, values, tables, r1, r2, responding)
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


def _protect(ids, values, tables, r1, r2, responding):
    """One suppression pattern for all protected measures: protect each measure starting from
    the cells already suppressed, until no measure adds a cell; then every measure's audit."""
    primary = r1.copy()
    for sensitive, _upl in r2.values():
        primary |= sensitive
    suppressed = primary.copy()
    audit = {}
    for _round in range(10):
        before = suppressed.copy()
        audit = {}
        for measure, (sensitive, upl) in r2.items():
            linked = disclosure.LinkedTables(
                ids, values[measure], tables.groups, tables.never_suppress
            )
            r1_m = r1 if measure == "tekort" else np.zeros_like(r1)
            result = disclosure.protect(
                linked, r1_m, sensitive, upl, responding, already_suppressed=suppressed
            )
            suppressed |= result.status != disclosure.PUBLISHED
            audit[measure] = bool(result.audit_passed)
        if np.array_equal(before, suppressed):
            break
    if not all(audit.values()):
        # fail closed: an audit that cannot be satisfied suppresses every cell with figures
        # (nothing with figures is shown, so nothing can be derived)
        suppressed |= ~tables.never_suppress
    status = np.where(
        primary,
        disclosure.PRIMARY,
        np.where(suppressed, disclosure.SECONDARY, disclosure.PUBLISHED),
    ).astype(object)
    return status, audit


# -- presentation ------------------------------------------------------------------------------


def _fte(value: float) -> float | Symbol:
    rounded = round_to_base(value, FTE_BASE)
    if rounded == 0 and value > 0:
        return Symbol(SYMBOL_ROUNDS_TO_ZERO)
    return rounded


def _columns(first: Column) -> list[Column]:
    return [
        first,
        Column("locations", _("Locations asked"), 0),
        Column("responding", _("Locations responding"), 0),
        Column("response_rate", _("Response %"), 1),
        Column("formatie", _("Formatie of respondents (FTE)"), 0),
        Column("tekort_fte", _("Shortage (FTE)"), 0),
        Column("tekort_rate", _("Shortage %"), 1),
        Column("verborgen_fte", _("Of which hidden (FTE)"), 0),
        Column("verborgen_rate", _("Hidden shortage %"), 1),
    ]


def _row(cells: RegionCells, i: int, first_key: str) -> dict:
    row = {
        first_key: cells.labels[i],
        "locations": int(cells.locations[i]),
        "responding": int(cells.responding[i]),
        "response_rate": round_half_up(100.0 * cells.responding[i] / cells.locations[i], 1)
        if cells.locations[i]
        else None,
    }
    figures = ("formatie", "tekort_fte", "tekort_rate", "verborgen_fte", "verborgen_rate")
    if cells.responding[i] == 0:
        row.update(dict.fromkeys(figures, Symbol(SYMBOL_NOT_AVAILABLE)))
    elif cells.suppressed[i]:
        row.update(dict.fromkeys(figures, Symbol(SYMBOL_CONFIDENTIAL)))
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


def region_tables(cells: RegionCells, region: Onderwijsregio, round_: Round) -> list[Table]:
    total_row = _row(cells, 0, "area")
    municipality_rows = [
        _row(cells, i, "area")
        for i, cid in enumerate(cells.ids)
        if cid.startswith("municipality::")
    ]
    board_rows = [
        _row(cells, i, "area") for i, cid in enumerate(cells.ids) if cid.startswith("board::")
    ]
    note = _(
        "Totals of the responding locations of the region's member boards (not estimates for "
        "all locations). A figure is shown only for at least 5 responding locations of at least "
        "3 boards, when no board dominates it (p%%-rule, p = 10), and when it cannot be derived "
        "from the other figures (secondary suppression). FTE are rounded to 5."
    )
    return [
        Table(
            "gemeenten",
            _("%(region)s by municipality, peildatum %(date)s")
            % {"region": region.name, "date": round_.peildatum},
            _columns(Column("area", _("Municipality"))),
            municipality_rows + [total_row],
            note=note,
        ),
        Table(
            "besturen",
            _("%(region)s by member board, peildatum %(date)s")
            % {"region": region.name, "date": round_.peildatum},
            _columns(Column("area", _("Board"))),
            board_rows + [{**total_row}],
            note=_(
                "One board is one contributor: its own figures are never shown to the region "
                "(rule R1, at least 3 boards). Response per board is shown."
            ),
        ),
    ]
