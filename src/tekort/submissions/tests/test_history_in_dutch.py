"""Versions and receipts read in Dutch (issue 16): labels, not field names; no raw dict; "34,13"."""

from django.template import Context, Template
from django.utils import translation

from tekort.submissions.templatetags.submissions_extras import field_label, nl_fte, version_value


def test_fte_is_written_with_a_decimal_comma():
    assert nl_fte("34.13") == "34,13"
    assert nl_fte("-0.50") == "-0,50"
    assert nl_fte("12") == "12"
    assert nl_fte("een opmerking. Met punt") == "een opmerking. Met punt"
    assert nl_fte(None) == ""


def test_field_names_become_dutch_labels():
    with translation.override("nl"):
        assert field_label("regulier_openstaand") == "Regulier, openstaand (fte)"
        assert field_label("hidden_measures") == "Verborgen fte per noodmaatregel"


def test_the_hidden_measures_are_a_sentence_not_a_dict():
    values = {"hidden_measures": {"regulier": {"ONBEVOEGD": "1.50", "INHUUR": "0.25"}}}
    with translation.override("nl"):
        text = version_value(values, "hidden_measures")
        empty = version_value({"hidden_measures": {}}, "hidden_measures")
    assert "{" not in text and "ONBEVOEGD" not in text
    assert text.startswith("Regulier, verborgen (fte): ")
    assert "0,25" in text and "1,50" in text
    assert empty == "—"


def test_a_change_line_reads_as_dutch():
    version = type(
        "V", (), {"old_values": {"formatie": "34.13"}, "new_values": {"formatie": "35.00"}}
    )()
    template = Template('{% include "submissions/change.html" %}')
    with translation.override("nl"):
        line = template.render(Context({"version": version, "name": "formatie"})).strip()
    assert line == "Formatie (fte): 34,13 → 35,00"
