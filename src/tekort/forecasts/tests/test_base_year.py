"""The adapter: base year per region × sector from the registrations, DUO pupils and inputs."""

import numpy as np
import pytest
from django.db.models import Max, Sum

from tekort.forecasts import inputs
from tekort.forecasts.base_year import (
    NEDERLAND,
    build_base_table,
    cached_base_table,
    latest_round,
    measured_base,
)
from tekort.forecasts.tests.conftest import register
from tekort.forecasts.tests.factories import RoundFactory
from tekort.forecasts.vintages import current_vintage, parameters
from tekort.registry.models import Location, Onderwijsregio, PupilCount
from tekort.submissions.models import Registration
from tekort_forecast import run_forecast

CELLS = [
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
]


@pytest.fixture
def params():
    return parameters(current_vintage())


def _sums(registrations):
    agg = registrations.aggregate(formatie=Sum("formatie"), **{c: Sum(c) for c in CELLS})
    return float(agg["formatie"]), float(sum(agg[c] for c in CELLS))


def test_base_year_totals_of_a_region_equal_the_registrations_sums(demo_round):
    region = demo_round.region
    cell = measured_base(demo_round.round)[(region.name, "bao")]
    registrations = Registration.objects.filter(
        round=demo_round.round, location__board__onderwijsregios=region, location__sector="bao"
    )
    formatie, shortage = _sums(registrations)
    locations = Location.objects.filter(board__onderwijsregios=region, sector="bao").count()
    assert cell.respondents == registrations.count() == 20
    assert cell.locations == locations
    assert cell.respondent_formatie == pytest.approx(formatie, rel=1e-12)
    assert cell.respondent_shortage == pytest.approx(shortage, rel=1e-12)
    # the naive estimate: respondents' ratio, formatie expanded by locations / respondents
    assert cell.formatie == pytest.approx(formatie * locations / 20, rel=1e-12)
    assert cell.rate == pytest.approx(shortage / formatie, rel=1e-12)


def test_nederland_sums_every_registration_per_forecast_sector(demo_round):
    cells = measured_base(demo_round.round)
    bao = Registration.objects.filter(round=demo_round.round, location__sector="bao")
    vo = Registration.objects.filter(round=demo_round.round, location__sector="vo")
    assert cells[(NEDERLAND, "bao")].respondents == 40
    assert cells[(NEDERLAND, "bao")].respondent_formatie == pytest.approx(_sums(bao)[0])
    assert cells[(NEDERLAND, "vo")].respondent_shortage == pytest.approx(_sums(vo)[1])
    assert cells[(NEDERLAND, "vso")].respondents == 0  # so, vso and so/vso together, none here


def test_regions_are_the_registers_onderwijsregios_plus_nederland(demo_round, params):
    table = build_base_table(demo_round.round, params)
    names = set(Onderwijsregio.objects.values_list("name", flat=True))
    assert table.regions[0] == NEDERLAND
    assert set(table.regions) == names | {NEDERLAND}
    # a new onderwijsregio is a new region, no code change
    Onderwijsregio.objects.create(name="Onderwijsregio Test")
    assert "Onderwijsregio Test" in build_base_table(demo_round.round, params).regions


def test_base_year_holds_the_measurement_duo_pupils_and_the_projection(demo_round, params):
    region = demo_round.region
    table = build_base_table(demo_round.round, params)
    cell = table.cell(region.name, "bao")
    base = table.base_year(region.name, "bao", 15)
    count_year = PupilCount.objects.filter(year__lte=2025).aggregate(y=Max("year"))["y"]
    pupils = PupilCount.objects.filter(
        year=count_year, location__board__onderwijsregios=region, location__sector="bao"
    ).aggregate(p=Sum("pupils"))["p"]
    assert base.year == 2025 and base.regions == (region.name,) and base.sectors == ("bao",)
    assert base.formatie[0, 0] == cell.formatie and base.shortage[0, 0] == cell.shortage
    assert base.pupils[0, 0, 0] == pupils
    growth = inputs.PUPIL_GROWTH["bao"].value
    assert base.pupils[0, 0, 15] == pytest.approx(pupils * (1 + growth) ** 15)
    result = run_forecast(base, params, years=15, draws=0, rng=np.random.default_rng(0))
    assert result.shortage[0, 0, 0] == pytest.approx(cell.shortage)  # anchored on the measurement


def test_vo_pupils_fall_back_to_the_registrations(demo_round, params):
    table = build_base_table(demo_round.round, params)
    cell = table.cell(NEDERLAND, "vo")
    locations = Location.objects.filter(sector="vo").count()
    assert cell.pupils == pytest.approx(10 * 200 * locations / 10)


def test_inflows_are_national_figures_shared_by_formatie(demo_round, params):
    table = build_base_table(demo_round.round, params)
    po = [table.cells[(NEDERLAND, s)] for s in ("bao", "sbo", "vso")]
    assert sum(c.graduates for c in po) == pytest.approx(inputs.GRADUATES["po"].value)
    region = table.cell(demo_round.region.name, "bao")
    national = table.cell(NEDERLAND, "bao")
    assert region.graduates / national.graduates == pytest.approx(
        region.formatie / national.formatie
    )
    assert region.re_entrants >= 0


def test_cells_without_respondents_are_not_offered(demo_round, params):
    table = build_base_table(demo_round.round, params)
    assert "vso" not in table.sectors_of(NEDERLAND)
    assert table.cell(NEDERLAND, "vso") is None
    with pytest.raises(KeyError):
        table.base_year(NEDERLAND, "vso", 15)


def test_latest_round_is_the_latest_october_round_with_registrations(demo_round):
    RoundFactory(peildatum=demo_round.round.peildatum.replace(year=2026, month=2))
    RoundFactory(peildatum=demo_round.round.peildatum.replace(year=2026))  # no registrations
    assert latest_round() == demo_round.round


def test_the_base_table_is_cached_until_registrations_change(demo_round, params, monkeypatch):
    from tekort.forecasts import base_year

    calls = []
    real = base_year.build_base_table
    monkeypatch.setattr(base_year, "build_base_table", lambda *a: calls.append(1) or real(*a))
    first = cached_base_table(demo_round.round, params)
    again = cached_base_table(demo_round.round, params)
    assert len(calls) == 1 and again.cells == first.cells
    register(demo_round.round, Location.objects.filter(code__in=demo_round.region_codes[20:25]))
    changed = cached_base_table(demo_round.round, params)
    assert len(calls) == 2
    assert changed.cell(demo_round.region.name, "bao").respondents == 25
