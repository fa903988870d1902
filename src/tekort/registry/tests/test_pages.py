"""The school search, as HTML and as JSON, and a school's page (the home page: publications)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
    response = client.get(
        reverse("registry:search"), {"q": "32JK00"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "School, BRIN-code, plaats, gemeente of regio" in html
    assert "1 vestiging gevonden voor" in html
    assert "location found" not in html
