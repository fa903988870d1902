# ruff: noqa: F811 (the fixtures imported from test_upload_subjects are used as arguments)
"""The upload API's JSON body (issue 20): a board's HR system sends its locations, a vo location
with its subjects; a body of the wrong shape is a 400 with its fields, a refused row a 422 with
its place, a good one is stored with its subjects and its version trail."""

import json

import pytest
from django.urls import reverse

from tekort.submissions import tokens
from tekort.submissions.models import Registration
from tekort.submissions.tests.test_upload_subjects import (  # noqa: F401 (fixtures)
    board_user,
    non_vo,
    vo_board,
    vo_pair,
)

pytestmark = pytest.mark.django_db

TOTALS = {
    "formatie": 20,
    "langdurig_verlof": "1",
    "regulier_openstaand": "1,5",
    "regulier_verborgen": 0.5,
    "vervanging_openstaand": 0.4,
    "vervanging_verborgen": 0,
    "regulier_ONBEVOEGD": 0.5,
}
VAKKEN = [
    {"vak": "NE", "formatie": 4, "regulier_openstaand": 1, "vervanging_openstaand": 0.4},
    {"vak": "WI", "formatie": "3", "regulier_openstaand": 0.5, "regulier_verborgen": "0,5"},
    {"vak": "OV", "formatie": 13},
]


@pytest.fixture
def post(client, vo_board, board_user):
    key = tokens.create(board_user, "HR")
    url = reverse("submissions:api-upload", args=[vo_board.number])

    def send(body, query="?confirm=true&confirm_warnings=true"):
        return client.post(
            f"{url}{query}",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )

    return send


def location(code, **values):
    return {"vestiging": code, **TOTALS, **values}


def test_a_vo_location_with_subjects_is_stored_with_its_trail(post, open_round, vo_pair):
    code = vo_pair[0].code
    answer = post({"vestigingen": [location(code, per_vak="ja", vakken=VAKKEN)]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "done"
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.channel == "api" and registration.subject_answer == "per_vak"
    assert registration.subjects["WI"]["regulier_verborgen"] == "0.50"
    assert set(registration.subjects) == {"NE", "WI", "OV"}
    # Then total only: the change is explicit and in the trail.
    answer = post({"vestigingen": [location(code, per_vak="nee")]})
    assert answer.status_code == 200, answer.content
    registration.refresh_from_db()
    assert registration.subject_answer == "totaal" and registration.subjects == {}
    second = registration.versions.get(number=2)
    assert {"subjects", "subject_answer"} <= set(second.changed_fields)
    assert second.old_values["subjects"]["OV"]["formatie"] == "13.00"


def test_a_preview_without_confirm_stores_nothing(post, open_round, vo_pair):
    answer = post({"vestigingen": [location(vo_pair[0].code, vakken=VAKKEN)]}, query="")
    assert answer.status_code == 200
    (row,) = answer.json()["preview"]
    assert row["values"]["subject_answer"] == "per_vak"
    assert not Registration.objects.filter(round=open_round).exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({}, ["vestigingen"]),
        ({"vestigingen": []}, ["vestigingen"]),
        (
            {"vestigingen": [{"formatie": 1, "regulier_openstaand": 0}]},
            ["vestigingen", 0, "vestiging"],
        ),
        (
            {"vestigingen": [{"vestiging": "X", "formatie": 1}]},
            ["vestigingen", 0, "non_field_errors"],
        ),
        ({"vestigingen": [location("X", per_vak="soms")]}, ["vestigingen", 0, "per_vak"]),
        ({"vestigingen": [location("X", vakken_typo=[])]}, ["vestigingen", 0, "vakken_typo"]),
        ({"vestigingen": [location("X", vakken={"NE": 1})]}, ["vestigingen", 0, "vakken"]),
        (
            {"vestigingen": [location("X", vakken=[{"formatie": 1}])]},
            ["vestigingen", 0, "vakken", 0, "vak"],
        ),
        (
            {"vestigingen": [location("X", vakken=[{"vak": "NE", "fromatie": 1}])]},
            ["vestigingen", 0, "vakken", 0, "fromatie"],
        ),
        ({"vestigingen": [location("X")], "extra": 1}, ["extra"]),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_400_with_its_fields(post, open_round, body, path):
    answer = post(body)
    assert answer.status_code == 400, answer.content
    errors = answer.json()["fields"]
    for step in path:
        errors = errors[str(step)] if isinstance(errors, dict) else errors[step]
    assert errors
    assert not Registration.objects.filter(round=open_round).exists()


def test_not_json_is_a_400(client, open_round, vo_board, board_user):
    key = tokens.create(board_user, "HR")
    answer = client.post(
        reverse("submissions:api-upload", args=[vo_board.number]),
        "{vestigingen",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert answer.status_code == 400 and "JSON" in answer.json()["detail"]


def test_refused_rows_are_a_422_naming_the_location_and_subject(post, open_round, vo_pair, non_vo):
    first, second = (loc.code for loc in vo_pair)
    body = {
        "vestigingen": [
            location(first, vakken=[*VAKKEN[:2], {"vak": "ZZ", "formatie": 13}]),  # unknown
            location(second, vakken=[VAKKEN[0], {**VAKKEN[0]}, {"vak": "OV", "formatie": "x"}]),
            location(non_vo.code, vakken=[{"vak": "NE", "formatie": 20}]),  # not vo
        ]
    }
    answer = post(body)
    assert answer.status_code == 422, answer.content
    places = {(e["sheet"], e["row"], e["column"]) for e in answer.json()["errors"]}
    assert ("vestigingen[1].vakken", 3, "vak") in places
    assert ("vestigingen[2].vakken", 2, "vak") in places  # duplicate
    assert ("vestigingen[2].vakken", 3, "formatie") in places  # not a number
    assert ("vestigingen[3].vakken", 1, "vestiging") in places
    assert not Registration.objects.filter(round=open_round).exists()


def test_subjects_that_do_not_add_up_are_a_422_at_the_locations_figure(post, open_round, vo_pair):
    vakken = [*VAKKEN[:2], {"vak": "OV", "formatie": 12}]
    answer = post({"vestigingen": [location(vo_pair[0].code, vakken=vakken)]})
    assert answer.status_code == 422
    ((error),) = answer.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("vestigingen", 1, "formatie")
    assert "19.00" in error["reason"]


def test_total_only_with_subjects_is_a_422_at_per_vak(post, open_round, vo_pair):
    answer = post({"vestigingen": [location(vo_pair[0].code, per_vak="nee", vakken=VAKKEN)]})
    assert answer.status_code == 422
    assert [(e["sheet"], e["column"]) for e in answer.json()["errors"]] == [
        ("vestigingen", "per_vak")
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"[]",
        b'{"vestigingen": 3}',
        b'{"vestigingen": [1]}',
        b'{"vestigingen": [{"vakken": 5}]}',
    ],
)
def test_a_json_file_of_another_shape_is_refused_never_a_crash(content):
    """The upload page takes any file: one named .json bypasses the API's shape check."""
    from tekort.submissions.upload import reading

    with pytest.raises(reading.Unreadable) as refused:
        reading.read(content, "bestand.json")
    assert refused.value.errors[0].reason
