"""The home page and the school search, as HTML and as JSON."""

import pytest
from django.urls import reverse

from tekort.registry.models import Location

pytestmark = pytest.mark.django_db


def test_home_shows_what_the_register_holds_in_dutch(client):
    response = client.get(reverse("registry:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Schoolvestigingen per sector" in html
    assert f"{Location.objects.count():,}".replace(",", ".") in html
    assert "demodata" in html


def test_home_json_matches_the_register(client):
    data = client.get(reverse("registry:home-json")).json()
    assert data["locations"] == Location.objects.count()
    assert data["municipalities"] == 342
    by_sector = {row["sector"]: row["locations"] for row in data["locations_per_sector"]}
    assert by_sector["bao"] == Location.objects.filter(sector="bao").count()


@pytest.mark.parametrize("query", ["32JK00", "32jk", "Verwondering", "alteveer"])
def test_search_finds_a_school_by_code_name_or_place(client, query):
    response = client.get(reverse("registry:search-json"), {"q": query})
    codes = [row["code"] for row in response.json()["results"]]
    assert "32JK00" in codes


def test_search_needs_every_word_to_match(client):
    codes = [
        r["code"]
        for r in client.get(reverse("registry:search-json"), {"q": "Verwondering Zwolle"}).json()[
            "results"
        ]
    ]
    assert "32JK00" not in codes


def test_search_page_lists_results_and_links_to_the_location(client):
    response = client.get(reverse("registry:search"), {"q": "32JK00"})
    assert response.status_code == 200
    assert reverse("registry:location", args=["32JK00"]) in response.content.decode()
    detail = client.get(reverse("registry:location", args=["32JK00"]))
    assert "BBS de Verwondering" in detail.content.decode()


def test_unknown_location_is_404(client):
    assert client.get(reverse("registry:location", args=["ZZZZ99"])).status_code == 404


def test_the_ui_stays_dutch_for_a_browser_that_prefers_english(client):
    response = client.get(reverse("registry:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Schoolvestigingen per sector" in html
    assert "School locations per sector" not in html
