"""A revision is audited against what its round already published (issue 24, methods.md §3.4).

A run estimated against the round's releases (``estimates.run.earlier_versions``) keeps an
unchanged withheld cell withheld and never takes an unchanged public cell as a complement;
``publish`` refuses a run that breaks either, because read with the earlier version it would
give a suppressed cell away. Model-based rows carry no respondent counts of their own."""

import pytest

from tekort.estimates.models import EstimateCell
from tekort.estimates.run import earlier_releases, earlier_versions
from tekort.publications.publishing import PublishError, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_release")]

WITHHELD = ("primary_suppressed", "secondary_suppressed")


def _direct(run, **kw):
    return EstimateCell.objects.filter(run=run, measure="tekort", is_model_based=False, **kw)


def _key(c):
    return (c.function, c.breakdown, c.domain)


def _shown(run):
    """A cell the run publishes with its value (class A), not the national one."""
    return _direct(
        run, disclosure_status="published", quality_class="A", quality_class_fte="A"
    ).exclude(breakdown="national")[0]


def _hiding(cell):
    """A change for ``revised_run``: the cell withheld as a complement."""

    def hide(c):
        if _key(c) == _key(cell):
            c.disclosure_status = "secondary_suppressed"

    return hide


def test_the_run_of_a_round_with_a_release_knows_what_it_published(release):
    latest = release
    [earlier] = earlier_versions(latest.round)
    # (a domain without respondents has no value to keep)
    withheld = {
        _key(c) for c in _direct(latest.run, disclosure_status__in=WITHHELD, fte__isnull=False)
    }
    assert withheld and all(earlier[k][1] for k in withheld)
    shown = _direct(latest.run, disclosure_status="published", quality_class="A").first()
    assert earlier[_key(shown)] == (shown.fte, False)


def test_an_unchanged_withheld_cell_shown_in_a_revision_is_refused(release, revised_run):
    latest = release
    cell = _direct(latest.run, disclosure_status="secondary_suppressed").first()

    def reveal(c):
        if _key(c) == _key(cell):
            c.disclosure_status, c.quality_class, c.quality_class_fte = "published", "A", "A"

    with pytest.raises(PublishError, match="niet getoetst aan versie 1") as err:
        publish(revised_run(latest.run, reveal))
    assert cell.domain in str(err.value)
    assert latest.round.releases.count() == 1  # nothing was published


def test_an_unchanged_public_cell_taken_as_complement_is_refused(release, revised_run):
    latest = release
    cell = _shown(latest.run)
    with pytest.raises(PublishError, match="nu onderdrukt"):
        publish(revised_run(latest.run, _hiding(cell)))


def test_a_revision_audited_against_the_release_is_published(release, revised_run):
    latest = release
    cell = _direct(latest.run, disclosure_status="secondary_suppressed").first()

    def correct(c):
        # a changed value is a new quantity: shown now, it reveals nothing of the old one
        if _key(c) == _key(cell):
            c.fte = (c.fte or 0.0) + 7.0
            c.disclosure_status, c.quality_class, c.quality_class_fte = "published", "A", "A"

    second = publish(revised_run(latest.run, correct))
    assert second.version == 2


def test_a_value_changed_back_is_audited_against_the_release_that_showed_it(release, revised_run):
    """v1 shows a cell, v2 corrects its value, v3 has v1's value again and withholds it: read with
    v1, v3's withheld cell is known, so v3 is refused (comparing with v2 alone let it through)."""
    latest = release
    cell = _shown(latest.run)

    def correct(c):
        if _key(c) == _key(cell):
            c.fte = (c.fte or 0.0) + 7.0

    second = publish(revised_run(latest.run, correct))
    assert second.version == 2
    with pytest.raises(PublishError, match="niet getoetst aan versie 1 .*nu onderdrukt"):
        publish(revised_run(latest.run, _hiding(cell)))
    # both releases are inputs of the next run, and each version's cells are known to it
    assert earlier_releases(latest.round) == (latest.pk, second.pk)
    v1, v2 = earlier_versions(latest.round)
    assert v2[_key(cell)][0] == v1[_key(cell)][0] + 7.0


def test_model_rows_carry_no_respondent_counts(release):
    latest = release
    model = latest.cells.filter(is_model_based=True)
    assert model.exists()
    assert not model.filter(n_responding__isnull=False).exists()
    assert latest.cells.filter(is_model_based=False, n_responding__isnull=False).exists()
