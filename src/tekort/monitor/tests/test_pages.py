"""The public pages: the list's filters and search, the item page, letters, studies, open data."""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse

from tekort.monitor.models import Letter, Status

pytestmark = pytest.mark.django_db


def ids(client, **params):
    return {row["id"] for row in client.get(reverse("monitor:items-json"), params).json()["items"]}


def test_the_list_shows_every_item_in_dutch(client, policy):
    response = client.get(reverse("monitor:items"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Moties en toezeggingen</h1>" in html
    assert "71 items gevonden." in html
    assert reverse("monitor:item", args=["motie-27923-451-peters"]) in html


@pytest.mark.parametrize(
    ("param", "value", "column"),
    [("kind", "toezegging", "kind"), ("theme", "zij-instroom", "theme")],
)
def test_filters_match_the_file(client, policy, csv_rows, param, value, column):
    rows = csv_rows("motions.csv")
    expected = {r["id"] for r in rows if r[column] == value}
    if param == "theme":
        expected |= {r["id"] for r in rows if r["theme_secondary"] == value}
    assert ids(client, **{param: value}) == expected
    assert expected


def test_status_filter_uses_the_latest_status(client, policy, csv_rows):
    expected = {
        r["id"] for r in csv_rows("motions.csv") if r["latest_status_class"] == "niet-uitgevoerd"
    }
    assert (
        ids(client, status="niet-uitgevoerd")
        == expected
        == {
            "motie-36410-viii-60",
            "motie-27923-470",
        }
    )


def test_year_and_submitter_filters(client, policy, csv_rows):
    in_2023 = {
        r["motion_id"] for r in csv_rows("motion_status.csv") if r["letter_date"][:4] == "2023"
    }
    assert ids(client, year=2023) == in_2023
    peters = {r["id"] for r in csv_rows("motions.csv") if "Peters" in r["indieners"]}
    assert ids(client, submitter="Peters") == peters
    assert "motie-27923-451-peters" in ids(client, submitter="Peters", year=2024)
    assert "motie-27923-451-peters" not in ids(client, submitter="Peters", year=2023)


def test_search_finds_words_in_requests_and_status_texts(client, policy):
    # "stille reserve" is in the motion's request; "AVG" only in its status text.
    assert "motie-27923-451-kwint-westerveld" in ids(client, q="stille reserve")
    assert "motie-27923-451-kwint-westerveld" in ids(client, q="AVG")
    assert ids(client, q="meerurenbonus") >= {"tz-202402-161", "motie-36200-viii-90"}
    assert ids(client, q="xyzzyplugh") == set()


def test_search_uses_the_database_full_text_search(client, policy):
    found = ids(client, q="stagevergoedingen")
    if connection.vendor == "postgresql":
        # Dutch stemming: the plural finds "stagevergoeding" in the request and answers.
        assert {"motie-36410-viii-102", "kv-2024-02-16-q20"} <= found
    else:
        # icontains: only texts that contain the word as written.
        assert "motie-36410-viii-102" in found
        assert "kv-2024-02-16-q20" not in found


def test_item_page_quotes_the_request_and_shows_the_timeline(client, policy):
    html = client.get(reverse("monitor:item", args=["tz-202206-077"])).content.decode()
    assert "<blockquote>De Tweede Kamer ontvangt een brief over de instroomnorm voor pabo" in html
    assert "Letterlijk uit" in html
    assert html.index('id="stand-l2022-12"') < html.index('id="stand-l2024-06"')
    assert "toegezegd voor later" in html


def test_item_page_keeps_the_shared_number_visible(client, policy):
    html = client.get(reverse("monitor:item", args=["motie-27923-451-peters"])).content.decode()
    assert "Kanttekeningen bij de bronnen" in html
    assert reverse("monitor:item", args=["motie-27923-451-kwint-westerveld"]) in html
    copied = client.get(reverse("monitor:item", args=["motie-29544-1135"])).content.decode()
    assert "woord voor woord" in copied
    assert reverse("monitor:item", args=["motie-36100-viii-15"]) in copied


def test_item_json_has_statuses_and_flags(client, policy):
    data = client.get(reverse("monitor:item-json", args=["motie-27923-451-peters"])).json()
    assert data["kamerstuk_norm"] == "27923;451"
    assert [s["letter"] for s in data["statuses"]] == ["l2024-06"]
    assert data["flags"] == [{"kind": "shared-number", "other": "motie-27923-451-kwint-westerveld"}]


def test_register_csv_is_the_whole_register(client, policy, csv_rows):
    response = client.get(reverse("monitor:items-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["id"] for r in rows} == {r["id"] for r in csv_rows("motions.csv")}
    by_id = {r["id"]: r for r in rows}
    for source in csv_rows("motions.csv"):
        assert by_id[source["id"]]["laatste_stand"] == source["latest_status_class"]
        assert by_id[source["id"]]["brieven"] == source["letters"]
        assert by_id[source["id"]]["verzoek"] == source["request"]


def test_letter_page_lists_its_items_figures_and_studies(client, policy):
    html = client.get(reverse("monitor:letter", args=["l2024-06"])).content.decode()
    assert "26 juni 2024" in html
    assert reverse("monitor:item", args=["motie-27923-473"]) in html
    data = client.get(reverse("monitor:letter-json", args=["l2024-06"])).json()
    register = Status.objects.filter(letter_id="l2024-06").exclude(item__kind="aankondiging")
    assert len(data["statuses"]) == register.count() == 22
    assert len(data["figures"]) == 40


def test_studies_list_and_downloads(client, policy, csv_rows):
    html = client.get(reverse("monitor:studies")).content.decode()
    assert "Tussenevaluatie Experiment toelatingseisen pabo" in html
    data = client.get(reverse("monitor:studies-json")).json()["studies"]
    assert len(data) == len(csv_rows("studies.csv"))
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("monitor:studies-csv")).content.decode()))
    )
    assert len(rows) == 63


def test_planned_letters_and_drafts_are_not_public(client, policy):
    Letter.objects.create(
        id="l2099-01", date="2099-01-01", date_precision="day", title="Gepland", is_planned=True
    )
    Status.objects.create(
        id="ms-motie-27923-484@l2099-01",
        item_id="motie-27923-484",
        letter_id="l2099-01",
        text="Geheime concepttekst.",
        status_class="afgedaan",
    )
    assert client.get(reverse("monitor:letter", args=["l2099-01"])).status_code == 404
    assert client.get(reverse("monitor:annex", args=["l2099-01"])).status_code == 404
    item = client.get(reverse("monitor:item", args=["motie-27923-484"])).content.decode()
    assert "Geheime concepttekst" not in item
    data = client.get(reverse("monitor:item-json", args=["motie-27923-484"])).json()
    assert data["latest_status"] == "toegezegd-later"
    assert "motie-27923-484" not in ids(client, q="Geheime")
