"""What each signed-in view shows, assembled once for the page and for its downloads."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext

from tekort.accounts.models import Role
from tekort.accounts.scopes import boards_of
from tekort.charts.lines import LineChart
from tekort.dashboards import board_figures, ministry, region_tables, rounds
from tekort.dashboards.estimate_figures import VIEW_UNPUBLISHED, FigureSource, sources_for
from tekort.dashboards.tables import Table
from tekort.dashboards.trend_chart import trend_chart
from tekort.estimates import region_tables as region_rows
from tekort.publications import public_figures
from tekort.registry.models import Board, Onderwijsregio
from tekort.submissions.models import Round

# The tables each view shows, by slug (their .csv URLs): fixed, whatever the round.
BOARD_TABLES = ("vergelijking", "vestigingen", "trend")
REGION_TABLES = ("gemeenten", "besturen")
MINISTRY_TABLES = ("rondes", "landelijk", "respons-sector", "respons-regio")


@dataclass
class Page:
    round: Round | None
    rounds: list[Round]
    tables: list[Table] = field(default_factory=list)
    chart: LineChart | None = None
    source: FigureSource | None = None  # where the round's estimates come from
    tables_from: dict | None = None  # where tables not built from estimates come from
    extra: dict = field(default_factory=dict)

    def table(self, slug: str, known: tuple[str, ...]) -> Table:
        """The table ``slug`` (404 if the view has no such table; empty before any round)."""
        if slug not in known:
            raise Http404
        if self.round is None:
            return Table(slug, "", [])
        return next(t for t in self.tables if t.slug == slug)

    def meta(self) -> dict:
        """Round and (where the view shows estimates) their origin, for the .json downloads."""
        meta = {"peildatum": self.round.peildatum.isoformat() if self.round else None}
        if self.source is not None:
            meta["figures"] = self.source.meta()
        if self.tables_from is not None:
            meta["tables_from"] = self.tables_from
        return meta


def board_page(request, board: Board) -> Page:
    offered = rounds.opened_rounds()
    round_ = rounds.chosen_round(request, offered)
    page = Page(round_, list(offered))
    if round_ is None:
        return page
    region = board_figures.board_region(board, round_.peildatum)
    locations, totals = board_figures.locations_table(board, round_)
    sources = sources_for(request.user, page.rounds)
    page.source = sources[round_.pk]
    leaders = board_figures.school_leader_totals(board, round_)
    comparison = board_figures.comparison_table(totals, region, page.source, leaders)
    trend = board_figures.trend_table(board, page.rounds, sources, region)
    page.tables = [comparison, locations, trend]
    page.chart = trend_chart(
        [row["peildatum"] for row in trend.rows],
        {
            "board": (gettext("Your board"), [row["board_rate"] for row in trend.rows]),
            "region": (region.name if region else "", [row["region_rate"] for row in trend.rows]),
            "nation": (gettext("Nation"), [row["nation_rate"] for row in trend.rows]),
        },
    )
    page.extra = {"region": region, "totals": totals, "comparison": comparison}
    return page


def region_page(request, region: Onderwijsregio) -> Page:
    """Closed rounds that have a release (the ministry: every closed round, an unpublished one
    marked so); the tables are the region's own, disclosure-controlled totals as the estimate
    run of the round's current release computed them, from the registrations its estimates
    come from. Only the ministry's view of a round without a release computes them now, from
    the registrations as they are (and says so)."""
    offered = rounds.closed_rounds()
    if not request.user.has_perm(VIEW_UNPUBLISHED):
        offered = rounds.published(offered)
    round_ = rounds.chosen_round(request, offered)
    page = Page(round_, list(offered))
    if round_ is None:
        return page
    page.source = sources_for(request.user, [round_])[round_.pk]
    release = page.source.release
    if release is not None:
        frozen = public_figures.release_region_tables(release, region)
        rows, facts = (frozen.tables, frozen.audit) if frozen else (None, None)
        page.tables_from = {
            "frozen": True,
            "release": release.slug,
            "version": release.version,
            "published_at": release.published_at.isoformat(),
            "available": frozen is not None,
            "run": release.run_id,  # the estimate run that computed them, and its inputs
            "inputs_fingerprint": release.run.inputs_fingerprint,
        }
    elif request.user.has_perm(VIEW_UNPUBLISHED):
        cells = region_rows.region_cells(region, round_)
        rows, facts = region_rows.rows(cells), region_rows.disclosure_facts(cells)
        page.tables_from = {"frozen": False}
    else:  # not offered above; never computed live for anyone but the ministry
        raise Http404
    page.tables = region_tables.region_tables(rows, region, round_)
    page.extra = {"release": release, "audit": facts, "missing": rows is None}
    return page


def ministry_page(request) -> Page:
    offered = rounds.all_rounds()
    round_ = rounds.chosen_round(request, offered)
    page = Page(round_, list(offered))
    if round_ is None:
        return page
    sources = sources_for(request.user, page.rounds)
    page.source = sources[round_.pk]
    page.tables = [
        ministry.rounds_table(page.rounds, sources),
        ministry.national_table(round_, page.source),
        *ministry.response_tables(round_),
    ]
    page.extra = {"regions": Onderwijsregio.objects.order_by("name")}
    return page


def views_of(user) -> dict:
    """The signed-in views the user's roles give, for the landing page."""
    return {
        "boards": list(boards_of(user).order_by("name", "number")),
        "regions": list(
            Onderwijsregio.objects.filter(
                pk__in=user.roles.filter(kind=Role.Kind.REGION).values("onderwijsregio_id")
            ).order_by("name")
        ),
        "ministry": user.has_perm("publications.view_unpublished"),
    }
