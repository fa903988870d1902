"""The one road to the public: published releases, and their cells as published.

Everything the public sees of the shortage (pages, downloads, the open API, the raming's
scenario, nowcast and back-test pages) reads it here, and this module reads only **current
releases** (published, not superseded) and their ``ReleaseCell`` rows. A suppressed cell of a
release has no value stored, so there is nothing to leak; what a cell may show was decided at
publication by the one visibility rule of the statistics core. Values come out as published:
rounded by :func:`tekort.publications.presentation.public_cell` (percentages to one decimal,
FTE to the nearest 5), with their symbols.

No estimate run, registration or round that has no release is ever read here; an
import-linter contract (``pyproject.toml``) forbids the public modules to import the models of
``tekort.estimates`` and ``tekort.submissions`` or the estimation of ``tekort_stats``.
"""

from __future__ import annotations

from collections.abc import Iterable

from tekort.publications.headline import is_provisional
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.presentation import public_cell

TEACHERS = "leraar"
SHORTAGE = "tekort"


def current_releases(*, month: int | None = None) -> list[Release]:
    """The current release of every published round, oldest peildatum first.

    ``month`` keeps only rounds of that peildatum month (10: the October rounds).
    """
    releases = Release.objects.current().select_related("round")
    if month is not None:
        releases = releases.filter(round__peildatum__month=month)
    return list(releases.order_by("round__peildatum", "version"))


def current_release_per_round(rounds) -> dict[int, Release]:
    """The current release per round id, for the rounds that have one."""
    found = {}
    for release in (
        Release.objects.current()
        .filter(round__in=list(rounds))
        .select_related("round")
        .order_by("version")
    ):
        found[release.round_id] = release
    return found


def latest_release(*, month: int | None = None) -> Release | None:
    """The current release of the latest published round (of ``month``, if given)."""
    releases = current_releases(month=month)
    return releases[-1] if releases else None


def published_cells(
    release: Release,
    breakdowns: Iterable[str],
    *,
    function: str = TEACHERS,
    measure: str = SHORTAGE,
) -> list[dict]:
    """The release's direct cells of ``breakdowns`` as published: ``public_cell`` records with
    the cell's ``symbol`` (``c``, ``x``, ``u`` or empty)."""
    provisional = is_provisional(release)
    cells = ReleaseCell.objects.filter(
        release=release,
        function=function,
        measure=measure,
        is_model_based=False,
        breakdown__in=list(breakdowns),
    ).order_by("breakdown", "domain")
    return [{**public_cell(cell, provisional=provisional), "symbol": cell.symbol} for cell in cells]


def release_cells(
    release: Release, breakdown: str, domain: str, *, function: str = TEACHERS
) -> dict[str, ReleaseCell]:
    """The release's direct cells of one domain by measure, as stored at publication (a cell
    that is not shown holds no value; the signed-in views round and label them)."""
    cells = ReleaseCell.objects.filter(
        release=release,
        function=function,
        breakdown=breakdown,
        domain=domain,
        is_model_based=False,
    )
    return {cell.measure: cell for cell in cells}


def release_region_tables(release: Release, onderwijsregio):
    """The onderwijsregio's disclosure-controlled tables computed by the release's estimate run
    from the registrations its estimates come from (None when the run computed none)."""
    return release.run.region_tables.filter(onderwijsregio=onderwijsregio).first()
