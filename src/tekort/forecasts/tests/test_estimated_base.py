"""The raming's base year is the published release, never an estimate run or registrations.

This module once asserted that an unpublished run's figure appears on the public raming; it
now asserts the opposite (issue 14): only the current release of an October round reaches the
raming, as published (rounded, with its interval and symbol), and a cell the release withholds
has no value, no respondent count and no projection, only the nearest published levels.
"""

import csv
import io
import math
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from tekort.estimates.run import run_estimates
from tekort.forecasts.base_year import NEDERLAND, build_base_table, measured
from tekort.forecasts.published_base import combine
from tekort.forecasts.tests.conftest import NATIONAL, estimate_run, register
from tekort.forecasts.tests.factories import RoundFactory
from tekort.forecasts.vintages import current_vintage, parameters
from tekort.publications.models import ReleaseCell
from tekort.publications.presentation import fte, percentage
from tekort.publications.publishing import publish
from tekort.registry.models import Location
from tekort.submissions.models import Registration

pytestmark = pytest.mark.django_db
Z95 = 1.959963984540054


@pytest.fixture
def params():
    return parameters(current_vintage())


def _scenario(client, region, sector, kind="json"):
    cache.clear()
    suffix = {"json": "scenario.json", "csv": "scenario.csv", "page": ""}[kind]
    return client.get(f"/raming/{suffix}", {"region": region, "sector": sector})


def test_an_unpublished_run_never_reaches_the_raming(db, client):
    round_ = RoundFactory()
    region = Location.objects.filter(sector="bao").first().board.onderwijsregios.first()
    estimate_run(round_, region, fte=47.77, rate=0.0777)  # finished, never published
    page = _scenario(client, NEDERLAND, "bao", "page").content.decode()
    assert "Er zijn nog geen cijfers van een ronde van 1 oktober" in page
    assert "47,77" not in page and "7,8" not in page
    assert _scenario(client, NEDERLAND, "bao").status_code == 404


def test_the_base_is_the_release_as_published_not_a_newer_run(demo_round, client):
    name = demo_round.region.name
    estimate_run(demo_round.round, demo_round.region, fte=91.91, rate=0.3131)  # newer, unpublished
    data = _scenario(client, name, "bao").json()
    base = data["base"]
    assert base["release"] == demo_round.release.slug and base["published"] is True
    # the release's cell rounded as published: 43.21 FTE -> 45, 8.75 % -> 8.8 %, interval to 5
    assert base["shortage_fte"] == 45 == fte(43.21)
    assert base["shortage_rate"] == pytest.approx(percentage(0.0875) / 100)
    assert base["shortage_fte_ci95"] == [fte(31.45), fte(43.21 + 11.76)] == [30, 55]
    assert data["baseline"]["shortage_fte"][0] == pytest.approx(45.0)
    page = _scenario(client, name, "bao", "page").content.decode()
    assert "91,91" not in page and "31,3" not in page and "92 fte" not in page
    assert "publicatie" in page and demo_round.release.slug in page


def test_an_open_round_with_registrations_and_a_run_changes_nothing(demo_round, client):
    before = {
        key: _scenario(client, *key).json()
        for key in ((NEDERLAND, "bao"), (NEDERLAND, "sbo"), (demo_round.region.name, "bao"))
    }
    choices_before = _scenario(client, NEDERLAND, "bao", "page").context["form"]
    choices_before = choices_before.fields["region"].choices
    later = RoundFactory(peildatum=date(2026, 10, 1), is_demo=False)
    register(later, Location.objects.filter(code__in=demo_round.region_codes[:1]))
    estimate_run(later, demo_round.region, fte=12.34, rate=0.2301)
    for key, data in before.items():
        assert _scenario(client, *key).json() == data
    form = _scenario(client, NEDERLAND, "bao", "page").context["form"]
    assert form.fields["region"].choices == choices_before
    assert "Demodata." in _scenario(client, NEDERLAND, "bao", "page").content.decode()


def test_a_demo_release_stored_as_final_is_voorlopig_in_the_raming(demo_round, client):
    from tekort.publications.models import Release

    Release.objects.filter(pk=demo_round.release.pk).update(status=Release.Status.FINAL)
    base = _scenario(client, NEDERLAND, "bao").json()["base"]
    assert base["release_status"] == "voorlopig" and base["demo"] is True


@pytest.mark.parametrize("status", ["primary_suppressed", "secondary_suppressed"])
def test_a_withheld_cell_has_no_value_and_offers_the_nearest_published(db, client, status):
    round_ = RoundFactory()
    region = Location.objects.filter(sector="bao").first().board.onderwijsregios.first()
    publish(estimate_run(round_, region, region_status=status, fte=47.77, rate=0.0777))
    stored = ReleaseCell.objects.get(domain=f"onderwijsregio={region.name}|sector=bao")
    assert stored.fte is None and stored.n_responding is None and stored.symbol == "c"

    response = _scenario(client, region.name, "bao", "page")
    page = response.content.decode()
    assert response.status_code == 200 and "comparison" not in response.context
    assert "tonen het gemeten tekort voor deze regio en sector niet (c)" in page
    assert "47,77" not in page and ">48<" not in page and "7,8" not in page
    assert 'data-value="' not in page and "<svg" not in page
    assert f"?region={NEDERLAND}&amp;sector=bao" in page  # the sector nationally
    assert "sector=vso" in page  # the region's other published sector

    data = _scenario(client, region.name, "bao").json()
    assert data["base"]["published"] is False and data["base"]["symbol"] == "c"
    assert "shortage_fte" not in data["base"] and "respondents" not in data["base"]
    assert data["baseline"] is None and data["result"] is None
    assert [(a["region"], a["sector"]) for a in data["alternatives"]] == [
        (NEDERLAND, "bao"),
        (region.name, "vso"),
    ]
    rows = list(csv.DictReader(io.StringIO(_scenario(client, region.name, "bao", "csv").text)))
    assert rows == [{"demo": "ja", "regio": region.name, "sector": "bao", "symbool": "c"}]
    assert _scenario(client, NEDERLAND, "bao").json()["base"]["shortage_fte"] == 5000


def test_grouped_sectors_pool_the_published_cells(demo_round, params):
    """(v)so = so + vso of the release: FTE add; SEs read back from the published intervals
    pool as Σ (F_k/F)² SE_k²; computed here by hand. Published rate intervals: so 5.0 ± 1.96
    -> [3.0, 7.0] and vso 4.0 ± 1.96 -> [2.0, 6.0] after rounding, so each SE is
    4 pp / (2 × 1.959964)."""
    cell = build_base_table(demo_round.release, params).cells[(demo_round.region.name, "vso")]
    # published: so 5.0 % and 10 FTE, vso 4.0 % and 15 FTE (both multiples of 5)
    f_so, f_vso = 10 / 0.05, 15 / 0.04
    total = f_so + f_vso
    assert cell.shortage == 25.0 and cell.formatie == pytest.approx(total)
    each = 0.04 / (2 * Z95)
    se = math.sqrt((f_so / total) ** 2 * each**2 + (f_vso / total) ** 2 * each**2)
    assert cell.se_rate == pytest.approx(se, rel=1e-12)
    assert (cell.ci_low, cell.ci_high) == pytest.approx(
        (max(25 - Z95 * se * total, 0), 25 + Z95 * se * total), rel=1e-12
    )
    nation = build_base_table(demo_round.release, params).cells[(NEDERLAND, "vso")]
    assert nation.shortage == sum(fte(NATIONAL[s][1]) for s in ("so", "vso", "(v)so"))


def test_a_component_withheld_withholds_the_group():
    shown = {"percentage": 5.0, "fte": 10, "ci_low": 4.0, "ci_high": 6.0, "symbol": ""}
    shown |= {"n_frame": 10, "n_responding": 6, "fte_ci_low": 5, "fte_ci_high": 15}
    hidden = {**shown, "percentage": None, "fte": None, "n_responding": None, "symbol": "c"}
    grouped = combine([shown, hidden])
    assert not grouped.published and grouped.symbol == "c"
    assert grouped.shortage is None and grouped.respondents is None
    assert grouped.locations == 20


def test_a_real_published_estimate_feeds_the_base_year(demo_round, params):
    Registration.objects.filter(round=demo_round.round).update(submitted_at=timezone.now())
    release = publish(run_estimates(demo_round.round, n_bootstrap=0))
    cells = measured(release)
    for key, cell in cells.items():
        region, sector = key
        if sector != "bao":
            continue
        domain = "sector=bao" if region == NEDERLAND else f"onderwijsregio={region}|sector=bao"
        stored = ReleaseCell.objects.get(
            release=release,
            measure="tekort",
            is_model_based=False,
            domain=domain,
            function="leraar",
        )
        assert cell.published == (stored.fte is not None and stored.rate is not None)
        if cell.published:
            assert cell.shortage == fte(stored.fte)
            assert cell.respondents == stored.n_responding
        else:
            assert cell.shortage is None and cell.respondents is None


def test_a_withheld_region_starts_from_the_nearest_published_level(db, client, params):
    round_ = RoundFactory()
    region = Location.objects.filter(sector="bao").first().board.onderwijsregios.first()
    release = publish(
        estimate_run(round_, region, region_status="primary_suppressed", fte=47.77, rate=0.0777)
    )
    table = build_base_table(release, params)
    national = table.cell(NEDERLAND, "bao")
    own = table.published_cell(region.name, "bao")
    assert own.published is False and own.pupils > 0  # withheld; DUO's pupils are public
    found = table.borrowed(region.name, "bao")
    share = own.pupils / national.pupils
    assert found.source == (NEDERLAND, "bao") and found.pupil_share == pytest.approx(share)
    assert found.cell.formatie == pytest.approx(national.formatie * share)
    assert found.cell.shortage / found.cell.formatie == pytest.approx(national.rate)
    assert table.borrowed(NEDERLAND, "bao") is None  # a published cell borrows nothing

    data = _scenario(client, region.name, "bao").json()
    borrowed = data["borrowed"]
    assert data["baseline"] is None and data["base"]["published"] is False
    assert borrowed["source_region"] == NEDERLAND and borrowed["source_sector"] == "bao"
    assert borrowed["pupil_share"] == pytest.approx(share)
    assert borrowed["baseline"]["shortage_fte"][0] == pytest.approx(
        national.rate * national.formatie * share
    )
    assert 47.77 not in borrowed["baseline"]["shortage_fte"]
    page = _scenario(client, region.name, "bao", "page").content.decode()
    assert 'id="borrowed-table"' in page and "gebruikt het afgeschermde cijfer niet" in page
    assert "47,77" not in page
