"""The region view's two tables (by municipality, by member board) as ``Table``s.

The rows come ready-made from ``tekort.estimates.region_tables``: for a published round the
rows the estimate run of its current release computed and stored with its estimates
(``EstimateRegionTables``), for the ministry's view of a closed round without a release the
same rows computed now. Only the presentation is added here
(columns, captions, notes, the label of the total, symbols as ``Symbol``), in the request's
language; no figure is computed or rounded here.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.dashboards.tables import Column, Symbol, Table
from tekort.registry.models import Onderwijsregio
from tekort.submissions.models import Round

NO_ROWS = {"total": None, "municipalities": [], "boards": []}


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


def _shown(row: dict) -> dict:
    """A stored row for the page: a text in a figure column is a symbol."""
    return {k: Symbol(v) if k != "area" and isinstance(v, str) else v for k, v in row.items()}


def region_tables(rows: dict | None, region: Onderwijsregio, round_: Round) -> list[Table]:
    """The tables of ``rows`` (``estimates.region_tables.rows``; None: no rows)."""
    rows = rows or NO_ROWS
    total = [_shown({"area": gettext("Region total"), **rows["total"]})] if rows["total"] else []
    # The msgid is a format string (python-format: "%%" is a per cent sign); formatting it,
    # with no values, turns "p%%-regel" into "p%-regel".
    note = (
        gettext(
            "Totals of the responding locations of the region's member boards (not estimates for "
            "all locations). A figure is shown only for at least 5 responding locations of at least "
            "3 boards, when no board dominates it (p%%-rule, p = 10), and when it cannot be derived "
            "from the other figures (secondary suppression). FTE are rounded to 5."
        )
        % {}
    )
    return [
        Table(
            "gemeenten",
            _("%(region)s by municipality, peildatum %(date)s")
            % {"region": region.name, "date": round_.peildatum},
            _columns(Column("area", _("Municipality"))),
            [_shown(row) for row in rows["municipalities"]] + total,
            note=note,
        ),
        Table(
            "besturen",
            _("%(region)s by member board, peildatum %(date)s")
            % {"region": region.name, "date": round_.peildatum},
            _columns(Column("area", _("Board"))),
            [_shown(row) for row in rows["boards"]] + [dict(r) for r in total],
            note=_(
                "One board is one contributor: its own figures are never shown to the region "
                "(rule R1, at least 3 boards). Response per board is shown."
            ),
        ),
    ]
