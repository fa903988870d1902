"""methods §5 F: the toy stock–flow model, baseline and four scenarios, to 1e-12 relative."""

import numpy as np
import pytest

from tekort_forecast import Scenario, run_forecast
from tekort_forecast.tests.conftest import oracle_f_base

REL = 1e-12


def _run(params, scenario=None):
    return run_forecast(
        oracle_f_base(), params, scenario, years=2, draws=0, rng=np.random.default_rng(0)
    )


def test_oracle_f_baseline_table(toy_params):
    result = _run(toy_params)
    persons = result.central.persons[0, 0, :, 0]
    expected = [[40_000, 55_000, 34_000], [36_600, 56_600, 33_350], [33_744, 57_732, 32_845]]
    np.testing.assert_allclose(persons, expected, rtol=REL)
    assert persons.sum(axis=1).tolist() == pytest.approx([129_000, 126_550, 124_321], rel=REL)
    assert result.supply[0, 0].tolist() == pytest.approx([92_980, 91_082, 89_368.8], rel=REL)
    assert result.demand[0, 0].tolist() == pytest.approx([102_000, 101_490, 100_982.55], rel=REL)
    assert result.shortage[0, 0].tolist() == pytest.approx([9_020, 10_408, 11_613.75], rel=REL)
    assert result.rate[0, 0].tolist() == pytest.approx(
        [0.0884313725490196, 0.10255197556409498, 0.11500749386899038], rel=REL
    )


def test_oracle_f_more_hours(toy_params):
    base = _run(toy_params)
    result = _run(toy_params, Scenario(more_hours_share=0.10, more_hours_fte=0.20))
    assert result.supply[0, 0, 2] - base.supply[0, 0, 2] == pytest.approx(1_367.531, rel=1e-9)
    assert result.shortage[0, 0, 2] == pytest.approx(10_246.219, rel=REL)


def test_oracle_f_onderwijstijd(toy_params):
    kappa = toy_params.sector("toy").kappa
    assert kappa == pytest.approx(0.7567811934900542, rel=REL)
    result = _run(toy_params, Scenario(teaching_time_cut=0.05))
    assert result.demand[0, 0, 2] == pytest.approx(97_161.46526446655, rel=REL)
    assert result.shortage[0, 0, 2] == pytest.approx(7_792.665264466559, rel=REL)


def test_oracle_f_zij_instroom_plus_500(toy_params):
    result = _run(toy_params, Scenario(zij_instroom_extra=500))
    assert result.shortage[0, 0, 1:].tolist() == pytest.approx([10_058, 10_923.75], rel=REL)
    assert result.central.persons[0, 0, 2, 0].tolist() == pytest.approx(
        [33_744, 58_692, 32_870], rel=REL
    )


def test_oracle_f_zij_budget_equals_count_at_25000_euro(toy_params):
    by_count = _run(toy_params, Scenario(zij_instroom_extra=500))
    by_budget = _run(toy_params, Scenario(zij_instroom_budget_eur=500 * 25_000.0))
    assert toy_params.zij_cost_eur == 25_000
    np.testing.assert_allclose(by_budget.shortage, by_count.shortage, rtol=REL)


def test_oracle_f_pabo_plus_ten_percent(toy_params):
    result = _run(toy_params, Scenario(pabo_intake_change=0.10))
    assert result.shortage[0, 0, 1:].tolist() == pytest.approx([10_183, 11_178.75], rel=REL)
    assert result.central.persons[0, 0, 2, 0].tolist() == pytest.approx(
        [34_296, 57_762, 32_845], rel=REL
    )
