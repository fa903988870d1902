"""A page and its .json twin come from one view and one dict; a twin's error is JSON too."""

import json

import pytest
from django.test import RequestFactory, override_settings

from tekort.page_twins import is_twin, json_answer, json_error, page_or_twin

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                ("django.template.loaders.locmem.Loader", {"twin.html": "<p>{{ name }}</p>"})
            ]
        },
    }
]

DATA = {"name": "Súdwest-Fryslân", "percentage": 7.5}


def answer(path, **kwargs):
    request = RequestFactory().get(path)
    return page_or_twin(request, "twin.html", DATA, DATA, **kwargs)


@override_settings(TEMPLATES=TEMPLATES)
def test_the_page_and_its_twin_show_the_same_dict():
    page = answer("/gemeente/1900/")
    twin = answer("/gemeente/1900.json")
    assert page["Content-Type"].startswith("text/html")
    assert page.content.decode() == "<p>Súdwest-Fryslân</p>"
    assert twin["Content-Type"] == "application/json"
    assert json.loads(twin.content) == DATA


def test_the_twin_is_utf8_not_escaped():
    twin = answer("/gemeente/1900.json")
    assert "Súdwest-Fryslân".encode() in twin.content
    assert b"\\u" not in twin.content


def test_only_the_form_asked_for_is_computed():
    request = RequestFactory().get("/x.json")

    def page_context():
        raise AssertionError("the page's context is not needed for the twin")

    response = page_or_twin(request, "twin.html", page_context, lambda: {"a": 1})
    assert json.loads(response.content) == {"a": 1}


@override_settings(TEMPLATES=TEMPLATES)
def test_a_status_holds_for_both_forms():
    assert answer("/x/", status=400).status_code == 400
    assert answer("/x.json", status=400).status_code == 400


def test_is_twin_by_the_path():
    factory = RequestFactory()
    assert is_twin(factory.get("/moties.json"))
    assert not is_twin(factory.get("/moties/"))
    assert not is_twin(factory.get("/moties.csv"))


def test_json_answer_can_indent_and_set_a_status():
    response = json_answer({"a": "é"}, status=201, indent=2)
    assert response.status_code == 201
    assert response.content.decode() == '{\n  "a": "é"\n}'


def test_json_error_forms():
    one = json_error("Geen ronde", status=404, demo=False)
    assert one.status_code == 404
    assert json.loads(one.content) == {"error": "Geen ronde", "demo": False}
    many = json_error(errors={"jaar": ["Ongeldig"]}, status=400)
    assert many.status_code == 400
    assert json.loads(many.content) == {"errors": {"jaar": ["Ongeldig"]}}
    with pytest.raises(ValueError):
        json_error(status=400)
    with pytest.raises(ValueError):
        json_error("x", errors={}, status=400)
