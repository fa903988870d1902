"""Parameter vintages: every value sourced or labelled an assumption; bad files refused."""

import tomllib
from importlib import resources

import numpy as np
import pytest

from tekort_forecast import ParameterError, load_parameters
from tekort_forecast.parameters import parse_parameters


def _document():
    text = resources.files("tekort_forecast").joinpath("parameters", "2025.toml").read_text()
    return tomllib.loads(text)


def _leaves(node, prefix=""):
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and "value" in value:
            yield dotted, value
        elif isinstance(value, dict) and key != "meta":
            yield from _leaves(value, f"{dotted}.")


def test_2025_every_value_has_a_source_or_is_an_assumption(params_2025):
    leaves = dict(_leaves(_document()))
    assert set(leaves) == set(params_2025.provenance)
    for key, leaf in leaves.items():
        assert leaf.get("source") or leaf.get("assumption") is True, key
    expected = sorted(k for k, leaf in leaves.items() if leaf.get("assumption"))
    assert list(params_2025.assumptions) == expected
    assert "inflow.zij_cost_eur" not in params_2025.assumptions
    assert "sectors.bao.exit_probability" in params_2025.assumptions


def test_2025_values_match_their_sources(params_2025):
    assert params_2025.vintage == "2025"
    assert params_2025.zij_cost_eur == 25_000
    assert params_2025.sector("bao").kappa == pytest.approx(930 * 1.35 / 1659, rel=1e-15)
    assert params_2025.sector("bao").fte_per_person.mean() == pytest.approx(0.72)
    assert params_2025.sector("vo").fte_per_person.mean() == pytest.approx(0.80)
    assert params_2025.age_upper[-1] == 67
    assert params_2025.sector("bao").fte_age_share.sum() == pytest.approx(1.0, rel=1e-15)


def test_a_value_without_source_or_assumption_is_refused():
    doc = _document()
    del doc["inflow"]["zij_cost_eur"]["source"]
    with pytest.raises(ParameterError, match="inflow.zij_cost_eur: has neither a source"):
        parse_parameters(doc)


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        (
            ("sectors", "bao", "exit_probability"),
            [0.9, 0.05, 0.03, 0.03, 0.11],
            "sectors.bao.exit_probability",
        ),
        (("sectors", "vo", "fte_per_person"), [0.8, 0.8], "sectors.vo.fte_per_person"),
        (("inflow", "graduate_age_share"), [0.5, 0.1, 0, 0, 0], "inflow.graduate_age_share"),
        (("inflow", "pabo_lag_years"), 2.5, "inflow.pabo_lag_years"),
        (("demand", "elasticity_range"), [0.5, 0.1], "demand.elasticity_range"),
    ],
)
def test_bad_values_are_refused_naming_the_key(path, value, key):
    doc = _document()
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]]["value"] = value
    with pytest.raises(ParameterError) as info:
        parse_parameters(doc)
    assert info.value.key == key


def test_missing_key_and_unknown_vintage_are_named():
    doc = _document()
    del doc["nowcast"]["kalman_q"]
    with pytest.raises(ParameterError, match="nowcast.kalman_q: missing"):
        parse_parameters(doc)
    with pytest.raises(ParameterError, match="1999"):
        load_parameters("1999")


def test_sector_missing_from_vintage_is_named(params_2025):
    with pytest.raises(ParameterError, match="mbo"):
        params_2025.sector("mbo")
    stacked = params_2025.stack("kappa", ["vo", "bao"])
    np.testing.assert_array_equal(stacked, [0.70, 930 * 1.35 / 1659])


def test_re_entry_rate_per_sector_group_with_a_default():
    from tekort_forecast import load_parameters

    params = load_parameters("2026")
    assert params.reentry_rate_of("po") == 0.0396
    assert params.reentry_rate_of("vo") == 0.0276
    assert params.reentry_rate_of("mbo") == 0.0396  # no own rate: the default
    assert "inflow.reentry_rate_vo" in params.assumptions
