"""run_forecast: shapes, bands, reproducibility, to_frame, back-test."""

import numpy as np
import pandas as pd
import pytest

from tekort_forecast import BaseYear, BaseYearError, Scenario, run_forecast
from tekort_forecast.backtest import backtest, error_table, summarise_backtest
from tekort_forecast.tests.conftest import synthetic_base


def test_shapes_quantiles_and_reproducibility(params_2025):
    base = synthetic_base([f"r{i}" for i in range(29)], ["bao", "sbo", "vso", "vo"], 16, seed=9)
    run = lambda seed: run_forecast(  # noqa: E731
        base, params_2025, years=16, draws=200, rng=np.random.default_rng(seed)
    )
    result = run(1)
    assert result.shortage.shape == (29, 4, 17)
    assert result.shortage_draws.shape == (29, 4, 17, 200)
    assert result.shortage_quantiles.shape == (29, 4, 17, 5)
    assert result.years[0] == 2025 and result.years[-1] == 2041
    q = result.shortage_quantiles
    np.testing.assert_allclose(
        q,
        np.moveaxis(
            np.quantile(result.shortage_draws, [0.025, 0.1, 0.5, 0.9, 0.975], axis=-1), 0, -1
        ),
        rtol=1e-12,
        atol=1e-9,
    )
    assert (np.diff(q, axis=-1) >= -1e-9).all()
    # bands are zero-width in the measured base year and widen with the horizon
    np.testing.assert_allclose(q[:, :, 0, 0], q[:, :, 0, -1], rtol=1e-12)
    width = q[..., -1] - q[..., 0]
    assert (width[:, :, 16] > width[:, :, 1]).all()
    np.testing.assert_array_equal(run(1).shortage_draws, result.shortage_draws)
    assert not np.array_equal(run(2).shortage_draws, result.shortage_draws)


def test_to_frame_rows_flags_and_scenario_id(params_2025):
    base = synthetic_base(["a", "b", "c"], ["bao", "vo"], 15, seed=2)
    scenario = Scenario(teaching_time_cut=0.05)
    result = run_forecast(
        base, params_2025, scenario, years=15, draws=20, rng=np.random.default_rng(0)
    )
    frame = result.to_frame()
    assert len(frame) == 3 * 2 * 16
    assert set(frame["scenario"]) == {"teaching_time_cut=0.05"}
    assert (frame.loc[frame["year"] == 2025, "flag"] == "").all()
    assert (frame.loc[frame["year"] > 2025, "flag"] == "f").all()
    row = frame[(frame.region == "b") & (frame.sector == "vo") & (frame.year == 2030)].iloc[0]
    assert row["shortage_fte"] == result.shortage[1, 1, 5]
    assert row["shortage_rate"] == pytest.approx(row["shortage_fte"] / row["demand_fte"])
    assert {"shortage_fte_q025", "shortage_fte_q500", "shortage_rate_q975"} <= set(frame)


def test_base_year_without_stock_uses_the_age_profile(params_2025):
    base = synthetic_base(["a"], ["bao"], 3, seed=1, with_stock=False)
    result = run_forecast(base, params_2025, years=3, draws=0, rng=np.random.default_rng())
    persons = result.central.persons[0, 0, 0, 0]
    fte_share = persons * params_2025.sector("bao").fte_per_person
    np.testing.assert_allclose(
        fte_share / fte_share.sum(), params_2025.sector("bao").fte_age_share, rtol=1e-12
    )
    assert result.shortage[0, 0, 0] == pytest.approx(base.shortage[0, 0], rel=1e-12)


def test_horizon_longer_than_pupil_projection_is_refused(params_2025):
    base = synthetic_base(["a"], ["bao"], 5, seed=1)
    with pytest.raises(BaseYearError, match="pupils"):
        run_forecast(base, params_2025, years=15, draws=0, rng=np.random.default_rng())


def test_base_year_from_frames_matches_arrays(params_2025):
    cells = pd.DataFrame(
        {
            "region": ["noord", "noord", "zuid", "zuid"],
            "sector": ["bao", "vo"] * 2,
            "formatie": [1000.0, 800, 2000, 900],
            "shortage": [90.0, 40, 210, 30],
            "graduates": [30.0, 20, 60, 25],
            "zij_instroom": [10.0, 8, 20, 9],
            "re_entrants": [10.0, 5, 15, 6],
        }
    )
    pupils = pd.DataFrame(
        [
            {"region": r, "sector": s, "year": 2025 + k, "pupils": 14_000.0 * (1 + k / 100)}
            for r in ("noord", "zuid")
            for s in ("bao", "vo")
            for k in range(3)
        ]
    )
    base = BaseYear.from_frames(2025, cells, pupils)
    assert base.regions == ("noord", "zuid") and base.sectors == ("bao", "vo")
    assert base.formatie[1, 0] == 2000 and base.pupils.shape == (2, 2, 3)
    with pytest.raises(BaseYearError, match="pupils"):
        BaseYear.from_frames(2024, cells, pupils)
    bad = cells.assign(shortage=cells["formatie"])
    with pytest.raises(BaseYearError, match="shortage"):
        BaseYear.from_frames(2025, bad, pupils)


def test_backtest_pairs_past_forecasts_with_later_measurement(params_2025):
    base_2025 = synthetic_base(["a", "b"], ["bao"], 3, seed=1)
    result = run_forecast(base_2025, params_2025, years=3, draws=50, rng=np.random.default_rng(0))
    measured = pd.DataFrame(
        {
            "region": ["a", "a", "b"],
            "sector": ["bao"] * 3,
            "year": [2026, 2027, 2026],
            "shortage_fte": [100.0, 120.0, 50.0],
        }
    )
    paired = backtest([result], measured)
    assert len(paired) == 3  # only years measured after the origin
    row = paired[(paired.region == "a") & (paired.year == 2027)].iloc[0]
    assert row["horizon"] == 2 and row["origin"] == 2025
    assert row["error"] == pytest.approx(result.shortage[0, 0, 2] - 120.0)
    assert row["within80"] == (row["lower80"] <= 120.0 <= row["upper80"])
    summary = summarise_backtest(paired).set_index("horizon")
    assert summary.loc[1, "n"] == 2
    expected = (abs(result.shortage[0, 0, 1] - 100) + abs(result.shortage[1, 0, 1] - 50)) / 2
    assert summary.loc[1, "mean_abs_error"] == pytest.approx(expected)


def test_error_table_hand_computed():
    paired = pd.DataFrame(
        {
            "series": ["a", "a", "b"],
            "forecast_pct": [9.0, 10.0, 5.0],
            "measured_pct": [9.5, 9.0, 5.0],
            "naive_pct": [9.1, 9.1, 6.0],
            "lower80_pct": [8.0, 9.5, 4.0],
            "upper80_pct": [10.0, 10.5, 6.0],
            "lower95_pct": [7.0, 8.5, 3.0],
            "upper95_pct": [11.0, 11.5, 7.0],
        }
    )
    table = error_table(paired).set_index("series")
    # a: errors -0.5 and +1.0 -> bias 0.25, MAE 0.75; naive |9.1-9.5|, |9.1-9.0| -> 0.25
    assert table.loc["a", "n"] == 2
    assert table.loc["a", "mean_error_pp"] == pytest.approx(0.25)
    assert table.loc["a", "mae_pp"] == pytest.approx(0.75)
    assert table.loc["a", "naive_mae_pp"] == pytest.approx(0.25)
    assert table.loc["a", "coverage80"] == 0.5 and table.loc["a", "coverage95"] == 1.0
    assert table.loc["b", "mae_pp"] == 0.0 and table.loc["b", "naive_mae_pp"] == 1.0
