"""The signed-in overviews in Chromium: the board view (chart with its table alternative, the
downloads) and the region and ministry views, each with 0 axe WCAG 2.1 A/AA violations."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def overview(small_register):
    """A board of real BO locations in an onderwijsregio with two other boards, two closed
    rounds with registrations, estimate runs published as releases, and a board, a region and
    an analyst user."""
    from django.db.models import Count

    from tekort.accounts.models import Role
    from tekort.dashboards.tests.factories import (
        RoleFactory,
        RoundFactory,
        estimate_run,
        register,
    )
    from tekort.publications.publishing import publish
    from tekort.registry.models import Board, Location, Onderwijsregio

    boards = list(
        Board.objects.annotate(n=Count("locations"))
        .filter(n__gte=6, n__lte=12)
        .order_by("number")[:6]
    )
    region = Onderwijsregio.objects.create(name="Onderwijsregio Proef")
    region.boards.set(boards)
    rounds = [RoundFactory(closed=True), RoundFactory(closed=True)]
    for k, round_ in enumerate(rounds):
        register(round_, Location.objects.filter(board__in=boards), seed=k + 1, share=0.8)
        run = estimate_run(
            round_,
            {
                ("national", "national"): 0.071 + k / 100,
                ("onderwijsregio", f"onderwijsregio={region.name}"): 0.083 + k / 100,
            },
        )
        publish(run)
    users = {
        "board": RoleFactory(kind=Role.Kind.BOARD, board=boards[0]).user,
        "region": RoleFactory(kind=Role.Kind.REGION, onderwijsregio=region).user,
        "analyst": RoleFactory(kind=Role.Kind.ANALYST).user,
    }
    return {"board": boards[0], "region": region, "rounds": rounds, "users": users}


def sign_in(page, live_server, user):
    """A verified (two-factor) session made by tekort.accounts.testing.sign_in, as a cookie."""
    from tekort.accounts.testing import sign_in as sign_in_client

    client = sign_in_client(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_board_view_has_a_table_alternative_and_passes_axe(
    page, live_server, overview, axe_violations
):
    board, rounds = overview["board"], overview["rounds"]
    sign_in(page, live_server, overview["users"]["board"])
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Mijn overzicht").click()
    expect(page.locator("h1")).to_have_text("Mijn overzicht")
    page.get_by_role("link", name=str(board)).click()
    expect(page.locator("h1")).to_have_text(str(board))

    chart = page.get_by_role("img", name="Tekortpercentage per peildatum")
    expect(chart).to_be_visible()
    expect(page.locator("figure.chart figcaption")).to_contain_text("De tabel hieronder")
    trend = page.locator("#tabel-trend")
    expect(trend.locator("caption")).to_have_text("Tekortpercentage per ronde")
    expect(trend.locator("tbody tr")).to_have_count(len(rounds))
    expect(trend.locator("tbody tr").first.locator("th")).to_have_text(
        rounds[0].peildatum.isoformat()
    )
    expect(page.locator("#tabel-vestigingen tbody tr")).to_have_count(board.locations.count())
    expect(page.locator("#samenvatting")).to_contain_text("vestigingen hun cijfers ingeleverd")
    assert axe_violations(page) == []

    # the scrollable tables are reachable by keyboard, and the round can be chosen
    page.locator("#peildatum").select_option(rounds[0].peildatum.isoformat())
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(
        f"{live_server.url}/mijn/bestuur/{board.number}/?peildatum={rounds[0].peildatum.isoformat()}"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV: Tekortpercentage per ronde").click()
    assert download.value.suggested_filename.endswith("-trend.csv")


def test_region_and_ministry_views_pass_axe(browser, live_server, overview, axe_violations):
    for role, path, heading in [
        ("region", f"/mijn/regio/{overview['region'].pk}/", overview["region"].name),
        ("analyst", "/mijn/ministerie/", "Overzicht ministerie"),
    ]:
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        sign_in(page, live_server, overview["users"][role])
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("table").first).to_be_visible()
        assert axe_violations(page) == [], role
        context.close()
