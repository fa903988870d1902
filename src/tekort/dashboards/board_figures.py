"""A board's view: its own locations' registrations, its own figures against its onderwijsregio
and the nation, and the trend over rounds.

The board's own figures are the ratio of its responding locations' totals: its own data, not an
estimate, so without a sampling interval. Region and nation come from the round's current
release (for the ministry: from its latest run while it is unpublished, labelled so); before a
round is published a board sees its own figures only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.dashboards.estimate_figures import (
    FigureSource,
    percentage,
    rate_columns,
    rate_values,
)
from tekort.dashboards.tables import Column, Table
from tekort.estimates.frames import CELLS, SCHOOL_LEADER
from tekort.registry import membership, shortage_cells
from tekort.registry.models import Board, Location, Onderwijsregio
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort_stats.rounding import round_half_up

CELL_LABELS = shortage_cells.FTE_LABELS
MEASURE_LABELS = {"tekort": _("Shortage, total"), **shortage_cells.LABELS}
NATIONAL = ("national", "national")


def board_region(board: Board, on: datetime.date | None = None) -> Onderwijsregio | None:
    """The board's onderwijsregio on `on` (a round's peildatum; None: today), as the estimates
    assign it (tekort.registry.membership: in two, the first by name)."""
    return membership.primary_region(board, on or membership.today())


def region_domain(region: Onderwijsregio | None) -> tuple[str, str] | None:
    return None if region is None else ("onderwijsregio", f"onderwijsregio={region.name}")


def _fte(value) -> float | None:
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


@dataclass
class OwnTotals:
    locations: int
    submitted: int
    formatie: float
    cells: dict[str, float]

    @property
    def tekort(self) -> float:
        return sum(self.cells.values())

    def rate(self, measure: str) -> float | None:
        if not self.submitted or not self.formatie:
            return None
        value = self.tekort if measure == "tekort" else self.cells[measure]
        return percentage(value / self.formatie)

    def fte(self, measure: str) -> float | None:
        if not self.submitted:
            return None
        return round_half_up(self.tekort if measure == "tekort" else self.cells[measure], 2)


def locations_of(board: Board, round_: Round):
    return Location.objects.filter(board=board, sector__in=round_.sectors).order_by("name", "code")


def locations_table(board: Board, round_: Round) -> tuple[Table, OwnTotals]:
    registrations = {
        r.location_id: r
        for r in Registration.objects.submitted().filter(round=round_, location__board=board)
    }
    columns = [
        Column("location", _("Location")),
        Column("code", _("Code")),
        Column("submitted", _("Submitted")),
        Column("formatie", _("Formatie (FTE)"), 2),
        *[Column(cell, CELL_LABELS[cell], 2) for cell in CELLS],
        Column("tekort", _("Shortage (FTE)"), 2),
        Column("rate", _("Shortage %"), 1),
    ]
    rows = []
    totals = OwnTotals(0, 0, 0.0, dict.fromkeys(CELLS, 0.0))
    for location in locations_of(board, round_):
        totals.locations += 1
        registration = registrations.get(location.code)
        row = {"location": location.name, "code": location.code, "submitted": gettext("no")}
        if registration is not None:
            totals.submitted += 1
            totals.formatie += float(registration.formatie)
            for cell in CELLS:
                totals.cells[cell] += float(getattr(registration, cell))
            shortage = registration.shortage
            row.update(
                submitted=gettext("yes"),
                formatie=_fte(registration.formatie),
                tekort=_fte(shortage),
                rate=percentage(float(shortage) / float(registration.formatie))
                if registration.formatie
                else None,
                **{cell: _fte(getattr(registration, cell)) for cell in CELLS},
            )
        rows.append(row)
    table = Table(
        "vestigingen",
        _("Your locations' registrations, peildatum %(date)s") % {"date": round_.peildatum},
        columns,
        rows,
    )
    return table, totals


def school_leader_totals(board: Board, round_: Round) -> OwnTotals:
    """The board's own school-leader registration of the round (asked per board) as totals."""
    found = SchoolLeaderRegistration.objects.submitted().filter(round=round_, board=board).first()
    if found is None:
        return OwnTotals(1, 0, 0.0, dict.fromkeys(CELLS, 0.0))
    return OwnTotals(
        1, 1, float(found.formatie), {cell: float(getattr(found, cell)) for cell in CELLS}
    )


def comparison_table(
    totals: OwnTotals,
    region: Onderwijsregio | None,
    source: FigureSource,
    leaders: OwnTotals | None = None,
) -> Table:
    """The board's own figures against its region and the nation (from ``source``); before
    publication, for those who may not see unpublished figures, the board's own figures only.
    ``leaders``: the board's school-leader registration, one more row (total shortage)."""
    rows = [
        {"measure": str(label), "board_fte": totals.fte(m), "board_rate": totals.rate(m)}
        for m, label in MEASURE_LABELS.items()
    ]
    if leaders is not None:
        rows.append(
            {
                "measure": gettext("School leaders: shortage, total"),
                "board_fte": leaders.fte("tekort"),
                "board_rate": leaders.rate("tekort"),
            }
        )
    columns = [
        Column("measure", _("Measure")),
        Column("board_fte", _("Your board: FTE"), 2),
        Column("board_rate", _("Your board: shortage %"), 1),
    ]
    own_note = _(
        "Your board's figures are the totals of its own responding locations: your own "
        "data, not an estimate, so they have no sampling interval."
    )
    if source.empty:
        return Table(
            "vergelijking",
            _("Your board's figures"),
            columns,
            rows,
            note=f"{own_note} "
            + gettext(
                "The figures of your onderwijsregio and the nation for this round appear "
                "here when the round is published."
            ),
        )
    region_cells = source.cells(*region_domain(region)) if region else {}
    national_cells = source.cells(*NATIONAL)
    region_label = region.name if region else gettext("Onderwijsregio")
    columns += [
        *rate_columns("region", region_label),
        *rate_columns("nation", gettext("Nation")),
        Column("figures", _("Region and nation: figures of")),
    ]
    # (row, measure, its region cells, its nation cells): teachers' measures, then school leaders
    compared = [
        (row, measure, region_cells, national_cells)
        for row, measure in zip(rows[: len(MEASURE_LABELS)], MEASURE_LABELS, strict=True)
    ]
    if leaders is not None:
        compared.append(
            (
                rows[-1],
                "tekort",
                source.cells(*region_domain(region), SCHOOL_LEADER) if region else {},
                source.cells(*NATIONAL, SCHOOL_LEADER),
            )
        )
    for row, measure, in_region, in_nation in compared:
        row.update(rate_values(in_region.get(measure), "region"))
        row.update(rate_values(in_nation.get(measure), "nation"))
        row["figures"] = source.label
    caption = _("Your board against %(region)s and the nation") % {"region": region_label}
    if source.published:
        origin = gettext(
            "The region and the nation are the published estimates for all locations "
            "(release %(release)s, %(label)s), with their 95%% interval."
        ) % {"release": source.release.slug, "label": source.label}
    else:
        caption = f"{caption} ({gettext('not published')})"
        origin = gettext(
            "NOT PUBLISHED: the region and the nation are the estimates of the round's latest "
            "finished run, which has not been published; boards do not see them."
        )
    return Table("vergelijking", caption, columns, rows, note=f"{own_note} {origin}")


def trend_table(board: Board, rounds, sources: dict[int, FigureSource], region) -> Table:
    """Per round the board's own rate, and region and nation from each round's own source
    (empty for a round whose figures the user may not see yet)."""
    rounds = list(rounds)
    sums = {
        row["round"]: row
        for row in Registration.objects.submitted()
        .filter(round__in=rounds, location__board=board)
        .values("round")
        .annotate(
            n=Count("pk"),
            formatie=Sum("formatie"),
            **{cell: Sum(cell) for cell in CELLS},
        )
    }
    columns = [
        Column("peildatum", _("Peildatum")),
        Column("submitted", _("Locations submitted"), 0),
        Column("locations", _("Locations asked"), 0),
        Column("board_rate", _("Your board: shortage %"), 1),
        *rate_columns("region", region.name if region else gettext("Onderwijsregio")),
        *rate_columns("nation", gettext("Nation")),
        Column("figures", _("Region and nation: figures of")),
    ]
    asked = {
        r.pk: Location.objects.filter(board=board, sector__in=r.sectors).count() for r in rounds
    }
    rows = []
    for round_ in rounds:
        own = sums.get(round_.pk)
        source = sources[round_.pk]
        rate = None
        if own and own["formatie"]:
            rate = percentage(float(sum(own[c] for c in CELLS)) / float(own["formatie"]))
        regional = source.cells(*region_domain(region)).get("tekort") if region else None
        rows.append(
            {
                "peildatum": round_.peildatum.isoformat(),
                "submitted": own["n"] if own else 0,
                "locations": asked[round_.pk],
                "board_rate": rate,
                **rate_values(regional, "region"),
                **rate_values(source.cells(*NATIONAL).get("tekort"), "nation"),
                "figures": source.label,
            }
        )
    return Table(
        "trend",
        _("Shortage percentage over the rounds"),
        columns,
        rows,
        note=_(
            "Region and nation per round: its current published release. A round not yet "
            "published has none here; only the ministry sees its latest run, marked not "
            "published."
        ),
    )
