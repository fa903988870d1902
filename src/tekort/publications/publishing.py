"""The one write path of releases: freeze an estimate run as a new version of its round.

At publication every cell of the run is copied as ``tekort_stats.visibility`` allows: a cell
that disclosure control did not clear keeps only its symbol ``c`` (no value of any kind), a
cell of quality class F only ``x`` and its counts. A new version of a round supersedes the
previous one, which stays reachable and says so; cells whose shown figure changed are flagged
revised (``r``). The headline figures are computed once, here, and stored with the release.
The tables of the signed-in region view are not computed here: the run computed them with its
estimates, from the same registrations (``tekort.estimates.region_tables``, suppressed cells as
their symbol only), and the release shows the run's (``release.run.region_tables``).

A publication is an act on the record: an audit event (who, which run, which version, which
status) in its transaction. A run is published at most once (a database constraint on
``Release.run``), also when two publish it at the same moment; a demo round never as final.
"""

import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from tekort.audit import events
from tekort.estimates.models import EstimateCell, EstimateRun
from tekort.publications.changes import store_change
from tekort.publications.frozen import forget_publication_state
from tekort.publications.headline import build_headline
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.presentation import fte, percentage
from tekort.submissions.models import Round
from tekort_stats.estimate import unchanged
from tekort_stats.quality import classify_model_rate
from tekort_stats.visibility import visibility

logger = logging.getLogger(__name__)


class PublishError(ValueError):
    pass


def release_cell(cell: EstimateCell, release: Release | None = None) -> ReleaseCell:
    """The releasable copy of one estimate cell: values only where they may be shown
    (``tekort_stats.visibility``, the one rule)."""
    # a model-based cell has its own quality class, from its RMSE (never the direct estimate's)
    quality_class = (
        str(classify_model_rate(cell.se_rate)) if cell.is_model_based else cell.quality_class
    )
    shown = visibility(
        cell.disclosure_status, quality_class, cell.quality_class_fte, cell.is_model_based
    )
    out = ReleaseCell(
        release=release,
        function=cell.function,
        breakdown=cell.breakdown,
        domain=cell.domain,
        measure=cell.measure,
        is_model_based=cell.is_model_based,
        n_frame=cell.n_frame,
        method_id=cell.method_id,
        symbol=shown.symbol,
    )
    if shown.counts:
        out.quality_class = quality_class
    if shown.counts and not cell.is_model_based:
        # a model row's counts are its direct cell's, shown on that row when it is cleared: a
        # model rate published beside a withheld direct cell must not show its count
        out.n_responding = cell.n_responding
        out.response_rate = cell.response_rate
        out.response_rate_formatie = cell.response_rate_formatie
    if shown.rate:
        out.rate, out.se_rate = cell.rate, cell.se_rate
    if shown.rate_interval:
        out.ci_low, out.ci_high = cell.ci_low, cell.ci_high
    if shown.fte:
        out.fte = cell.fte
    if shown.fte_interval:
        out.ci_fte_low, out.ci_fte_high = cell.ci_fte_low, cell.ci_fte_high
    return out


def _key(cell) -> tuple:
    return (cell.function, cell.breakdown, cell.domain, cell.measure, cell.is_model_based)


def _shown(cell) -> tuple:
    return (percentage(cell.rate), fte(cell.fte), cell.symbol)


def releasable_cells(run: EstimateRun) -> list[ReleaseCell]:
    """The run's cells as a release would hold them (unsaved; also the analysts' preview)."""
    return [release_cell(c) for c in run.cells.order_by("breakdown", "domain", "measure")]


_ONE_AT_A_TIME = threading.Lock()


def publish(
    run: EstimateRun,
    *,
    status: str = Release.Status.PROVISIONAL,
    note: str = "",
    user=None,
) -> Release:
    """Publish ``run`` as the next version of its round's release (the only way to create one),
    recorded in the audit trail (who, which run, which version, which status).

    A run is published at most once (a database constraint): of two simultaneous publications
    of it one makes the version and the other gets ``PublishError`` ("al gepubliceerd"). A demo
    round is never published as final: generated registrations are no definitive figure."""
    if not connection.features.has_select_for_update:
        # SQLite makes a second writer fail ("database (table) is locked") instead of letting it
        # wait, so there publications in this process take turns; a database that can lock rows
        # (PostgreSQL) lets them race and the constraint on Release.run decides
        with _ONE_AT_A_TIME:
            return _publish(run, status, note, user)
    return _publish(run, status, note, user)


def _publish(run: EstimateRun, status: str, note: str, user) -> Release:
    if run.status != EstimateRun.Status.DONE:
        raise PublishError(f"schatting {run.pk} is niet klaar ({run.status})")
    if status not in Release.Status.values:
        raise PublishError(f"onbekende status {status!r}")
    if (
        status == Release.Status.FINAL
        and Round.objects.filter(pk=run.round_id, is_demo=True).exists()
    ):
        raise PublishError(
            f"ronde {run.round} is een demonstratie: demonstratiecijfers zijn nooit definitief"
        )
    try:
        release = _create(run, status, note, user)
    except IntegrityError as exc:
        # Release.run is unique: the run was published before, or a moment ago by someone else
        if Release.objects.filter(run=run).exists():
            raise PublishError(f"schatting {run.pk} is al gepubliceerd") from exc
        # (round, version) is unique: another run of the round took this version a moment ago
        raise PublishError(
            f"ronde {run.round} kreeg zojuist een andere versie; publiceer opnieuw als dat nog "
            "nodig is"
        ) from exc
    forget_publication_state()
    logger.info(
        "release %s published (run %s, %s)",
        release.slug,
        run.pk,
        release.status,
        extra={"release": release.slug, "run": run.pk, "version": release.version},
    )
    return release


def check_revision(run: EstimateRun, releases) -> None:
    """A revision is audited against what was already published (issue 24, methods.md §3.4).

    The run must have been estimated against every earlier release of its round
    (``estimates.run`` passes them to ``estimate_round`` as ``earlier``): a cell whose value
    equals its value in a release is the quantity that release let be read, so a cell withheld
    then must stay withheld, and a cell shown then may not be a complement now (withholding it
    hides nothing; the audit counted it as public). Every release counts, not the latest only: a
    value a correction changed and a later one changed back is the one the first release showed.
    A run estimated before a release was published breaks one of these and is refused: estimate
    the round again and publish that run."""
    now = run.shortage_cells()
    befores = [(release, release.run.shortage_cells()) for release in releases]
    for key, (value, withheld, shown) in now.items():
        if value is None:
            continue
        # the releases in which this cell had this value (a new value is a new quantity)
        read = [
            (release, before[key])
            for release, before in befores
            if key in before and before[key][0] is not None and unchanged(value, before[key][0])
        ]
        public = any(old[2] for _, old in read)  # one release showed it: it is public
        for release, (_, was_withheld, was_shown) in read:
            if (was_withheld and shown and not public) or (
                was_shown and withheld and not was_withheld
            ):
                raise PublishError(
                    f"schatting {run.pk} is niet getoetst aan versie {release.version} van ronde "
                    f"{run.round}: cel {' / '.join(key)} is ongewijzigd maar "
                    + ("nu zichtbaar" if was_withheld else "nu onderdrukt")
                    + "; samen met die versie zou dat een onderdrukte cel prijsgeven. Bereken de "
                    "schatting opnieuw (ze houdt dan rekening met de gepubliceerde versies)."
                )


def _create(run: EstimateRun, status: str, note: str, user) -> Release:
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        previous = (
            Release.objects.select_for_update()
            .filter(round=run.round, superseded_by__isnull=True)
            .order_by("-version")
            .first()
        )
        earlier = list(
            Release.objects.filter(round=run.round).select_related("run").order_by("version")
        )
        last = earlier[-1] if earlier else None
        if earlier:
            check_revision(run, earlier)
        version = last.version + 1 if last else 1
        signed_in = user is not None and user.is_authenticated
        release = Release.objects.create(
            round=run.round,
            version=version,
            slug=f"{run.round.peildatum.isoformat()}-v{version}",
            status=status,
            note=note,
            method_version=run.method_version,
            run=run,
            results_fingerprint=run.results_fingerprint,
            published_at=timezone.now(),
            published_by=user if signed_in else None,
        )
        cells = releasable_cells(run)
        for cell in cells:
            cell.release = release
        if previous is not None:
            before = {_key(c): _shown(c) for c in previous.cells.all()}
            for cell in cells:
                old = before.get(_key(cell))
                cell.is_revised = old is not None and old != _shown(cell)
            release.n_revised = sum(c.is_revised for c in cells)
            previous.superseded_by = release
            previous.save(update_fields=["superseded_by"])
        ReleaseCell.objects.bulk_create(cells, batch_size=2000)
        # the same peildatum a year earlier, if published: the change, frozen with the release
        store_change(release)
        release.headline = build_headline(release, cells)
        release.save(update_fields=["headline", "n_revised"])
        events.published_release(
            user,
            release,
            {
                "run": run.pk,
                "round": run.round.peildatum.isoformat(),
                "version": version,
                "status": status,
                "slug": release.slug,
                "supersedes": previous.slug if previous is not None else None,
            },
        )
        transaction.on_commit(forget_publication_state)
    return release
