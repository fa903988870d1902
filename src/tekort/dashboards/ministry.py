"""The ministry's view: every round (unpublished ones included), response per sector and per
onderwijsregio, and the national estimates of each round: those of its current release, or,
while it has none, those of its latest finished run, marked "not published"."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.dashboards.board_figures import MEASURE_LABELS, NATIONAL
from tekort.dashboards.estimate_figures import (
    FigureSource,
    percentage,
    rate_columns,
    rate_values,
)
from tekort.dashboards.tables import Column, Symbol, Table
from tekort.estimates.models import EstimateRun
from tekort.submissions import response
from tekort.submissions.models import Round
from tekort_stats.rounding import round_to_base

STATES = {"planned": _("planned"), "open": _("open"), "closed": _("closed")}


def _response_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("locations", _("Locations asked"), 0),
        Column("responded", _("Locations responding"), 0),
        Column("rate", _("Response %"), 1),
    ]


def rounds_table(rounds, sources: dict[int, FigureSource]) -> Table:
    columns = [
        *_response_columns(Column("peildatum", _("Peildatum"))),
        Column("state", _("State")),
        Column("run", _("Estimate run shown")),
        *rate_columns("nation", gettext("Nation")),
        Column("figures", _("Figures of")),
    ]
    rows = []
    for round_ in rounds:
        summary = response.summary(round_)
        source = sources[round_.pk]
        run = source.release.run if source.published else source.run
        national = source.cells(*NATIONAL).get("tekort")
        rows.append(
            {
                "peildatum": round_.peildatum.isoformat(),
                "locations": summary["locations"],
                "responded": summary["responded"],
                "rate": percentage(summary["rate"]),
                "state": str(STATES[round_.state()]),
                "run": _run_label(run),
                **rate_values(national, "nation"),
                "figures": source.label,
            }
        )
    return Table(
        "rondes",
        _("All rounds, published or not"),
        columns,
        rows,
        note=_(
            "National estimate per round: its current release; a round without a release "
            "shows its latest finished run, marked not published."
        ),
    )


def response_tables(round_: Round) -> list[Table]:
    sectors = [
        {
            "sector": row["name"],
            "locations": row["locations"],
            "responded": row["responded"],
            "rate": percentage(row["rate"]),
        }
        for row in response.response_by(round_, "sector")
    ]
    regions = [
        {
            "onderwijsregio": row["name"] or gettext("(no onderwijsregio)"),
            "locations": row["locations"],
            "responded": row["responded"],
            "rate": percentage(row["rate"]),
        }
        for row in response.response_by(round_, "onderwijsregio")
    ]
    date = round_.peildatum
    return [
        Table(
            "respons-sector",
            _("Response per sector, peildatum %(date)s") % {"date": date},
            _response_columns(Column("sector", _("Sector"))),
            sectors,
        ),
        Table(
            "respons-regio",
            _("Response per onderwijsregio, peildatum %(date)s") % {"date": date},
            _response_columns(Column("onderwijsregio", _("Onderwijsregio"))),
            regions,
        ),
    ]


def national_table(round_: Round, source: FigureSource) -> Table:
    cells = source.cells(*NATIONAL)
    columns = [
        Column("measure", _("Measure")),
        Column("fte", _("Shortage (FTE)"), 0),
        *rate_columns("nation", gettext("Nation")),
        Column("responding", _("Locations responding"), 0),
        Column("figures", _("Figures of")),
    ]
    rows = []
    for measure, label in MEASURE_LABELS.items():
        cell = cells.get(measure)
        rates = rate_values(cell, "nation")
        fte = round_to_base(cell.fte, 5) if cell and cell.fte is not None else None
        if isinstance(rates["nation_rate"], Symbol):
            fte = rates["nation_rate"]
        rows.append(
            {
                "measure": str(label),
                "fte": fte,
                **rates,
                "responding": cell.n_responding if cell else None,
                "figures": source.label,
            }
        )
    caption = _("National estimates, peildatum %(date)s") % {"date": round_.peildatum}
    if source.published:
        note = gettext("Published: release %(release)s, %(label)s.") % {
            "release": source.release.slug,
            "label": source.label,
        }
    elif source.unpublished:
        caption = f"{caption} ({gettext('not published')})"
        note = gettext(
            "NOT PUBLISHED: estimates of the round's latest finished run; boards and regions "
            "do not see them."
        )
    else:
        note = gettext("No finished estimate run for this round yet.")
    return Table("landelijk", caption, columns, rows, note=note)


def _run_label(run: EstimateRun | None) -> str | None:
    if run is None:
        return None
    finished = f"{run.finished_at:%Y-%m-%d %H:%M} " if run.finished_at else ""
    return f"{finished}({run.method_version})"
