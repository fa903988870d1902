"""The base year from the statistics core's estimates, the naive fallback, and disclosure."""

import math

import pytest
from django.utils import timezone

from tekort.estimates.models import EstimateCell
from tekort.estimates.run import DEFAULT_BREAKDOWNS, run_estimates
from tekort.forecasts.base_year import (
    NEDERLAND,
    build_base_table,
    measured,
    measured_base,
    measured_from_estimates,
)
from tekort.forecasts.estimated_base import Z95
from tekort.forecasts.tests.factories import (
    EstimateCellFactory,
    EstimateRunFactory,
    region_domain,
)
from tekort.forecasts.vintages import current_vintage, parameters
from tekort.submissions.models import Registration

pytestmark = pytest.mark.django_db
NATIONAL = {"bao": (0.07, 5000.0), "sbo": (0.06, 200.0), "so": (0.065, 180.0)}
NATIONAL |= {"vso": (0.06, 170.0), "(v)so": (0.05, 90.0), "vo": (0.05, 300.0)}


@pytest.fixture
def params():
    return parameters(current_vintage())


def estimate_run(demo_round, region_status="published", **bao):
    run = EstimateRunFactory(round=demo_round.round)
    for sector, (rate, fte) in NATIONAL.items():
        EstimateCellFactory(run=run, domain=f"sector={sector}", rate=rate, fte=fte)
    name = demo_round.region.name
    values = {"rate": 0.0875, "fte": 43.21, "se_fte": 6.0, "ci_fte_low": 31.45, **bao}
    values.setdefault("ci_fte_high", values["fte"] + 11.76)
    EstimateCellFactory(
        run=run,
        breakdown="onderwijsregio:sector",
        domain=region_domain(name, "bao"),
        disclosure_status=region_status,
        symbol="" if region_status == "published" else "c",
        quality_class="A" if region_status == "published" else "F",
        **values,
    )
    for sector, rate, fte, se in (("so", 0.05, 2.0, 0.5), ("vso", 0.04, 3.0, 1.0)):
        EstimateCellFactory(
            run=run,
            breakdown="onderwijsregio:sector",
            domain=region_domain(name, sector),
            rate=rate,
            fte=fte,
            se_fte=se,
            se_rate=0.01,
        )
    return run


def test_base_from_estimates_equals_the_estimate_cells_sums(demo_round, params):
    run = estimate_run(demo_round)
    cells = measured_from_estimates(run)
    name = demo_round.region.name
    vso = cells[(name, "vso")]
    assert vso.source == "estimate"
    assert vso.shortage == pytest.approx(2.0 + 3.0, rel=1e-12)
    assert vso.formatie == pytest.approx(2.0 / 0.05 + 3.0 / 0.04, rel=1e-12)
    half = Z95 * math.sqrt(0.5**2 + 1.0**2)
    assert (vso.ci_low, vso.ci_high) == pytest.approx((5.0 - half, 5.0 + half), rel=1e-12)
    nation = cells[(NEDERLAND, "vso")]  # so + vso + (v)so of the ``sector`` breakdown
    assert nation.shortage == pytest.approx(180.0 + 170.0 + 90.0, rel=1e-12)
    assert nation.formatie == pytest.approx(180 / 0.065 + 170 / 0.06 + 90 / 0.05, rel=1e-12)

    table = build_base_table(demo_round.round, params)
    assert table.source == "estimate" and table.estimate_run_id == run.pk
    bao = table.cell(name, "bao")
    assert bao.shortage == pytest.approx(43.21, rel=1e-12)
    assert bao.formatie == pytest.approx(43.21 / 0.0875, rel=1e-12)
    assert (bao.ci_low, bao.ci_high) == pytest.approx((31.45, 54.97))  # the cell's own
    assert table.cell(NEDERLAND, "bao").formatie == pytest.approx(5000 / 0.07, rel=1e-12)
    # not the naive figure of the same registrations
    assert bao.shortage != pytest.approx(measured_base(demo_round.round)[(name, "bao")].shortage)


def test_fallback_to_the_naive_estimate_when_the_round_has_no_run(demo_round, client):
    EstimateRunFactory(round=demo_round.round, status="failed")  # not done: ignored
    EstimateRunFactory(round=demo_round.round, breakdowns=["sector"])  # no regions: ignored
    cells, source, run_id = measured(demo_round.round)
    assert source == "naive" and run_id is None
    assert cells == measured_base(demo_round.round)
    page = client.get("/raming/", {"region": NEDERLAND, "sector": "bao"}).content.decode()
    assert "Basisjaar: naïeve schatting" in page and "schatting met interval" not in page
    data = client.get("/raming/scenario.json", {"region": NEDERLAND, "sector": "bao"}).json()
    assert data["base"]["source"] == "naive" and data["base"]["shortage_fte_ci95"] is None


def test_the_page_names_the_estimate_and_shows_its_interval(demo_round, client):
    estimate_run(demo_round)
    query = {"region": demo_round.region.name, "sector": "bao"}
    page = client.get("/raming/", query).content.decode()
    assert "Basisjaar: schatting met interval" in page
    assert "95%-betrouwbaarheidsinterval van het gemeten tekort: 31 tot 55 fte" in page
    data = client.get("/raming/scenario.json", query).json()
    assert data["base"]["shortage_fte"] == pytest.approx(43.21)
    assert data["base"]["shortage_fte_ci95"] == pytest.approx([31.45, 54.97])
    assert data["baseline"]["shortage_fte"][0] == pytest.approx(43.21)


@pytest.mark.parametrize("status", ["primary_suppressed", "secondary_suppressed"])
def test_a_suppressed_region_cell_is_not_shown(demo_round, client, status):
    estimate_run(demo_round, region_status=status, fte=47.77, rate=0.0777)
    query = {"region": demo_round.region.name, "sector": "bao"}
    response = client.get("/raming/", query)
    page = response.content.decode()
    assert response.status_code == 200 and "Samenvatting" in page
    assert "wordt voor deze regio en sector niet getoond (c)" in page
    assert "47,77" not in page and ">48<" not in page and "0.0777" not in page
    assert all(row["withheld"] for row in response.context["rows"])  # no projected year either
    assert response.context["chart"] is None
    assert 'data-value="' not in page
    data = client.get("/raming/scenario.json", query).json()
    assert data["base"]["published"] is False and data["base"]["symbol"] == "c"
    assert data["base"]["withheld_because"] == status
    assert "shortage_fte" not in data["base"] and "formatie_fte" not in data["base"]
    # every projected year starts from the withheld base, so none is shown (it would reveal it)
    assert all(v is None for values in data["baseline"].values() for v in values)
    assert all(v is None for values in data["result"].values() for v in values)
    csv = client.get("/raming/scenario.csv", query).content.decode()
    assert "47.77" not in csv
    assert all(line.count(",,") for line in csv.splitlines()[1:])
    # Nederland's published cell is shown
    nation = client.get("/raming/scenario.json", {"region": NEDERLAND, "sector": "bao"}).json()
    assert nation["base"]["shortage_fte"] == pytest.approx(5000.0)


def test_a_real_estimate_run_feeds_the_base_year(demo_round, params):
    assert "onderwijsregio:sector" in DEFAULT_BREAKDOWNS
    Registration.objects.filter(round=demo_round.round).update(submitted_at=timezone.now())
    run = run_estimates(demo_round.round, n_bootstrap=0)
    table = build_base_table(demo_round.round, params)
    assert table.source == "estimate" and table.estimate_run_id == run.pk
    name = demo_round.region.name
    stored = EstimateCell.objects.get(
        run=run,
        measure="tekort",
        is_model_based=False,
        breakdown="onderwijsregio:sector",
        domain=region_domain(name, "bao"),
    )
    cell = table.cells[(name, "bao")]
    assert cell.shortage == pytest.approx(stored.fte, rel=1e-12)
    assert cell.formatie == pytest.approx(stored.fte / stored.rate, rel=1e-12)
    assert cell.published == (
        stored.disclosure_status == "published" and stored.quality_class != "F"
    )
    assert cell.locations == stored.n_frame and cell.respondents == stored.n_responding
