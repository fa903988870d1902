"""Scenario: query round-trip, validation naming the field, documentation of every lever."""

from dataclasses import fields

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
