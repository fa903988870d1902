"""Scenario: query round-trip, validation naming the field, documentation of every lever."""

from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tekort_forecast import Scenario, ScenarioError


def _value(f):
    low, high = f.metadata["low"], f.metadata["high"]
    if f.type == "int":
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False)


scenarios = st.builds(Scenario, **{f.name: _value(f) for f in fields(Scenario)})


@given(scenarios)
def test_query_round_trip_is_exact(scenario):
    query = scenario.to_query()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in query.items())
    back = Scenario.from_query(query)
    assert back == scenario
    assert back.to_query() == query
    assert back.id == scenario.id


@given(scenarios)
def test_query_round_trip_through_parse_qs_lists(scenario):
    as_lists = {k: [v] for k, v in scenario.to_query().items()}
    assert Scenario.from_query(as_lists) == scenario


def test_default_scenario_is_the_empty_query_and_baseline():
    assert Scenario().to_query() == {}
    assert Scenario().id == "baseline"
    assert Scenario().is_baseline
    assert not Scenario(retention_change=0.1).is_baseline
    # qualifying levers alone do not make a scenario
    assert Scenario(more_hours_fte=0.4, retention_max_age=40).is_baseline


def test_scenario_is_frozen():
    with pytest.raises(AttributeError):
        Scenario().teaching_time_cut = 0.1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"more_hours_share": 1.5}, "more_hours_share", "between 0 and 1"),
        ({"more_hours_share": -0.1}, "more_hours_share", "between"),
        ({"teaching_time_cut": 0.9}, "teaching_time_cut", "between 0 and 0.5"),
        ({"zij_instroom_extra": -1}, "zij_instroom_extra", "between"),
        ({"zij_instroom_extra": 2.5}, "zij_instroom_extra", "whole number"),
        ({"pabo_intake_change": float("nan")}, "pabo_intake_change", "finite"),
        ({"retention_change": True}, "retention_change", "number"),
        ({"start": 0}, "start", "between 1 and 50"),
        ({"pupil_teacher_ratio_change": "0.1"}, "pupil_teacher_ratio_change", "number"),
    ],
)
def test_bad_lever_values_are_refused_naming_the_field(kwargs, field, words):
    with pytest.raises(ScenarioError, match=field) as info:
        Scenario(**kwargs)
    assert info.value.field == field
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"teaching_time_cut": "veel"}, "teaching_time_cut", "not a number"),
        ({"start": "1.5"}, "start", "not a number"),
        ({"shoe_size": "42"}, "shoe_size", "not a lever"),
        ({"more_hours_share": ["0.1", "0.2"]}, "more_hours_share", "more than once"),
        ({"more_hours_share": "2"}, "more_hours_share", "between"),
    ],
)
def test_bad_query_values_are_refused_naming_the_field(query, field, words):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_query(query)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}:")
    assert words in str(info.value)


def test_every_lever_is_documented_with_unit_and_range():
    described = Scenario.describe()
    assert set(described) == {f.name for f in fields(Scenario)}
    for name, info in described.items():
        assert len(info["doc"]) > 40, name
        assert info["unit"], name
        assert info["low"] <= info["default"] <= info["high"], name


def test_other_professionals_cut_po_demand_by_kappa_share_hours():
    from tekort_forecast import load_parameters
    from tekort_forecast.model import project
    from tekort_forecast.montecarlo import central_draws
    from tekort_forecast.tests.conftest import synthetic_base

    params = load_parameters("2026")
    base = synthetic_base(["x"], ["bao", "vo"], 5, seed=3, n_bands=6)
    draws = central_draws(params, base.sectors, 5)
    baseline = project(base, params, None, draws, 5)
    lever = Scenario(other_professionals_share=0.5, other_professionals_hours=22)
    moved = project(base, params, lever, draws, 5)
    factor = 1 - 0.7567811934900542 * 0.5 * 22 / 110  # 0.924321880650995
    np.testing.assert_allclose(moved.demand[0, 0, 1:], baseline.demand[0, 0, 1:] * factor)
    np.testing.assert_array_equal(moved.demand[0, 1], baseline.demand[0, 1])  # vo: not po
    # zero hours: no effect
    none = project(
        base, params, Scenario(other_professionals_share=0.5, other_professionals_hours=0), draws, 5
    )
    np.testing.assert_array_equal(none.demand, baseline.demand)


def test_statushouders_enter_like_zij_instromers():
    from tekort_forecast import load_parameters
    from tekort_forecast.model import project
    from tekort_forecast.montecarlo import central_draws
    from tekort_forecast.tests.conftest import synthetic_base

    params = load_parameters("2026")
    base = synthetic_base(["x", "y"], ["bao"], 5, seed=4, n_bands=6)
    draws = central_draws(params, base.sectors, 5)
    a = project(base, params, Scenario(statushouders_extra=300), draws, 5)
    b = project(base, params, Scenario(zij_instroom_extra=300), draws, 5)
    np.testing.assert_allclose(a.supply, b.supply)
    assert (a.supply[..., 1:, :] > project(base, params, None, draws, 5).supply[..., 1:, :]).all()


def test_invalpools_fill_a_share_of_the_substitution_shortage():
    from tekort_forecast import load_parameters
    from tekort_forecast.model import project
    from tekort_forecast.montecarlo import central_draws
    from tekort_forecast.tests.conftest import synthetic_base

    params = load_parameters("2026")
    assert params.substitution_share == 0.31
    base = synthetic_base(["x"], ["bao"], 5, seed=5, n_bands=6)
    draws = central_draws(params, base.sectors, 5)
    baseline = project(base, params, None, draws, 5)
    pooled = project(base, params, Scenario(invalpool_share=0.5, start=2), draws, 5)
    u, v = baseline.shortage[0, 0, :, 0], pooled.shortage[0, 0, :, 0]
    np.testing.assert_array_equal(v[:2], u[:2])  # before start: untouched
    expected = np.where(u[2:] > 0, u[2:] * (1 - 0.5 * 0.31), u[2:])
    np.testing.assert_allclose(v[2:], expected)
