"""The tornado's one-at-a-time runs equal runs with the input changed by hand."""

from dataclasses import replace

import numpy as np
import pytest

from tekort_forecast import load_parameters
from tekort_forecast.model import project
from tekort_forecast.montecarlo import central_draws
from tekort_forecast.sensitivity import tornado
from tekort_forecast.tests.conftest import synthetic_base


@pytest.fixture(scope="module")
def params():
    return load_parameters("2026")


def _shortage(base, params, horizon):
    run = project(base, params, None, central_draws(params, base.sectors, horizon), horizon)
    return float(run.shortage[:, :, horizon, 0].sum())


def test_each_bar_is_the_run_with_that_input_changed(params):
    base = synthetic_base(["x", "y"], ["bao", "vo"], 6, seed=8, n_bands=6)
    rows = {r.key: r for r in tornado(base, params, horizon=5)}
    assert rows["demand.elasticity"].low == pytest.approx(
        _shortage(base, replace(params, elasticity=0.0), 5)
    )
    assert rows["demand.elasticity"].central == pytest.approx(_shortage(base, params, 5))
    more = replace(base, re_entrants=base.re_entrants * 1.25)
    assert rows["inflow.reentry_rate"].high == pytest.approx(_shortage(more, params, 5))
    # more exits, more shortage; more re-entry, less
    assert rows["sectors.*.exit_probability"].high > rows["sectors.*.exit_probability"].low
    assert rows["inflow.reentry_rate"].high < rows["inflow.reentry_rate"].low
    # the assumption labels come from the vintage
    assert rows["inflow.reentry_rate"].assumption and rows["training.*.intake"].assumption
    swings = [r.swing for r in tornado(base, params, horizon=5)]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0


def test_horizon_must_be_inside_the_projection(params):
    base = synthetic_base(["x"], ["bao"], 3, seed=1, n_bands=6)
    with pytest.raises(ValueError):
        tornado(base, params, horizon=4)
    assert np.isfinite(tornado(base, params, horizon=3)[0].low)
