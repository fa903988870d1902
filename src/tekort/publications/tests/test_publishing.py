"""Publication: cells frozen without suppressed values, versions, revisions, the headline."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tekort.estimates.models import EstimateCell, EstimateRun
from tekort.estimates.run import run_estimates
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.publishing import PublishError, publish
from tekort.submissions import demo
from tekort.submissions.models import Registration, Round
from tekort.tests.small_register import narrow_register

pytestmark = pytest.mark.django_db

VALUE_FIELDS = (
    "rate",
    "ci_low",
    "ci_high",
    "se_rate",
    "fte",
    "ci_fte_low",
    "ci_fte_high",
    "n_responding",
    "response_rate",
    "response_rate_formatie",
)


def test_a_release_copies_every_cell_and_stores_no_value_of_a_suppressed_one(release):
    run_cells = EstimateCell.objects.filter(run=release.run)
    assert release.cells.count() == run_cells.count()
    suppressed = run_cells.exclude(disclosure_status="published")
    assert suppressed.count() > 100  # the real register has many small municipalities
    keys = set(
        suppressed.values_list("function", "breakdown", "domain", "measure", "is_model_based")
    )
    stored = [
        c
        for c in release.cells.all()
        if (c.function, c.breakdown, c.domain, c.measure, c.is_model_based) in keys
    ]
    assert len(stored) == len(keys)
    for cell in stored:
        assert cell.symbol == "c"
        assert all(getattr(cell, f) is None for f in VALUE_FIELDS), cell
    # quality class F is withheld as well (symbol x, no value); E is shown with u
    withheld = release.cells.filter(symbol="x")
    assert withheld.exists() and not withheld.filter(rate__isnull=False).exists()
    assert release.cells.filter(symbol="u", rate__isnull=False).exists()
    for function in ("leraar", "schoolleider"):
        key = {"function": function, "breakdown": "national", "measure": "tekort"}
        national = release.cells.get(is_model_based=False, **key)
        run_national = run_cells.get(is_model_based=False, **key)
        assert national.rate == run_national.rate and national.fte == run_national.fte


def test_the_headline_is_computed_at_publication_from_protected_cells(release):
    head = release.headline
    assert head["release"]["slug"] == release.slug == f"{release.round.peildatum}-v1"
    assert [c["domain"] for c in head["by_sector"]][:2] == ["sector=bao", "sector=sbo"]
    national = head["national"]
    assert 3.0 < national["percentage"] < 12.0
    assert national["ci_low"] < national["percentage"] < national["ci_high"]
    assert national["flags"] == ["p"]  # provisional release
    assert head["national_fte_rounded"] % 100 == 0
    assert [c["measure"] for c in head["four_cells"]] == [
        "regulier_openstaand",
        "regulier_verborgen",
        "vervanging_openstaand",
        "vervanging_verborgen",
    ]
    g5, rest = head["g5"]
    assert g5["percentage"] > rest["percentage"]  # the demo's G5 factor
    bands = {c["domain"]: c["percentage"] for c in head["schoolweging"]}
    assert bands["schoolweging_band=high"] > bands["schoolweging_band=low"]
    # school leaders: their own national figure and sectors, from the school-leader cells
    leaders = head["school_leaders"]
    stored = release.cells.get(
        function="schoolleider", breakdown="national", measure="tekort", is_model_based=False
    )
    assert leaders["national"]["function"] == "schoolleider"
    assert leaders["national"]["percentage"] == round(stored.rate * 100, 1)
    assert leaders["national"]["percentage"] != national["percentage"]
    assert {c["domain"] for c in leaders["by_sector"]} <= {c["domain"] for c in head["by_sector"]}
    assert all(c["function"] == "schoolleider" for c in leaders["by_sector"])
    # the trend holds the earlier round's current release, then this one
    assert [p["release"] for p in head["trend"]] == [
        Release.objects.exclude(pk=release.pk).get().slug,
        release.slug,
    ]


def test_a_revision_is_a_new_version_that_supersedes_and_flags_what_changed(release, revised_run):
    round_ = release.round
    round_.is_demo = False  # a round of real figures: a demo release is never final
    round_.save(update_fields=["is_demo"])
    run = release.run
    # a late correction changes one labour-market region's figures: copy the run, alter cells
    target = next(
        c
        for c in EstimateCell.objects.filter(run=run)
        if c.breakdown == "labour_market_region"
        and c.measure == "tekort"
        and c.disclosure_status == "published"
        and c.quality_class == "A"
    )

    def correct(c):
        if (c.breakdown, c.domain, c.measure) == (target.breakdown, target.domain, "tekort"):
            c.rate *= 1.2

    changed = revised_run(run, correct)

    second = publish(changed, status="definitief", note="Late antwoorden verwerkt")
    release.refresh_from_db()
    assert second.version == 2 and second.slug.endswith("-v2")
    assert release.superseded_by == second
    assert second.superseded_by is None
    assert list(Release.objects.current().filter(round=round_)) == [second]
    revised = second.cells.filter(is_revised=True)
    assert list(revised.values_list("domain", "measure")) == [(target.domain, "tekort")]
    assert second.n_revised == 1
    assert second.headline["release"]["status"] == "definitief"
    assert second.headline["national"]["flags"] == []  # final, unchanged: no p, no r
    # the old version stays reachable and says which version superseded it
    assert release.headline["release"]["slug"] == release.slug
    assert release.cells.filter(is_revised=True).count() == 0


def test_only_a_finished_unpublished_run_can_be_published(estimate_runs):
    earlier, latest = estimate_runs
    publish(earlier)
    with pytest.raises(PublishError, match="al gepubliceerd"):
        publish(earlier)
    latest.status = EstimateRun.Status.FAILED
    latest.save()
    with pytest.raises(PublishError, match="niet klaar"):
        publish(latest)
    latest.status = EstimateRun.Status.DONE
    with pytest.raises(PublishError, match="status"):
        publish(latest, status="gepland")
    assert Release.objects.count() == 1


def test_the_command_publishes_a_freshly_estimated_round():
    """The whole path of the brief: demo.generate → run_estimates → publish_release (on the
    small register)."""
    narrow_register()
    demo.generate(seed=5)
    round_ = Round.objects.get(peildatum=date(2024, 10, 1))
    run_estimates(round_, seed=2, n_bootstrap=50)
    with pytest.raises(CommandError, match="demonstratie"):  # demo figures are never final
        call_command("publish_release", peildatum="2024-10-01", status="definitief")
    call_command("publish_release", peildatum="2024-10-01", status="voorlopig", note="Test")
    release = Release.objects.get()
    assert release.slug == "2024-10-01-v1" and release.status == "voorlopig"
    assert release.note == "Test" and release.method_version
    assert release.cells.count() == release.run.cells.count()
    # nothing public reads live registrations: deleting them changes no published figure
    before = release.headline
    Registration.objects.filter(round=round_).delete()
    assert Release.objects.get().headline == before
    assert ReleaseCell.objects.filter(release=release, symbol="c", rate__isnull=False).count() == 0
