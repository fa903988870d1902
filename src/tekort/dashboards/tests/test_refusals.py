"""A region user never reaches one location's figures through any URL, filter, download or
query parameter of the dashboards; other roles are refused what is not theirs."""

import itertools
import json
import re

import pytest
from django.urls import URLPattern, reverse

from tekort.dashboards import urls as dashboard_urls
from tekort.estimates.region_tables import region_cells
from tekort.registry.models import Location

pytestmark = pytest.mark.django_db

TABLES = [
    "vestigingen",
    "vergelijking",
    "trend",
    "gemeenten",
    "besturen",
    "rondes",
    "landelijk",
    "respons-sector",
    "respons-regio",
]
QUERIES = [
    "",
    "?location={code}",
    "?code={code}",
    "?vestiging={code}",
    "?board={board}",
    "?bestuur={board}",
    "?municipality={municipality}",
    "?gemeente={municipality}",
    "?peildatum={peildatum}&code={code}",
    "?peildatum={peildatum}&board={board}",
    "?format=json&code={code}",
    "?table=vestigingen",
    "?detail=1&code={code}",
]


def _unmasked(html: bytes) -> bytes:
    """The page without its per-response CSRF token."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


def _urls(region, board):
    """Every dashboards URL with every value its kwargs could take from the region's side."""
    for pattern in dashboard_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = list(pattern.pattern.regex.groupindex)
        choices = {
            "board": [board.number],
            "onderwijsregio": [region.pk],
            "table": TABLES,
        }
        for values in itertools.product(*[choices[k] for k in kwargs]):
            yield (
                pattern.name,
                reverse(
                    f"dashboards:{pattern.name}", kwargs=dict(zip(kwargs, values, strict=True))
                ),
            )


def test_a_region_user_never_gets_a_single_location_figure(
    region_client, region, board, rounds, releases
):
    locations = Location.objects.filter(board__onderwijsregios=region)
    codes = list(locations.values_list("code", flat=True))
    names = {n for n in locations.values_list("name", flat=True) if len(n) > 12}
    location = locations.filter(registrations__round=rounds[0]).order_by("code").first()
    fields = {
        "code": location.code,
        "board": location.board_id,
        "municipality": location.municipality_id,
        "peildatum": rounds[0].peildatum.isoformat(),
    }
    cells = region_cells(region, rounds[0])
    shown_cells = [
        i for i in range(len(cells.ids)) if not cells.suppressed[i] and cells.responding[i]
    ]
    assert shown_cells and all(
        cells.responding[i] >= 5 and cells.boards_responding[i] >= 3 for i in shown_cells
    )
    reached = []
    baseline = region_client.get(
        reverse("dashboards:region", args=[region.pk]) + f"?peildatum={fields['peildatum']}"
    ).content
    for (name, url), query in itertools.product(list(_urls(region, board)), QUERIES):
        response = region_client.get(url + query.format(**fields))
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, (url, query, response.status_code)
        reached.append(name)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        assert not any(code in text for code in codes), (url, query)
        assert not any(n in text for n in names), (url, query)
        if name == "region-json":
            for table in json.loads(text)["tables"]:
                for row in table["rows"]:
                    if row["responding"] and isinstance(row["tekort_fte"], int | float):
                        assert row["responding"] >= 5
        if name == "region" and "peildatum" in query:
            assert _unmasked(body) == _unmasked(baseline)  # other parameters change nothing
    assert {"index", "region", "region-json", "region-xlsx", "region-csv"} <= set(reached)
    assert not {"board", "board-json", "board-xlsx", "board-csv", "ministry"} & set(reached)


def test_a_board_user_is_refused_regions_and_the_ministry(board_client, region, rounds):
    for url in [
        reverse("dashboards:region", args=[region.pk]),
        reverse("dashboards:region-json", args=[region.pk]),
        reverse("dashboards:ministry"),
        reverse("dashboards:ministry-json"),
        reverse("dashboards:ministry-csv", args=["rondes"]),
    ]:
        assert board_client.get(url).status_code == 403


def test_a_school_user_is_refused_the_board_of_its_own_location(client, board, rounds):
    from tekort.accounts.models import Role
    from tekort.dashboards.tests.conftest import user_with

    user_with(client, kind=Role.Kind.SCHOOL, location=board.locations.first())
    assert client.get(reverse("dashboards:board", args=[board.number])).status_code == 403
    assert client.get(reverse("dashboards:index")).status_code == 200
