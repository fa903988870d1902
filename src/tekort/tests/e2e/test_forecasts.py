"""The raming in Chromium: keyboard-only scenario, table alternative, share URL, axe-core."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def forecast_data(small_register):
    """One onderwijsregio of real boards and a published demo October round of it."""
    from tekort.forecasts.tests.conftest import estimate_run, register
    from tekort.forecasts.tests.factories import RoundFactory
    from tekort.publications.publishing import publish
    from tekort.registry.models import Board, Location, Onderwijsregio, PupilCount

    cache.clear()
    # the raming needs DUO's pupil counts (the small register has none): 200 per location
    PupilCount.objects.bulk_create(
        PupilCount(location=location, year=2024, pupils=200) for location in Location.objects.all()
    )
    boards = list(Board.objects.order_by("number")[:40])
    region = Onderwijsregio.objects.create(name="Onderwijsregio Proef", is_provisional=True)
    region.boards.set(boards)
    in_region = list(Location.objects.filter(board__in=boards, sector="bao").order_by("code")[:25])
    elsewhere = list(Location.objects.exclude(board__in=boards).order_by("code")[:25])
    round_ = RoundFactory()
    register(round_, in_region + elsewhere)
    publish(estimate_run(round_, region))
    yield region
    cache.clear()


def _numbers(page, key):
    cells = page.locator(f'#result-table td[data-key="{key}"]')
    return [float(v) for v in cells.evaluate_all("cells => cells.map(c => c.dataset.value)")]


def test_scenario_by_keyboard_share_url_reproduces_the_numbers(
    page, live_server, forecast_data, axe_violations
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/raming/")
    expect(page.locator("h1")).to_have_text("Raming en scenario's")
    expect(page.locator("#result-table caption")).to_contain_text("Nederland")
    assert axe_violations(page) == []

    # Keyboard only: tab to the lever, type a value, submit with Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_more_hours_share":
            break
    else:
        pytest.fail("the more-hours lever is not reachable with Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.2")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"more_hours_share=0\.2"))

    table = page.locator("#result-table")
    expect(table).to_be_visible()
    scenario = _numbers(page, "scenario.shortage_fte")
    baseline = _numbers(page, "baseline.shortage_fte")
    assert len(scenario) == 16 and scenario[0] == baseline[0]
    # more hours lowers the shortage while there is one (late years may be a surplus, capped)
    assert all(s <= b for s, b in zip(scenario, baseline, strict=True))
    assert scenario[5] < baseline[5]
    assert axe_violations(page) == []

    # Copy the share URL with the keyboard and open it: the same numbers.
    share_url = page.locator("#share-url").input_value()
    assert share_url.startswith(live_server.url + "/raming/?region=Nederland")
    page.locator("button.copy").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Link gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == share_url

    other = page.context.new_page()
    other.goto(share_url)
    assert _numbers(other, "scenario.shortage_fte") == scenario
    assert _numbers(other, "baseline.shortage_fte") == baseline
    assert other.locator("#id_more_hours_share").input_value() == "0.2"
    other.close()


def test_parameters_and_backtest_pages_are_accessible(
    page, live_server, forecast_data, axe_violations
):
    page.goto(live_server.url + "/raming/parameters/")
    expect(page.locator("h1")).to_have_text("Parameters en aannames van de raming")
    expect(page.locator("table").first).to_contain_text("Aanname")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/raming/terugblik/")
    expect(page.locator("h1")).to_contain_text("Terugblik")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/raming/?region=Nederland&sector=bao&teaching_time_cut=0.9")
    expect(page.locator(".error-summary")).to_contain_text("Minder onderwijstijd")
    assert axe_violations(page) == []


def test_nowcast_page_is_accessible_and_blends_a_february_round(
    page, live_server, forecast_data, axe_violations
):
    from datetime import date

    from tekort.forecasts.tests.conftest import register
    from tekort.forecasts.tests.factories import (
        EstimateCellFactory,
        EstimateRunFactory,
        RoundFactory,
    )
    from tekort.publications.publishing import publish
    from tekort.registry.models import Location

    february = RoundFactory(peildatum=date(2026, 2, 1))
    register(february, list(Location.objects.filter(sector="bao").order_by("code")[:10]))
    run = EstimateRunFactory(round=february)
    for sector in ("bao", "sbo", "so", "vso", "(v)so", "vo"):
        EstimateCellFactory(run=run, domain=f"sector={sector}", rate=0.1, fte=6000.0)
    publish(run)
    page.goto(live_server.url + "/raming/nowcast/")
    expect(page.locator("h1")).to_contain_text("Nowcast")
    expect(page.locator("#summary")).to_contain_text("1 latere ronde wordt meegewogen")
    expect(page.locator("#nowcast-table")).to_contain_text("2026-02-01: 10,00 %")
    expect(page.locator("svg.chart-svg rect")).to_have_count(1)
    assert axe_violations(page) == []
    data = page.request.get(live_server.url + "/raming/nowcast.json").json()
    shown = page.locator('#nowcast-table td[data-key="nowcast_pct"]').evaluate_all(
        "cells => cells.map(c => Number(c.dataset.value))"
    )
    assert shown == [row["nowcast_pct"] for row in data["rows"]]
