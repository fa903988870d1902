"""methods §5 G (Kalman, seasonality), M6 (anchoring) and the blend with a forecast."""

import numpy as np
import pandas as pd
import pytest

from tekort_forecast import run_forecast
from tekort_forecast.nowcast import anchor_external, fit_seasonality, kalman_filter, nowcast
from tekort_forecast.tests.conftest import synthetic_base

REL = 1e-12


def test_g1_kalman_filter():
    res = kalman_filter(
        theta0=9.1,
        p0=0.09,
        drift=np.full(3, -0.2),
        observations=np.array([9.5, np.nan, 9.0]),
        se2=np.array([0.09, np.nan, 0.16]),
        q=0.25,
    )
    assert res.predicted.tolist() == pytest.approx(
        [8.9, 9.174418604651164, 8.974418604651165], rel=REL
    )
    assert res.predicted_variance.tolist() == pytest.approx(
        [0.34, 0.3211627906976744, 0.5711627906976744], rel=REL
    )
    assert res.gain[0] == pytest.approx(0.7906976744186047, rel=REL)
    assert np.isnan(res.gain[1])
    assert res.gain[2] == pytest.approx(0.7811704834605597, rel=REL)
    assert res.filtered.tolist() == pytest.approx(
        [9.374418604651163, 9.174418604651164, 8.994402035623411], rel=REL
    )
    assert res.variance.tolist() == pytest.approx(
        [0.0711627906976744, 0.3211627906976744, 0.1249872773536896], rel=REL
    )


def test_kalman_filter_vectorised_over_regions_matches_single_runs():
    obs = np.array([[9.5, np.nan, 9.0], [12.0, 11.0, np.nan]])
    se2 = np.array([[0.09, 1.0, 0.16], [0.2, 0.3, 1.0]])
    both = kalman_filter([9.1, 12.5], 0.09, np.full(3, -0.2), obs, se2, 0.25)
    for i, theta0 in enumerate([9.1, 12.5]):
        one = kalman_filter(theta0, 0.09, np.full(3, -0.2), obs[i], se2[i], 0.25)
        np.testing.assert_array_equal(both.filtered[i], one.filtered)


def test_g2_seasonality_letter_002():
    fit = fit_seasonality([0.0, 8 / 12, 1.0], [12.2, 8.9, 12.4], [True, False, True])
    assert fit.a == pytest.approx(8.766666666666667, rel=REL)
    assert fit.b == pytest.approx(0.2, rel=REL)
    assert fit.sigma == pytest.approx(3.433333333333333, rel=REL)


def test_seasonality_needs_both_seasons():
    with pytest.raises(ValueError, match="February and October"):
        fit_seasonality([0, 1, 2], [1, 2, 3], [False, False, False])


def test_m6_anchoring_mirror():
    model = np.array([5_093.0, 0, 0, 0, 0, 3_167.0])  # only t0 and 2027 matter
    assert anchor_external(model, 9_700, 1.0)[5] == pytest.approx(7_774, rel=REL)
    assert anchor_external(model, 9_700, 0.8)[5] == pytest.approx(4_676.62176, rel=REL)
    assert anchor_external(model, 9_700, 0.8)[0] == 9_700


def _forecast(params):
    base = synthetic_base(["a", "b"], ["bao"], 4, seed=3)
    return run_forecast(base, params, years=4, draws=0, rng=np.random.default_rng(0))


def test_nowcast_without_rounds_is_the_forecast(params_2025):
    result = _forecast(params_2025)
    empty = pd.DataFrame(columns=["region", "sector", "year", "month", "rate_pct", "se2"])
    blended = nowcast(result, empty, params_2025)
    np.testing.assert_allclose(blended["nowcast_pct"], blended["forecast_pct"], rtol=1e-12)
    assert (blended["rounds"] == 0).all()


def test_nowcast_february_round_is_corrected_by_the_seasonal_effect(params_2025):
    result = _forecast(params_2025)
    sigma = params_2025.sector("bao").seasonal_feb_pp
    forecast_2027 = 100 * result.rate[0, 0, 2]
    # an October 2027 round and a February 2028 round saying the same thing (after the
    # February effect) must move the nowcast identically
    october = pd.DataFrame(
        [
            {
                "region": "a",
                "sector": "bao",
                "year": 2027,
                "month": 10,
                "rate_pct": forecast_2027 + 2,
                "se2": 0.09,
            }
        ]
    )
    february = october.assign(year=2028, month=2, rate_pct=forecast_2027 + 2 + sigma)
    by_oct = nowcast(result, october, params_2025).set_index(["region", "year"])["nowcast_pct"]
    by_feb = nowcast(result, february, params_2025).set_index(["region", "year"])["nowcast_pct"]
    np.testing.assert_allclose(by_feb.to_numpy(), by_oct.to_numpy(), rtol=1e-12)
    # the round pulls region a towards the observation and leaves region b alone
    assert by_oct[("a", 2027)] > forecast_2027
    assert by_oct[("a", 2027)] < forecast_2027 + 2
    assert by_oct[("b", 2027)] == pytest.approx(100 * result.rate[1, 0, 2], rel=1e-12)
    # an uncorrected February figure would overstate the nowcast
    raw = october.assign(year=2028, month=2)
    by_raw = nowcast(result, raw, params_2025).set_index(["region", "year"])["nowcast_pct"]
    assert by_raw[("a", 2027)] < by_oct[("a", 2027)]


def test_seasonal_effect_is_the_mean_difference_with_a_t_interval():
    from scipy import stats

    from tekort_forecast.nowcast import seasonal_effect

    est = seasonal_effect(np.array([0.4, 0.6, 0.5]), prior=3.4, prior_se=2.0)
    assert est.source == "rounds" and est.n == 3
    assert est.sigma == pytest.approx(0.5)
    assert est.se == pytest.approx(0.1 / np.sqrt(3))
    half = stats.t.ppf(0.975, 2) * 0.1 / np.sqrt(3)  # 4.302653 x 0.057735
    assert (est.low, est.high) == pytest.approx((0.5 - half, 0.5 + half))
    # weighted by formatie: Kish's effective n (hand-computed: 0.75, se sqrt(0.28125 / 2.6667))
    w = seasonal_effect(np.array([0.0, 1.0, 1.0]), weights=np.array([1, 1, 2]), prior=0, prior_se=1)
    assert w.sigma == pytest.approx(0.75)
    assert w.se == pytest.approx(np.sqrt(0.28125 / (1 / 0.375)))
    # fewer than two pairs: the prior, labelled
    p = seasonal_effect(np.array([0.7]), prior=0.5, prior_se=1.0)
    assert p.source == "prior" and p.sigma == 0.5 and p.high == pytest.approx(0.5 + 1.959964, 1e-6)


def test_nowcast_uses_the_estimated_season_and_its_variance(params_2025):
    from tekort_forecast.nowcast import SeasonalEffect, kalman_update, nowcast

    base = synthetic_base(["nl"], ["bao"], 2, seed=0)
    result = run_forecast(base, params_2025, years=2, draws=0, rng=np.random.default_rng(0))
    february = {"region": "nl", "sector": "bao", "year": base.year + 1, "month": 2}
    rounds = pd.DataFrame([{**february, "rate_pct": 10.0, "se2": 0.04}])
    season = SeasonalEffect(0.5, 0.3, 4, -0.1, 1.1, "rounds")
    out = nowcast(result, rounds, params_2025, season=season, p0=0.09)
    theta0 = 100 * result.rate[0, 0, 0]
    expected, _p, _k = kalman_update(
        np.array(theta0), np.array(0.09), np.array(10.0 - 0.5), np.array(0.04 + 0.09)
    )
    assert out["nowcast_pct"].iloc[0] == pytest.approx(float(expected))
