"""Region and nation figures of a round as table cells: rate with its 95 % interval, quality
class and symbol, and where they come from (``FigureSource``).

Anyone who may see a round's figures sees those of its **current release** (the latest
published version no later version superseded): the frozen, disclosure-controlled cells of
``tekort.publications``, in which a suppressed cell holds no value at all. Before a round is
published only those who may see unpublished rounds (``publications.view_unpublished``: the
ministry's analysts) see its latest finished estimate run, labelled "not published"; everyone
else sees no region or national figure of that round. A cell that is suppressed (``c``) or of
insufficient quality (``x``) shows its symbol instead of the rate and interval.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.dashboards.tables import Column, Symbol
from tekort.estimates.frames import FUNCTION
from tekort.estimates.models import EstimateCell, EstimateRun
from tekort.publications import public_figures
from tekort.publications.headline import public_status
from tekort.publications.models import Release, ReleaseCell
from tekort.submissions.models import Round
from tekort_stats.rounding import round_half_up
from tekort_stats.visibility import SYMBOL_NOT_AVAILABLE, visibility

VIEW_UNPUBLISHED = "publications.view_unpublished"


def percentage(fraction: float | None) -> float | None:
    return None if fraction is None else round_half_up(fraction * 100.0, 1)


def latest_runs(rounds) -> dict[int, EstimateRun]:
    """The latest finished run per round id."""
    runs = {}
    for run in EstimateRun.objects.filter(
        round__in=list(rounds), status=EstimateRun.Status.DONE
    ).order_by("finished_at", "pk"):
        runs[run.round_id] = run
    return runs


@dataclass(frozen=True)
class FigureSource:
    """Where a view's region and nation figures of one round come from: its current release,
    or (only for those who may see unpublished rounds) its latest run; else nowhere."""

    round: Round
    release: Release | None = None
    run: EstimateRun | None = None  # set only when there is no release

    @property
    def published(self) -> bool:
        return self.release is not None

    @property
    def unpublished(self) -> bool:
        return self.release is None and self.run is not None

    @property
    def empty(self) -> bool:
        return self.release is None and self.run is None

    @property
    def url(self) -> str | None:
        if self.release is None:
            return None
        return reverse("publications:release", args=[self.release.slug])

    @property
    def label(self) -> str | None:
        """ "version 2 (voorlopig)", "not published", or None when there are no figures."""
        if self.release is not None:
            return gettext("version %(version)s (%(status)s)") % {
                "version": self.release.version,
                "status": public_status(self.release),
            }
        if self.run is not None:
            return gettext("not published")
        return None

    def cells(self, breakdown: str, domain: str, function: str = FUNCTION) -> dict:
        """The direct cells of one function (teachers unless asked) of one domain, by measure."""
        if self.release is not None:
            return public_figures.release_cells(self.release, breakdown, domain, function=function)
        if self.run is None:
            return {}
        found = EstimateCell.objects.filter(run=self.run)  # the ministry's unpublished view
        return {
            cell.measure: cell
            for cell in found.filter(
                function=function, breakdown=breakdown, domain=domain, is_model_based=False
            )
        }

    def meta(self) -> dict:
        """What the .json downloads say about the figures' origin."""
        if self.release is not None:
            return {
                "published": True,
                "release": self.release.slug,
                "version": self.release.version,
                "status": public_status(self.release),
                "url": self.url,
            }
        return {"published": False, "unpublished_run": self.run.pk if self.run else None}


def sources_for(user, rounds) -> dict[int, FigureSource]:
    """The figure source per round id for ``user``: the current release; for those who may see
    unpublished rounds the latest run of a round without one; else an empty source."""
    rounds = list(rounds)
    releases = public_figures.current_release_per_round(rounds)
    runs = latest_runs(rounds) if user.has_perm(VIEW_UNPUBLISHED) else {}
    return {
        r.pk: FigureSource(r, release=releases.get(r.pk))
        if r.pk in releases
        else FigureSource(r, run=runs.get(r.pk))
        for r in rounds
    }


def rate_columns(prefix: str, area: str) -> list[Column]:
    return [
        Column(f"{prefix}_rate", _("%(area)s: shortage %%") % {"area": area}, 1),
        Column(f"{prefix}_ci_low", _("%(area)s: 95%% interval, from") % {"area": area}, 1),
        Column(f"{prefix}_ci_high", _("%(area)s: 95%% interval, to") % {"area": area}, 1),
        Column(f"{prefix}_quality", _("%(area)s: quality class") % {"area": area}),
        Column(f"{prefix}_symbol", _("%(area)s: symbol") % {"area": area}),
    ]


def rate_values(cell: EstimateCell | ReleaseCell | None, prefix: str) -> dict:
    """One cell's rate, interval, quality class and symbol. A release cell holds only what
    ``tekort_stats.visibility`` let through at publication; a run's cell is read by that same
    rule here (a cell disclosure control did not clear shows ``c`` and nothing else)."""
    keys = [f"{prefix}_{k}" for k in ("rate", "ci_low", "ci_high", "quality", "symbol")]
    if cell is None:
        return dict.fromkeys(keys)
    if isinstance(cell, EstimateCell):
        shown = visibility(
            cell.disclosure_status, cell.quality_class, cell.quality_class_fte, cell.is_model_based
        )
        symbol, quality = shown.symbol, cell.quality_class if shown.counts else ""
        rate = cell.rate if shown.rate else None
        interval = (cell.ci_low, cell.ci_high) if shown.rate_interval else (None, None)
    else:
        symbol, quality, rate = cell.symbol, cell.quality_class, cell.rate
        interval = (cell.ci_low, cell.ci_high)
    if rate is None:
        shown_symbol = Symbol(symbol or SYMBOL_NOT_AVAILABLE)
        return dict(
            zip(keys, [shown_symbol, None, None, quality or None, shown_symbol], strict=True)
        )
    return dict(
        zip(
            keys,
            [
                percentage(rate),
                percentage(interval[0]),
                percentage(interval[1]),
                quality,
                Symbol(symbol) if symbol else None,
            ],
            strict=True,
        )
    )
