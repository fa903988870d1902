"""The back-test against the published measured series (reference data, not releases)."""

import csv
import io

import numpy as np
import pytest

from tekort.forecasts import reality
from tekort.forecasts.vintages import current_vintage, parameters

pytestmark = pytest.mark.django_db


@pytest.fixture
def params():
    return parameters(current_vintage())


def test_national_levels_are_read_as_published():
    levels = reality.national_levels()
    assert levels[("po", 2021)].pct == 9.1 and levels[("po", 2021)].fte == 9100
    assert levels[("po", 2023)].pct == 9.7 and levels[("po", 2024)].pct is None
    assert levels[("vo", 2023)].pct == 5.8 and levels[("vo", 2024)].fte == 3800


def test_a_region_starts_from_the_nearest_published_level_it_belongs_to():
    levels = reality.g5_levels_2022()
    assert reality.nearest_2022_level("Amsterdam", "G5-gemeente", levels) == (16.8, "Amsterdam")
    assert reality.nearest_2022_level("'s-Gravenhage", "G5-gemeente", levels) == (
        17.3,
        "Den Haag",
    )
    assert reality.nearest_2022_level("Rotterdam", "G5-gemeente", levels) == (15.2, "G5")
    assert reality.nearest_2022_level("Achterhoek", "arbeidsmarktregio", levels) == (
        8.5,
        "Nederland excl. G5",
    )


def test_pairs_and_errors(params):
    pairs, table = reality.reality_backtest(params)
    national = pairs[pairs["series"] == "po landelijk"]
    # origins 2021, 2022, 2023 against every later year: 3 + 2 + 1 pairs
    assert sorted(zip(national["origin"], national["year"], strict=True)) == [
        (2021, 2022),
        (2021, 2023),
        (2021, 2024),
        (2022, 2023),
        (2022, 2024),
        (2023, 2024),
    ]
    row = national[(national["origin"] == 2021) & (national["year"] == 2022)].iloc[0]
    assert row["measured_pct"] == 9.5 and not row["derived"] and row["naive_pct"] == 9.1
    assert row["lower95_pct"] <= row["lower80_pct"] <= row["upper80_pct"] <= row["upper95_pct"]
    # 2024 has only an FTE figure: compared over the forecast's own demand
    derived = national[national["year"] == 2024].iloc[0]
    result = reality.national_forecast(params, "po", reality.national_levels()[("po", 2021)])
    assert derived["derived"] and derived["measured_pct"] == pytest.approx(
        100 * 7700 / result.demand[0, 0, 3]
    )
    assert len(pairs[pairs["series"] == "po arbeidsmarktregio"]) == 40
    po = table.set_index("series").loc["po landelijk"]
    errors = (national["forecast_pct"] - national["measured_pct"]).abs()
    assert po["n"] == 6 and po["mae_pp"] == pytest.approx(errors.mean())
    assert 0 <= po["coverage80"] <= po["coverage95"] <= 1


def test_published_ramingen_sit_beside_tekorts_own(params):
    rows = reality.published_ramingen(params)
    mirror = next(r for r in rows if r["value"] == 3167.0)
    assert mirror["measure"] == "tekort voltijdbanen (raming)" and mirror["target_year"] == 2027
    assert mirror["tekort"]["origin"] == 2023  # the latest published po level before 2027
    assert np.isfinite(mirror["tekort"]["shortage_fte"])


def test_page_json_and_csv_agree(client, params):
    pairs, table = reality.reality_backtest(params)
    page = client.get("/raming/terugblik/").content.decode()
    assert 'id="reality-errors"' in page and "Naast de gepubliceerde metingen" in page
    data = client.get("/raming/terugblik-gemeten.json").json()
    assert [e["mae_pp"] for e in data["errors"]] == pytest.approx(table["mae_pp"].tolist())
    text = client.get("/raming/terugblik-gemeten.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:4] == ["reeks", "gebied", "sector", "basisjaar"]
    assert len(rows) == len(pairs)
    assert float(rows[0]["raming_pct"]) == pytest.approx(pairs["forecast_pct"].iloc[0])
