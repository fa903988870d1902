"""The nowcast page: the core's nowcast of the origin release's forecast and the later releases.

Only published releases enter, as published: rates to one decimal, SEs read back from the
published (rounded) intervals.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tekort.forecasts.base_year import NEDERLAND, cached_base_table
from tekort.forecasts.comparison import DRAWS, YEARS, seed_for
from tekort.forecasts.tests.factories import EstimateCellFactory, EstimateRunFactory, RoundFactory
from tekort.forecasts.vintages import current_vintage, parameters
from tekort.publications.publishing import publish
from tekort_forecast import run_forecast
from tekort_forecast.nowcast import SeasonalEffect, nowcast

pytestmark = pytest.mark.django_db
ROUNDS = {date(2024, 10, 1): (0.08, 0.004), date(2025, 2, 1): (0.11, 0.005)}
ROUNDS |= {date(2025, 10, 1): (0.07, 0.003)}
# The published rate intervals are rate ± 0.8 pp (the factory's), so every published SE is
# 1.6 / (2 × 1.959964) = 0.40817 pp, whatever the run's own se_rate.
PUBLISHED_SE = 1.6 / (2 * 1.959963984540054)


def _run(round_, rate, se, **bao):
    run = EstimateRunFactory(round=round_)
    for sector in ("bao", "sbo", "so", "vso", "(v)so", "vo"):
        values = {"rate": rate, "fte": rate * 60000, "se_rate": se}
        EstimateCellFactory(run=run, domain=f"sector={sector}", **(values | bao))
    return run


@pytest.fixture
def rounds(db):
    made = {}
    for peildatum, (rate, se) in ROUNDS.items():
        round_ = RoundFactory(peildatum=peildatum)
        publish(_run(round_, rate, se))
        made[peildatum] = round_
    return made


def test_nowcast_numbers_equal_the_cores_nowcast(rounds, client):
    params = parameters(current_vintage())
    origin = rounds[date(2024, 10, 1)].releases.get()
    table = cached_base_table(origin, params)
    result = run_forecast(
        table.base_year(NEDERLAND, "bao", YEARS),
        params,
        years=YEARS,
        draws=DRAWS,
        rng=np.random.default_rng(seed_for(table, NEDERLAND, "bao")),
    )
    observed = pd.DataFrame(
        {
            "region": NEDERLAND,
            "sector": "bao",
            "year": [2025, 2025],
            "month": [2, 10],
            "rate_pct": [11.0, 7.0],
            "se2": [PUBLISHED_SE**2, PUBLISHED_SE**2],
        }
    )
    # the February effect from the system's own rounds: Oct 2024 8 %, Feb 2025 11 % in every
    # published cell (bao, sbo, (v)so, vo) -> four differences of 3.0 pp, no spread
    season = SeasonalEffect(3.0, 0.0, 4, 3.0, 3.0, "rounds")
    expected = nowcast(result, observed, params, p0=PUBLISHED_SE**2, season=season).head(6)

    data = client.get("/raming/nowcast.json", {"region": NEDERLAND, "sector": "bao"}).json()
    assert data["origin_peildatum"] == "2024-10-01"
    assert data["origin_release"] == origin.slug and data["demo"] is True
    assert data["rounds_used"] == ["2025-02-01", "2025-10-01"]
    effect = data["february_effect_pp"]
    assert effect["source"] == "rounds" and effect["differences"] == 4
    assert effect["estimate"] == pytest.approx(3.0) and effect["se"] == pytest.approx(0.0)
    rows = data["rows"]
    assert [r["year"] for r in rows] == expected["year"].tolist()
    assert [r["forecast_pct"] for r in rows] == pytest.approx(expected["forecast_pct"].tolist())
    assert [r["nowcast_pct"] for r in rows] == pytest.approx(expected["nowcast_pct"].tolist())
    half = 1.959963984540054 * np.sqrt(expected["variance_pp2"].to_numpy())
    assert [r["nowcast_ci95_pct"][0] for r in rows] == pytest.approx(
        (expected["nowcast_pct"] - half).tolist()
    )
    assert rows[0]["measurements"][0]["rate_pct"] == pytest.approx(11.0)  # February, raw
    assert rows[1]["measurements"][0]["rate_pct"] == pytest.approx(7.0)
    # the February round is corrected: blending it raw would give a different nowcast
    assert rows[0]["nowcast_pct"] < 11.0 - 1.0

    response = client.get("/raming/nowcast/", {"region": NEDERLAND, "sector": "bao"})
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page and 'id="nowcast-table"' in page
    shown = [
        float(v)
        for v in __import__("re").findall(r'data-key="nowcast_pct" data-value="([^"]+)"', page)
    ]
    assert shown == [r["nowcast_pct"] for r in rows]
    assert "2 latere rondes worden meegewogen" in page
    assert "Februari-effect, geschat uit de eigen gepubliceerde rondes" in page


def test_a_withheld_measurement_is_not_blended(rounds, client):
    later = RoundFactory(peildatum=date(2026, 2, 1))
    publish(_run(later, 0.2, 0.01, disclosure_status="primary_suppressed", symbol="c"))
    data = client.get("/raming/nowcast.json", {"region": NEDERLAND, "sector": "bao"}).json()
    assert data["origin_peildatum"] == "2025-10-01"  # the October release before the latest
    assert data["rounds_used"] == [] and data["releases_withheld"] == ["2026-02-01"]
    assert all(not r["measurements"] for r in data["rows"])
    assert data["rows"][0]["forecast_pct"] is not None


def test_an_unpublished_run_is_never_blended(rounds, client):
    before = client.get("/raming/nowcast.json", {"region": NEDERLAND, "sector": "bao"}).json()
    _run(RoundFactory(peildatum=date(2026, 2, 1)), 0.37, 0.01)  # finished, not published
    _run(rounds[date(2025, 10, 1)], 0.29, 0.01)  # a newer run of a published round
    from django.core.cache import cache

    cache.clear()
    after = client.get("/raming/nowcast.json", {"region": NEDERLAND, "sector": "bao"}).json()
    assert after == before


def test_the_february_effect_is_estimated_from_the_published_rounds(rounds):
    from tekort.forecasts.nowcasting import seasonal_estimate

    params = parameters(current_vintage())
    estimate, years = seasonal_estimate(params)
    assert years == ["2024/25"] and estimate.n == 4 and estimate.sigma == pytest.approx(3.0)
    # a second school year with a different February effect: the estimate moves and widens
    publish(_run(RoundFactory(peildatum=date(2026, 2, 1)), 0.08, 0.004))  # Oct 2025 was 7 %
    estimate, years = seasonal_estimate(params)
    assert years == ["2024/25", "2025/26"] and estimate.n == 8
    assert estimate.sigma == pytest.approx(2.0)  # equal formatie weights: (4 x 3 + 4 x 1) / 8
    assert estimate.low < 2.0 < estimate.high and estimate.se > 0


def test_without_paired_rounds_the_prior_is_used_and_labelled(db):
    from tekort.forecasts.nowcasting import seasonal_estimate

    publish(_run(RoundFactory(peildatum=date(2024, 10, 1)), 0.08, 0.004))
    estimate, years = seasonal_estimate(parameters(current_vintage()))
    assert years == [] and estimate.source == "prior" and estimate.n == 0
    assert estimate.sigma == parameters(current_vintage()).sector("bao").seasonal_feb_pp
