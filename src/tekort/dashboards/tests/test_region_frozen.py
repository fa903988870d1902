"""The region view's tables are the estimate run's: computed with its estimates from the same
registrations and stored with them, so a registration changed after the run (before or after
publication) changes nothing a region sees of its release, a new release version (of a new run)
has its own tables, and a suppressed cell is stored as its symbol only. Only the ministry's
view of a round without a release is live."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tekort.dashboards.tests.factories import estimate_run
from tekort.dashboards.tests.html_tables import tables_of
from tekort.estimates.models import EstimateRegionTables
from tekort.estimates.region_tables import (
    FIGURES,
    disclosure_facts,
    region_cells,
    rows,
)
from tekort.estimates.run import run_estimates
from tekort.publications.publishing import publish
from tekort.registry.models import Onderwijsregio
from tekort.submissions.models import Registration
from tekort_stats import disclosure

pytestmark = pytest.mark.django_db


def _url(region, round_, name="region", *extra):
    return reverse(f"dashboards:{name}", args=[region.pk, *extra]) + (
        f"?peildatum={round_.peildatum}"
    )


def _correct_registrations(region, round_):
    """A correction: every location of the region that registered reports
    three times its regular open vacancies plus one FTE, and one in three is withdrawn."""
    made = Registration.objects.filter(round=round_, location__board__onderwijsregios=region)
    for k, registration in enumerate(made.order_by("location_id")):
        if k % 3 == 0:
            registration.submitted_at = None
        registration.regulier_openstaand = registration.regulier_openstaand * 3 + Decimal("1")
        registration.save()


def test_every_region_gets_its_tables_with_the_run(region, rounds, runs):
    frozen = EstimateRegionTables.objects.filter(run=runs[0])
    assert set(frozen.values_list("onderwijsregio_id", flat=True)) == set(
        Onderwijsregio.objects.values_list("pk", flat=True)
    )
    own = frozen.get(onderwijsregio=region)
    cells = region_cells(region, rounds[0])
    assert own.tables == rows(cells)  # the same rows the live computation gives at that moment
    assert own.audit == disclosure_facts(cells)
    assert own.audit["audit_passed"] == {"tekort": True, "openstaand": True, "verborgen": True}
    assert not own.audit["fail_closed"]
    assert own.audit["primary_suppressed"] == (cells.status == disclosure.PRIMARY).sum() > 0
    assert own.audit["secondary_suppressed"] == (cells.status == disclosure.SECONDARY).sum()


def test_a_suppressed_cell_is_frozen_as_its_symbol_only(region, rounds, releases):
    stored = EstimateRegionTables.objects.get(run=releases[0].run, onderwijsregio=region).tables
    cells = region_cells(region, rounds[0])
    by_label = {row["area"]: row for row in stored["municipalities"] + stored["boards"]}
    suppressed = [i for i in range(1, len(cells.ids)) if cells.suppressed[i]]
    assert len(suppressed) > 10
    counts = {"area", "locations", "responding", "response_rate"}
    for i in suppressed:
        row = by_label[cells.labels[i]]
        # the counts of asked and responding locations are shown; of the figures nothing
        assert set(row) == counts | set(FIGURES)
        assert [row[key] for key in FIGURES] == ["c"] * len(FIGURES)
        assert row["responding"] == cells.responding[i] > 0
    shown = [row for row in by_label.values() if row["tekort_fte"] not in ("c", "x")]
    assert shown and all(isinstance(row["tekort_rate"], float) for row in shown)


def _seen(client, region, round_) -> dict:
    """Everything a region user gets for the round: page tables, .json, each .csv, .xlsx."""
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(_url(region, round_, "region-xlsx")).content)
    )
    return {
        "page": tables_of(client.get(_url(region, round_)).content.decode()),
        "json": client.get(_url(region, round_, "region-json")).json(),
        "xlsx": {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames},
        **{
            slug: client.get(_url(region, round_, "region-csv", slug)).content
            for slug in ("gemeenten", "besturen")
        },
    }


def test_a_correction_after_publication_changes_nothing_a_region_sees(
    region_client, region, rounds, releases
):
    before = _seen(region_client, region, rounds[0])
    stored = EstimateRegionTables.objects.get(run=releases[0].run, onderwijsregio=region).tables
    _correct_registrations(region, rounds[0])
    live = rows(region_cells(region, rounds[0]))
    assert live["total"]["responding"] < stored["total"]["responding"]  # live, it would change
    assert live != stored
    assert _seen(region_client, region, rounds[0]) == before
    total = before["json"]["tables"][0]["rows"][-1]
    assert total["responding"] == stored["total"]["responding"]
    assert total["tekort_fte"] == stored["total"]["tekort_fte"]


def test_a_correction_after_the_run_and_before_publication_changes_nothing_of_the_release(
    region_client, region, rounds
):
    run = run_estimates(rounds[0], seed=1, n_bootstrap=10)
    as_run = region_cells(region, rounds[0])  # the registrations the run read, read again
    stored = EstimateRegionTables.objects.get(run=run, onderwijsregio=region)
    # reproducible: the run's stored tables are what the same registrations give
    assert stored.tables == rows(as_run) and stored.audit == disclosure_facts(as_run)
    assert stored.tables["total"]["responding"] > 0
    _correct_registrations(region, rounds[0])
    live = rows(region_cells(region, rounds[0]))
    assert live["total"]["responding"] < stored.tables["total"]["responding"]
    release = publish(run)  # after the correction: publishes the run's tables, not live ones
    data = region_client.get(_url(region, rounds[0], "region-json")).json()
    assert data["figures"]["release"] == release.slug and data["tables_from"]["frozen"]
    total = {"area": "Totaal regio", **stored.tables["total"]}
    for table, part in zip(data["tables"], ("municipalities", "boards"), strict=True):
        shown = [(row["area"], row["responding"], row["tekort_fte"]) for row in table["rows"]]
        expected = [*stored.tables[part], total]
        assert shown == [(row["area"], row["responding"], row["tekort_fte"]) for row in expected]
    stored.refresh_from_db()
    assert stored.tables == rows(as_run)


def test_the_page_and_downloads_name_the_release_they_come_from(
    region_client, region, rounds, releases
):
    release = releases[0]
    data = region_client.get(_url(region, rounds[0], "region-json")).json()
    assert data["tables_from"] == {
        "frozen": True,
        "release": release.slug,
        "version": 1,
        "published_at": release.published_at.isoformat(),
        "available": True,
        "run": release.run_id,
        "inputs_fingerprint": release.run.inputs_fingerprint,
    }
    assert data["figures"]["release"] == release.slug
    page = region_client.get(_url(region, rounds[0])).content.decode()
    assert f"/cijfers/{release.slug}/" in page and "Niet gepubliceerd." not in page
    assert "uit dezelfde registraties" in page


def test_the_ministry_sees_a_round_without_release_live_and_marked(
    analyst_client, region, rounds, runs
):
    data = analyst_client.get(_url(region, rounds[0], "region-json")).json()
    assert data["tables_from"] == {"frozen": False}
    assert data["figures"]["published"] is False
    live = rows(region_cells(region, rounds[0]))
    assert data["tables"][0]["rows"][-1]["responding"] == live["total"]["responding"]
    page = analyst_client.get(_url(region, rounds[0])).content.decode()
    assert "Niet gepubliceerd." in page and "tabel-gemeenten" in page
    _correct_registrations(region, rounds[0])  # unpublished: the ministry sees the change
    changed = analyst_client.get(_url(region, rounds[0], "region-json")).json()
    assert changed["tables"] != data["tables"]


def test_a_release_without_this_regions_tables_shows_none(region_client, region, rounds, runs):
    release = publish(runs[0])
    EstimateRegionTables.objects.filter(run=release.run, onderwijsregio=region).delete()
    data = region_client.get(_url(region, rounds[0], "region-json")).json()
    assert data["tables_from"]["available"] is False
    assert [t["rows"] for t in data["tables"]] == [[], []]
    page = region_client.get(_url(region, rounds[0])).content.decode()
    assert "samenvatting" not in page


def test_a_new_version_gets_its_own_tables_and_the_old_ones_stay(
    region_client, region, rounds, releases
):
    first = releases[0]
    old = EstimateRegionTables.objects.get(run=first.run, onderwijsregio=region)
    as_published = old.tables
    _correct_registrations(region, rounds[0])
    second = publish(estimate_run(rounds[0], {("national", "national"): 0.08}))
    new = EstimateRegionTables.objects.get(run=second.run, onderwijsregio=region)
    assert new.pk != old.pk and new.tables != as_published
    assert new.tables == rows(region_cells(region, rounds[0]))
    old.refresh_from_db()  # the first version's tables stay as they were published
    assert old.tables == as_published
    assert old.tables["total"]["responding"] > new.tables["total"]["responding"]
    data = region_client.get(_url(region, rounds[0], "region-json")).json()
    assert data["figures"]["release"] == second.slug
    assert data["tables"][0]["rows"][-1]["responding"] == new.tables["total"]["responding"]
