"""The adapter: base year per region × sector from a release, DUO pupils and inputs."""

import numpy as np
import pytest
from django.db.models import Max, Sum

from tekort.forecasts.base_year import (
    NEDERLAND,
    base_pupils,
    build_base_table,
    cached_base_table,
    latest_release,
)
from tekort.forecasts.tests.conftest import estimate_run
from tekort.forecasts.tests.factories import RoundFactory
from tekort.forecasts.vintages import current_vintage, parameters
from tekort.publications.publishing import publish
from tekort.registry.models import PupilCount
from tekort.submissions.models import Registration
from tekort_forecast import run_forecast


@pytest.fixture
def params():
    return parameters(current_vintage())


def test_regions_are_nederland_and_the_onderwijsregios_the_release_publishes(demo_round, params):
    table = build_base_table(demo_round.release, params)
    assert table.regions == (NEDERLAND, demo_round.region.name)
    assert table.release == demo_round.release.slug and table.is_demo is True


def _duo_pupils(sector, **filters):
    year = PupilCount.objects.filter(
        location__sector=sector, year__lte=2025, pupils__isnull=False
    ).aggregate(y=Max("year"))["y"]
    return PupilCount.objects.filter(year=year, location__sector=sector, **filters).aggregate(
        p=Sum("pupils")
    )["p"]


def test_base_year_holds_the_measurement_duo_pupils_and_the_projection(demo_round, params):
    region = demo_round.region
    table = build_base_table(demo_round.release, params)
    cell = table.cell(region.name, "bao")
    base = table.base_year(region.name, "bao", 15)
    pupils = _duo_pupils("bao", location__board__onderwijsregios=region)
    assert base.year == 2025 and base.regions == (region.name,) and base.sectors == ("bao",)
    assert base.formatie[0, 0] == cell.formatie and base.shortage[0, 0] == cell.shortage
    assert base.pupils[0, 0, 0] == pupils
    # the only onderwijsregio of the release: its own trend relative to the nation cancels,
    # so it follows the national prognosis (bao 1.367 m in 2022 to 1.438 m in 2032, flat after)
    growth = (1_438_000 / 1_367_000) ** (1 / 10)
    assert base.pupils[0, 0, 7] == pytest.approx(pupils * growth**7)
    assert base.pupils[0, 0, 15] == pytest.approx(pupils * growth**7)
    result = run_forecast(base, params, years=15, draws=0, rng=np.random.default_rng(0))
    assert result.shortage[0, 0, 0] == pytest.approx(cell.shortage)  # anchored on the release


def test_pupils_are_duos_counts_never_the_registrations(demo_round):
    before = base_pupils(2025)
    assert before[(NEDERLAND, "bao")] == _duo_pupils("bao")
    assert before.get((NEDERLAND, "vo"), 0.0) == (_duo_pupils("vo") or 0.0)
    Registration.objects.filter(round=demo_round.round).update(pupils=99_999)
    assert base_pupils(2025) == before


def test_inflows_are_national_series_shared_by_formatie(demo_round, params):
    table = build_base_table(demo_round.release, params)
    po = [table.cells[(NEDERLAND, s)] for s in ("bao", "sbo", "vso")]
    # graduates of 2025 = pabo intake of 2021 (interpolated 6,849 (2020) .. 5,500 (2023)) x 0.65
    intake_2021 = 6_849 + (5_500 - 6_849) / 3
    assert sum(c.graduates[0] for c in po) == pytest.approx(intake_2021 * 0.65)
    # from 2028 on (intake 2024 and later: 6,000) the series is flat
    assert sum(c.graduates[3] for c in po) == pytest.approx(6_000 * 0.65)
    assert sum(c.zij_instroom[0] for c in po) == pytest.approx(2_244 * 0.46)
    region = table.cell(demo_round.region.name, "bao")
    national = table.cell(NEDERLAND, "bao")
    assert region.graduates[0] / national.graduates[0] == pytest.approx(
        region.formatie / national.formatie
    )
    # re-entrants: 3.96 % of the base-year stock of persons, not a residual
    sp = params.sector("bao")
    persons = ((region.formatie - region.shortage) * sp.fte_age_share / sp.fte_per_person).sum()
    assert region.re_entrants == pytest.approx(0.0396 * persons)


def test_supply_moves_the_stock_is_not_held_constant(demo_round, params):
    table = build_base_table(demo_round.release, params)
    base = table.base_year(NEDERLAND, "bao", 15)
    result = run_forecast(base, params, years=15, draws=0, rng=np.random.default_rng(0))
    persons = result.central.persons[0, 0, :, 0].sum(axis=-1)
    changes = np.diff(persons)
    assert np.abs(changes / persons[:-1]).max() > 0.001  # the stock moves
    assert not np.allclose(changes, changes[0])  # and not at a constant pace


def test_cells_the_release_lacks_are_not_offered(demo_round, params):
    table = build_base_table(demo_round.release, params)
    assert "vo" not in table.sectors_of(demo_round.region.name)
    assert table.cell(demo_round.region.name, "vo") is None
    with pytest.raises(KeyError):
        table.base_year(demo_round.region.name, "vo", 15)


def test_latest_release_is_the_current_release_of_the_latest_october_round(demo_round):
    publish(
        estimate_run(
            RoundFactory(peildatum=demo_round.round.peildatum.replace(year=2026, month=2)),
            demo_round.region,
        )
    )
    RoundFactory(peildatum=demo_round.round.peildatum.replace(year=2026))  # no release
    assert latest_release() == demo_round.release
    newer = publish(estimate_run(demo_round.round, demo_round.region))  # version 2
    assert latest_release() == newer and newer.version == 2


def test_the_base_table_is_cached_per_release(demo_round, params, monkeypatch):
    from tekort.forecasts import base_year

    calls = []
    real = base_year.build_base_table
    monkeypatch.setattr(base_year, "build_base_table", lambda *a: calls.append(1) or real(*a))
    first = cached_base_table(demo_round.release, params)
    again = cached_base_table(demo_round.release, params)
    assert len(calls) == 1 and again.cells == first.cells
    counted = PupilCount.objects.filter(pupils__isnull=False).order_by("pk").first()
    PupilCount.objects.filter(pk=counted.pk).update(pupils=counted.pupils + 1)  # a corrected file
    cached_base_table(demo_round.release, params)
    assert len(calls) == 2
    newer = publish(estimate_run(demo_round.round, demo_round.region, fte=60.0))
    assert cached_base_table(newer, params).cells != first.cells and len(calls) == 3


def test_one_sector_map_serves_the_register_and_the_published_cells():
    # the forecast groups sectors once (published_base): every sector the estimates publish
    # has a forecast sector, and the register's map follows through the published name
    from tekort.estimates.frames import CORE_SECTOR
    from tekort.forecasts import base_year, published_base
    from tekort.registry.models import Sector

    assert set(CORE_SECTOR.values()) == set(published_base.FORECAST_SECTOR)
    assert set(published_base.FORECAST_SECTOR.values()) == set(base_year.FORECAST_SECTORS)
    for sector in Sector:
        published = CORE_SECTOR[sector]
        assert base_year.FORECAST_SECTOR[sector] == published_base.FORECAST_SECTOR[published]
    assert base_year.FORECAST_SECTOR[Sector.SO_VSO] == "vso"  # so, vso and so/vso together
