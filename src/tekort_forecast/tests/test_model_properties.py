"""Accounting identities, monotonicity, neutral levers and anchoring, over random inputs."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort_forecast import BaseYear, Scenario, run_forecast
from tekort_forecast.model import project
from tekort_forecast.montecarlo import central_draws, draw_parameters
from tekort_forecast.tests.conftest import synthetic_base

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
YEARS = 8

scenarios = st.builds(
    Scenario,
    more_hours_share=st.floats(0, 1),
    more_hours_fte=st.floats(0, 1),
    zij_instroom_extra=st.integers(0, 5_000),
    pabo_intake_change=st.floats(-1, 1),
    retention_change=st.floats(-1, 1),
    retention_max_age=st.integers(18, 75),
    re_entry_change=st.floats(-1, 3),
    teaching_time_cut=st.floats(0, 0.5),
    pupil_teacher_ratio_change=st.floats(-0.5, 1),
    start=st.integers(1, 4),
)


@SETTINGS
@given(
    scenario=scenarios,
    seed=st.integers(0, 2**16),
    trend=st.floats(-0.08, 0.03),
    with_stock=st.booleans(),
)
def test_stock_next_year_is_stock_minus_exits_plus_inflows(
    params_2025, scenario, seed, trend, with_stock
):
    base = synthetic_base(
        ["r1", "r2", "r3"],
        ["bao", "vo"],
        YEARS,
        seed=seed,
        pupil_trend=trend,
        with_stock=with_stock,
    )
    draws = draw_parameters(params_2025, base.sectors, YEARS, 7, np.random.default_rng(seed))
    p = project(base, params_2025, scenario, draws, YEARS, record_flows=True)
    h = p.persons
    expected = h[:, :, :-1] - p.exits[:, :, 1:] - p.ageing_out[:, :, 1:]
    expected = expected + p.ageing_in[:, :, 1:] + p.hires[:, :, 1:]
    np.testing.assert_allclose(h[:, :, 1:], expected, rtol=1e-12, atol=1e-9)
    # ageing moves persons between bands without creating or losing any
    np.testing.assert_allclose(
        p.ageing_out.sum(axis=-1)[..., :],
        p.ageing_in.sum(axis=-1) + p.ageing_out[..., -1],
        rtol=1e-12,
        atol=1e-9,
    )
    # nobody negative, hires never exceed what was on offer, pool only holds the unhired
    assert (h >= 0).all() and (p.exits >= 0).all() and (p.hires >= 0).all()
    assert (p.unhired >= -1e-9).all() and (p.reserve_pool >= -1e-9).all()
    # shortage = demand - supply; supply = persons x FTE at base year
    np.testing.assert_array_equal(p.shortage, p.demand - p.supply)
    # base year reproduces the registration exactly
    np.testing.assert_allclose(
        p.shortage[:, :, 0, :],
        np.broadcast_to(base.shortage[..., None], p.shortage[:, :, 0, :].shape),
        rtol=1e-12,
        atol=1e-9,
    )


@SETTINGS
@given(
    seed=st.integers(0, 2**16),
    trend=st.floats(-0.08, 0.03),
    zij=st.tuples(st.integers(0, 3_000), st.integers(0, 3_000)),
    pabo=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    re_entry=st.tuples(st.floats(0, 2), st.floats(0, 2)),
    hours=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_more_inflow_never_raises_the_shortage(
    params_2025, seed, trend, zij, pabo, re_entry, hours
):
    base = synthetic_base(["r1", "r2"], ["bao", "vo"], YEARS, seed=seed, pupil_trend=trend)
    low = Scenario(
        zij_instroom_extra=min(zij),
        pabo_intake_change=min(pabo),
        re_entry_change=min(re_entry),
        more_hours_share=min(hours),
    )
    high = Scenario(
        zij_instroom_extra=max(zij),
        pabo_intake_change=max(pabo),
        re_entry_change=max(re_entry),
        more_hours_share=max(hours),
    )
    draws = draw_parameters(params_2025, base.sectors, YEARS, 5, np.random.default_rng(seed))
    # the shortage is the unfilled demand max(U, 0); in surplus years (U < 0) hires are capped
    # and the size of the surplus depends on who was hired (see forecast.md, limitations)
    u_low = np.maximum(project(base, params_2025, low, draws, YEARS).shortage, 0.0)
    u_high = np.maximum(project(base, params_2025, high, draws, YEARS).shortage, 0.0)
    assert (u_high <= u_low + 1e-9 * base.formatie.max()).all()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**16), trend=st.floats(-0.08, 0.03))
def test_zero_lever_scenario_equals_the_baseline_exactly(seed, trend):
    from tekort_forecast import load_parameters

    params = load_parameters("2025")
    base = synthetic_base(
        ["x", "y"], ["bao", "sbo", "vso", "vo"], YEARS, seed=seed, pupil_trend=trend
    )
    draws = draw_parameters(params, base.sectors, YEARS, 11, np.random.default_rng(seed))
    baseline = project(base, params, None, draws, YEARS, record_flows=True)
    neutral = project(base, params, Scenario(), draws, YEARS, record_flows=True)
    for name in ("demand", "supply", "shortage", "persons", "hires"):
        np.testing.assert_array_equal(getattr(neutral, name), getattr(baseline, name))
    fast_baseline = project(base, params, None, draws, YEARS)
    fast_neutral = project(base, params, Scenario(), draws, YEARS)
    np.testing.assert_array_equal(fast_neutral.shortage, fast_baseline.shortage)
    np.testing.assert_allclose(fast_baseline.shortage, baseline.shortage, rtol=1e-12, atol=1e-9)
    # and a lever that is set does change something (the comparison has teeth)
    moved = project(base, params, Scenario(teaching_time_cut=0.01), draws, YEARS)
    assert not np.array_equal(moved.demand, baseline.demand)


def test_levers_act_from_start_year_only(params_2025):
    base = synthetic_base(["x"], ["bao"], YEARS, seed=1)
    draws = central_draws(params_2025, base.sectors, YEARS)
    baseline = project(base, params_2025, None, draws, YEARS)
    later = project(base, params_2025, Scenario(teaching_time_cut=0.1, start=3), draws, YEARS)
    np.testing.assert_array_equal(later.demand[:, :, :3], baseline.demand[:, :, :3])
    assert (later.demand[:, :, 3:] < baseline.demand[:, :, 3:]).all()


def test_pabo_intake_reaches_supply_after_the_study_lag(params_2025):
    assert params_2025.pabo_lag_years == 4
    base = synthetic_base(["x"], ["bao"], YEARS, seed=2, pupil_trend=0.03)
    draws = central_draws(params_2025, base.sectors, YEARS)
    baseline = project(base, params_2025, None, draws, YEARS)
    more = project(base, params_2025, Scenario(pabo_intake_change=0.5), draws, YEARS)
    np.testing.assert_array_equal(more.supply[:, :, :5], baseline.supply[:, :, :5])
    assert (more.supply[:, :, 5:] > baseline.supply[:, :, 5:]).all()


def test_surplus_caps_hires_at_demand_and_pools_the_rest(params_2025):
    # pupils fall 30 % a year: without the cap supply would exceed demand
    base = synthetic_base(["x", "y"], ["bao"], YEARS, seed=4, pupil_trend=-0.3)
    draws = central_draws(params_2025, base.sectors, YEARS)
    p = project(
        base, params_2025, Scenario(zij_instroom_extra=2_000), draws, YEARS, record_flows=True
    )
    capped = p.unhired > 0
    assert capped.any()
    # in a capped year with some hires, supply equals demand: no shortage, no surplus from hires
    some_hired = capped & (p.hires.sum(axis=-1) > 0)
    np.testing.assert_allclose(p.shortage[some_hired], 0.0, atol=1e-6)
    assert (p.reserve_pool[:, :, -1] > 0).all()


def test_regions_are_data_results_do_not_depend_on_other_regions(params_2025):
    names = [f"onderwijsregio-{i}" for i in range(50)]
    big = synthetic_base(names, ["bao"], YEARS, seed=5)
    result_big = run_forecast(big, params_2025, years=YEARS, draws=0, rng=np.random.default_rng())
    assert result_big.shortage.shape == (50, 1, YEARS + 1)
    assert result_big.regions == tuple(names)
    # a region run alone gives the same central path as inside the 50-region run
    alone = BaseYear(
        year=big.year,
        regions=[names[7]],
        sectors=big.sectors,
        **{
            name: getattr(big, name)[7:8]
            for name in (
                "formatie",
                "shortage",
                "pupils",
                "graduates",
                "zij_instroom",
                "re_entrants",
                "stock",
            )
        },
    )
    result_alone = run_forecast(
        alone, params_2025, years=YEARS, draws=0, rng=np.random.default_rng()
    )
    np.testing.assert_allclose(result_alone.shortage[0], result_big.shortage[7], rtol=1e-12)
