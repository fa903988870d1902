"""The scenario page, its JSON/CSV, the parameters and back-test pages."""

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from tekort.forecasts.base_year import NEDERLAND
from tekort.forecasts.comparison import DRAWS, YEARS
from tekort.forecasts.lever_text import LEVER_TEXT
from tekort.forecasts.tests.conftest import estimate_run
from tekort.forecasts.tests.factories import RoundFactory
from tekort.publications.publishing import publish
from tekort_forecast import Scenario

PAGE = reverse("forecasts:scenario")
JSON = reverse("forecasts:scenario-json")
CSV = reverse("forecasts:scenario-csv")


def _cells(html: str, key: str) -> list[float]:
    return [
        float(v) for v in re.findall(rf'data-key="{re.escape(key)}" data-value="([^"]+)"', html)
    ]


def test_every_lever_of_the_core_has_a_dutch_label_and_explanation():
    assert set(LEVER_TEXT) == set(Scenario.describe())


def test_page_without_query_shows_the_baseline_for_nederland(client, demo_round):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["comparison"].region == NEDERLAND
    assert len(_cells(html, "baseline.shortage_fte")) == YEARS + 1
    assert "<svg" in html and 'role="img"' in html and 'id="result-table"' in html
    assert "Demodata." in html  # the base year is labelled as demo data
    assert "Deeltijders die meer gaan werken" in html  # levers explained in Dutch
    assert "0.2 = 20 procent minder vertrek" in html
    for doc in (spec["doc"] for spec in Scenario.describe().values()):
        assert doc.replace("'", "&#x27;").replace(">", "&gt;").replace("<", "&lt;") in html


def test_url_round_trip_reproduces_identical_numbers(client, demo_round):
    region = demo_round.region.name
    untidy = urlencode(
        {
            "region": region,
            "sector": "bao",
            "more_hours_share": "0.10",
            "more_hours_fte": "0.2",
            "zij_instroom_extra": "40",
            "start": "1",
            "teaching_time_cut": "",
        }
    )
    response = client.get(f"{PAGE}?{untidy}")
    assert response.status_code == 302  # to the canonical, shareable URL
    canonical = response["Location"]
    query = canonical.split("?", 1)[1]
    assert Scenario.from_query(
        {k: v for k, v in QueryDict(query).items() if k not in ("region", "sector")}
    ) == Scenario(more_hours_share=0.1, zij_instroom_extra=40)
    first = client.get(canonical)
    second = client.get(canonical)
    assert first.status_code == second.status_code == 200
    assert first.context["share_url"].endswith(canonical)
    html_1, html_2 = first.content.decode(), second.content.decode()
    for key in ("baseline.shortage_fte", "scenario.shortage_fte", "difference"):
        assert _cells(html_1, key) == _cells(html_2, key)
    scenario = _cells(html_1, "scenario.shortage_fte")
    baseline = _cells(html_1, "baseline.shortage_fte")
    assert scenario[0] == baseline[0]  # levers act after t0
    assert all(s <= b for s, b in zip(scenario, baseline, strict=True))
    assert any(s < b for s, b in zip(scenario, baseline, strict=True))


def test_zero_lever_scenario_equals_the_baseline_on_the_page(client, demo_round):
    response = client.get(f"{PAGE}?region={NEDERLAND}&sector=bao")
    html = response.content.decode()
    assert _cells(html, "scenario.shortage_fte") == _cells(html, "baseline.shortage_fte")
    assert set(_cells(html, "difference")) == {0.0}
    rows = response.context["rows"]
    assert all(row["scenario"] == row["baseline"] for row in rows)
    assert "Dat is gelijk aan de basis." in html or "same as the baseline" in html


@pytest.mark.parametrize(
    "field, value",
    [
        ("more_hours_share", "abc"),
        ("more_hours_share", "2"),
        ("teaching_time_cut", "-0.1"),
        ("start", "1.5"),
        ("pabo_completion_change", "0.5"),  # 0.65 + 0.5 > 1: refused by the model itself
    ],
)
def test_a_bad_lever_value_is_a_form_error_naming_the_field(client, demo_round, field, value):
    response = client.get(f"{PAGE}?region={NEDERLAND}&sector=bao&{field}={value}")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    assert re.search(
        rf'id="id_{field}"[^>]*aria-describedby="id_{field}-hint id_{field}-error"', html
    )
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert "comparison" not in response.context
    data = client.get(f"{JSON}?region={NEDERLAND}&sector=bao&{field}={value}")
    assert data.status_code == 400 and list(data.json()["errors"]) == [field]


def test_a_sector_without_measurement_is_an_error_on_the_sector(client, demo_round):
    # the release has no vo cell of the demo region
    response = client.get(PAGE, {"region": demo_round.region.name, "sector": "vo"})
    assert list(response.context["form"].errors) == ["sector"]
    response = client.get(f"{PAGE}?region=Atlantis&sector=bao")
    assert "region" in response.context["form"].errors


def test_json_equals_the_page_numbers(client, demo_round):
    query = f"region={NEDERLAND}&sector=vo&teaching_time_cut=0.05&retention_change=0.2"
    page = client.get(f"{PAGE}?{query}", follow=True)
    assert page.redirect_chain  # the levers come back in the core's order
    html = page.content.decode()
    data = client.get(f"{JSON}?{query}").json()
    assert data["scenario"] == {"retention_change": "0.2", "teaching_time_cut": "0.05"}
    assert data["draws"] == DRAWS and data["demo"] is True and data["vintage"] == "2026"
    assert data["baseline"]["shortage_fte"] == _cells(html, "baseline.shortage_fte")
    assert data["result"]["shortage_fte"] == _cells(html, "scenario.shortage_fte")
    assert data["result"]["shortage_rate"] == _cells(html, "scenario.shortage_rate")
    assert len(data["years"]) == YEARS + 1 and data["years"][0] == 2025
    assert len(data["result"]["shortage_fte_q025"]) == YEARS + 1
    assert data["assumptions"]  # the labelled assumptions travel with the numbers


def test_csv_is_the_table_of_both_runs(client, demo_round):
    query = f"region={NEDERLAND}&sector=bao&zij_instroom_extra=500"
    response = client.get(f"{CSV}?{query}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 * (YEARS + 1)
    data = client.get(f"{JSON}?{query}").json()
    scenario = [float(r["tekort_fte"]) for r in rows if r["variant"] == "scenario"]
    assert scenario == pytest.approx(data["result"]["shortage_fte"], rel=1e-12)
    basis = [float(r["tekort_fte_p90"]) for r in rows if r["variant"] == "basis"]
    assert basis == pytest.approx(data["baseline"]["shortage_fte_q900"], rel=1e-12)
    assert {r["scenario"] for r in rows} == {"basis", "zij_instroom_extra=500"}
    assert rows[0]["markering"] == "" and rows[1]["markering"] == "f"
    assert list(rows[0])[:5] == ["demo", "variant", "regio", "sector", "jaar"]


def test_pages_without_an_october_release_say_so(client, db):
    assert (
        "Er zijn nog geen cijfers van een ronde van 1 oktober" in client.get(PAGE).content.decode()
    )
    assert client.get(JSON).status_code == 404
    assert client.get(reverse("forecasts:backtest")).status_code == 200


def test_parameters_page_marks_sourced_values_and_assumptions(client):
    response = client.get(reverse("forecasts:parameters"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "sectors.bao.exit_probability" in html and "inflow.zij_cost_eur" in html
    rows = {r["key"]: r for r in response.context["rows"]}
    assert rows["sectors.bao.exit_probability"]["assumption"] is True
    assert rows["inflow.zij_cost_eur"]["assumption"] is False
    assert "regional.re_entrants" in html  # the adapter's regional inputs are listed too
    data = client.get(reverse("forecasts:parameters-json")).json()
    assert {v["key"] for v in data["values"]} == set(rows)
    assert client.get(reverse("forecasts:parameters-json") + "?vintage=1999").status_code == 400


def test_backtest_compares_earlier_forecasts_with_later_rounds(client, demo_round):
    earlier = RoundFactory(peildatum=demo_round.round.peildatum.replace(year=2024))
    publish(estimate_run(earlier, demo_round.region))
    response = client.get(reverse("forecasts:backtest"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "demodata" in html.lower()
    rows = response.context["rows"]
    pairs = {(r["origin"], r["year"], r["sector"]) for r in rows}
    assert (2024, 2025, "bao") in pairs and {(o, y) for o, y, _s in pairs} == {(2024, 2025)}
    measured = next(r["measured"] for r in rows if r["sector"] == "bao")
    data = client.get(reverse("forecasts:backtest-json")).json()
    bao = next(p for p in data["pairs"] if p["sector"] == "bao")
    assert bao["measured"] == measured and data["demo"] is True
    assert data["summary"][0]["horizon"] == 1
    assert measured == 5000.0  # the later release's national bao figure, as published
    csv_text = client.get(reverse("forecasts:backtest-csv")).content.decode()
    assert csv_text.startswith("demo,basisjaar,regio,sector,jaar,jaren_vooruit,raming_fte")
    assert all(line.startswith("ja,") for line in csv_text.splitlines()[1:])


def test_result_page_shows_the_tornado_and_its_table(client, demo_round):
    from tekort.forecasts.base_year import cached_base_table, latest_release
    from tekort.forecasts.vintages import current_vintage, parameters
    from tekort_forecast.sensitivity import tornado

    query = {"region": NEDERLAND, "sector": "bao", "invalpool_share": "0,2"}
    page = client.get(PAGE, query, follow=True).content.decode()
    assert 'id="tornado-table"' in page and 'aria-labelledby="tornado-svg-title' in page
    assert "Wat de uitkomst aanneemt" in page and "Herintreders en overige instroom" in page
    params = parameters(current_vintage())
    table = cached_base_table(latest_release(), params)
    rows = tornado(
        table.base_year(NEDERLAND, "bao", 5), params, Scenario(invalpool_share=0.2), horizon=5
    )
    data = client.get(JSON, query).json()["sensitivity"]
    assert data["year"] == table.year + 5
    assert [r["key"] for r in data["rows"]] == [r.key for r in rows]
    assert [r["shortage_fte_low"] for r in data["rows"]] == pytest.approx([r.low for r in rows])
    assert next(r for r in data["rows"] if r["key"] == "inflow.reentry_rate")["assumption"]
