"""The number filters of the publication templates: Dutch numbers, nothing for an absent value."""

from django.template import Context, Template


def render(text: str, **context) -> str:
    return Template("{% load publications_format %}" + text).render(Context(context))


def test_numbers_are_dutch_and_rounded_half_up():
    assert render("{{ v|pct }}", v=57.65) == "57,7%"
    assert render("{{ v|whole }}", v=57.5) == "58"
    assert render("{{ v|num:2 }}", v=0.125) == "0,13"


def test_an_absent_value_shows_nothing_instead_of_failing():
    # a record frozen before a key existed: the template gets '' for the missing key
    row = {"response_rate": 58}
    assert render("{{ row.response_rate_formatie|whole }}", row=row) == ""
    assert render("{{ v|pct }}{{ v|num:1 }}{{ v|whole }}", v=None) == ""
    text = "{% if row.response_rate_formatie|whole %}{{ row.response_rate_formatie|whole }}%{% endif %}"
    assert render(text, row=row) == ""
    assert render(text, row={"response_rate_formatie": 44.6}) == "45%"
