"""Dated series -> model inputs (hand-computed), and supply that moves in the 2026 vintage."""

import numpy as np
import pandas as pd
import pytest

from tekort_forecast import BaseYear, load_parameters, run_forecast
from tekort_forecast.parameters import Series, Training
from tekort_forecast.series import graduates, interpolate, pupil_index, regional_pupils


@pytest.fixture(scope="module")
def params_2026():
    return load_parameters("2026")


def test_interpolate_is_linear_inside_and_flat_outside():
    s = Series(np.array([2020.0, 2024.0]), np.array([100.0, 140.0]))
    np.testing.assert_allclose(interpolate(s, [2018, 2021, 2024, 2030]), [100, 110, 140, 140])
    # log-linear: the geometric middle
    assert interpolate(s, [2022], log=True)[0] == pytest.approx(np.sqrt(100 * 140))


def test_graduates_are_intake_lagged_times_completion():
    t = Training(Series(np.array([2019.0, 2020.0]), np.array([5201.0, 6849.0])), 0.65, 4)
    np.testing.assert_allclose(graduates(t, [2023, 2024, 2025]), [3380.65, 4451.85, 4451.85])


def test_pupil_index_follows_the_prognosis_then_holds(params_2026):
    index = pupil_index(params_2026, "vo", 2022, 15)
    assert index[0] == 1.0
    assert index[10] == pytest.approx(893 / 942)
    assert index[15] == pytest.approx(893 / 942)  # held after 2032
    assert pupil_index(params_2026, "sbo", 2022, 10)[10] == pytest.approx(1438 / 1367)


def test_regional_pupils_sum_to_the_national_path_and_keep_relative_trends():
    history = pd.DataFrame(
        {2021: [100.0, 200.0], 2022: [110.0, 200.0], 2023: [121.0, 200.0]}, index=["a", "b"]
    )
    base = pd.Series([121.0, 200.0], index=["a", "b"])
    national = np.array([1.0, 1.01, 1.02])
    out = regional_pupils(history, base, national, max_relative_trend=0.5)
    np.testing.assert_allclose(out.sum(axis=0).to_numpy(), 321.0 * national)
    np.testing.assert_allclose(out[0].to_numpy(), [121.0, 200.0])
    # a grows by log(1.1) a year relative to b
    ratio = (out.loc["a"] / out.loc["b"]).to_numpy()
    np.testing.assert_allclose(ratio[1] / ratio[0], 1.1, rtol=1e-9)
    # the cap binds: 2 % a year either way relative to the weighted mean
    capped = regional_pupils(history, base, national)
    r = (capped.loc["a"] / capped.loc["b"]).to_numpy()
    assert r[1] / r[0] == pytest.approx(np.exp(0.04))


def _national_base(params, sector, years=15):
    group = params.sector_group[sector]
    calendar = 2024 + np.arange(years + 1)
    from tekort_forecast.series import zij_instroom

    formatie, shortage = 100_000.0, 7_700.0
    sp = params.sector(sector)
    persons = ((formatie - shortage) * sp.fte_age_share / sp.fte_per_person).sum()
    return BaseYear(
        year=2024,
        regions=["nl"],
        sectors=[sector],
        formatie=[[formatie]],
        shortage=[[shortage]],
        pupils=1e6 * pupil_index(params, sector, 2024, years)[None, None, :],
        graduates=graduates(params.training[group], calendar)[None, None, :],
        zij_instroom=zij_instroom(params, group, calendar)[None, None, :],
        re_entrants=[[params.reentry_rate_of(group) * persons]],
    )


def test_the_stock_moves_with_retirement_and_training(params_2026):
    base = _national_base(params_2026, "bao")
    result = run_forecast(base, params_2026, years=15, draws=0, rng=np.random.default_rng(0))
    p = result.central
    persons = p.persons[0, 0, :, 0]  # (T, A)
    # flows balance exactly, year by year
    for t in range(1, 16):
        np.testing.assert_allclose(
            persons[t],
            persons[t - 1]
            - p.exits[0, 0, t, 0]
            - p.ageing_out[0, 0, t, 0]
            + p.ageing_in[0, 0, t, 0]
            + p.hires[0, 0, t, 0],
        )
    # the oldest band empties through retirement (exit 0.22 a year) faster than it fills
    assert persons[5, 5] < persons[0, 5]
    # hires follow the training series: more pabo intake (2020 peak) -> more hires in 2024+4
    total = persons.sum(axis=1)
    assert not np.allclose(np.diff(total), np.diff(total)[0])


def test_more_training_intake_means_less_shortage_after_the_lag(params_2026):
    base = _national_base(params_2026, "bao")
    more = BaseYear(
        year=base.year,
        regions=base.regions,
        sectors=base.sectors,
        formatie=base.formatie,
        shortage=base.shortage,
        pupils=base.pupils,
        graduates=base.graduates * 1.2,
        zij_instroom=base.zij_instroom,
        re_entrants=base.re_entrants,
    )
    rng = np.random.default_rng(0)
    a = run_forecast(base, params_2026, years=15, draws=0, rng=rng).shortage[0, 0]
    b = run_forecast(more, params_2026, years=15, draws=0, rng=rng).shortage[0, 0]
    assert b[0] == a[0] and (b[1:] < a[1:]).all()
