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
from tekort.publications.presentation import SYMBOL_NOT_AVAILABLE, public_cell

TEACHERS = "leraar"
SHORTAGE = "tekort"
# Where a direct rate is too uncertain to show (class F, x), its model-based (Fay–Herriot) rate
# stands in for it, marked e (methods.md §2.6): onderwijsregio × po/vo, the level the regions
# plan by (issue 23). The municipalities' model rates have a view of their own.
FILLED_BY_MODEL = ("onderwijsregio:sector_group",)


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
    model_in_place: bool = False,
) -> list[dict]:
    """The release's direct cells of ``breakdowns`` as published: ``public_cell`` records with
    the cell's ``symbol`` (``c``, ``x``, ``u`` or empty). ``model_in_place``: a class F cell of
    ``FILLED_BY_MODEL`` comes as its model-based cell (``in_place``), symbol ``e``."""
    provisional = is_provisional(release)
    breakdowns = list(breakdowns)
    cells = ReleaseCell.objects.filter(
        release=release,
        function=function,
        measure=measure,
        is_model_based=False,
        breakdown__in=breakdowns,
    ).order_by("breakdown", "domain")
    models = {}
    if model_in_place:
        for breakdown in breakdowns:
            models.update(models_in_place(release, breakdown, function=function, measure=measure))
    shown = (in_place(cell, models) for cell in cells)
    return [{**public_cell(cell, provisional=provisional), "symbol": cell.symbol} for cell in shown]


def models_in_place(
    release: Release, breakdown: str, *, function: str = TEACHERS, measure: str = SHORTAGE
) -> dict[str, ReleaseCell]:
    """Domain -> the shown model-based cell of ``breakdown`` (empty unless the breakdown is one
    of ``FILLED_BY_MODEL``), to stand in for a direct cell of class F (``in_place``)."""
    if breakdown not in FILLED_BY_MODEL:
        return {}
    cells = ReleaseCell.objects.filter(
        release=release,
        function=function,
        breakdown=breakdown,
        measure=measure,
        is_model_based=True,
        rate__isnull=False,
    )
    return {cell.domain: cell for cell in cells}


def in_place(cell: ReleaseCell, models: dict[str, ReleaseCell]) -> ReleaseCell:
    """The cell to show for a direct ``cell``: its model-based cell (``models_in_place``) where
    the direct rate is too uncertain to show (x), else the cell itself."""
    if cell.symbol == SYMBOL_NOT_AVAILABLE and not cell.is_model_based:
        return models.get(cell.domain, cell)
    return cell


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
