"""The ministry view (every round, unpublished included) and the /mijn/ landing page."""

import csv
import io

import pytest
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.dashboards.tests.conftest import user_with
from tekort.dashboards.tests.factories import RoundFactory, open_round, register
from tekort.dashboards.tests.html_tables import tables_of
from tekort.registry.models import Location

pytestmark = pytest.mark.django_db


def test_the_ministry_sees_every_round_with_response_and_national_estimates(
    analyst_client, region, rounds, runs
):
    current = open_round()
    register(current, Location.objects.filter(board__onderwijsregios=region)[:40], seed=9)
    response = analyst_client.get(
        reverse("dashboards:ministry") + f"?peildatum={rounds[1].peildatum.isoformat()}"
    )
    assert response.status_code == 200
    tables = tables_of(response.content.decode())
    overview = {row[0]: row for row in tables["tabel-rondes"][1:]}
    assert set(overview) == {r.peildatum.isoformat() for r in [*rounds, current]}
    assert overview[current.peildatum.isoformat()][4] == "open"  # unpublished, still open
    assert overview[rounds[1].peildatum.isoformat()][4] == "gesloten"
    assert overview[rounds[1].peildatum.isoformat()][6] == "8,1"  # national estimate
    national = tables["tabel-landelijk"]
    assert national[1][0] == "Tekort, totaal" and national[1][2] == "8,1"
    sectors = tables["tabel-respons-sector"][1:]
    locations = Location.objects.filter(sector__in=rounds[1].sectors).count()
    assert sum(int(row[1]) for row in sectors) == locations
    regions = {row[0]: row for row in tables["tabel-respons-regio"][1:]}
    assert int(regions[region.name][2]) == rounds[1].registrations.count()


def test_the_ministry_sees_a_round_that_is_still_open(analyst_client, region):
    current = open_round()
    register(current, Location.objects.filter(board__onderwijsregios=region)[:40], seed=9)
    url = reverse("dashboards:ministry-csv", args=["respons-regio"])
    rows = list(csv.reader(io.StringIO(analyst_client.get(url).content.decode())))
    row = next(r for r in rows if r[1] == region.name)  # after the demo column
    assert int(row[3]) == current.registrations.count() > 0


def test_the_ministry_downloads_hold_the_tables_shown(analyst_client, rounds, runs):
    query = f"?peildatum={rounds[0].peildatum.isoformat()}"
    shown = tables_of(analyst_client.get(reverse("dashboards:ministry") + query).content.decode())
    data = analyst_client.get(reverse("dashboards:ministry-json") + query).json()
    assert [t["slug"] for t in data["tables"]] == [
        "rondes",
        "landelijk",
        "respons-sector",
        "respons-regio",
    ]
    for table in data["tables"]:
        assert len(shown[f"tabel-{table['slug']}"]) == len(table["rows"]) + 1
        assert shown[f"tabel-{table['slug']}"][0] == [c["label"] for c in table["columns"]]
    xlsx = analyst_client.get(reverse("dashboards:ministry-xlsx") + query)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_landing_page_lists_the_views_of_the_users_roles(client, region, board):
    user = user_with(client, kind=Role.Kind.BOARD, board=board)
    Role.objects.create(user=user, kind=Role.Kind.REGION, onderwijsregio=region)
    page = client.get(reverse("dashboards:index")).content.decode()
    assert reverse("dashboards:board", args=[board.number]) in page
    assert reverse("dashboards:region", args=[region.pk]) in page
    assert reverse("dashboards:ministry") not in page
    assert "Mijn overzicht" in page  # the nav link, for signed-in users


def test_the_landing_page_of_an_analyst_and_of_a_user_without_views(client):
    user = user_with(client, kind=Role.Kind.ANALYST)
    assert (
        reverse("dashboards:ministry") in client.get(reverse("dashboards:index")).content.decode()
    )
    user.roles.all().delete()
    page = client.get(reverse("dashboards:index")).content.decode()
    assert "geen rol met een overzicht" in page


def test_the_nav_link_is_for_signed_in_users_only(client):
    assert reverse("dashboards:index") not in client.get("/").content.decode()


def test_no_round_yet(analyst_client):
    page = analyst_client.get(reverse("dashboards:ministry")).content.decode()
    assert "nog geen uitvraagrondes" in page
    RoundFactory(closed=True)
    assert analyst_client.get(reverse("dashboards:ministry")).status_code == 200
