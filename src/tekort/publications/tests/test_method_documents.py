"""The technical methodology pages: formulas as MathML, no raw notation, code paths or broken
Markdown (docs/methodology/*.md rendered by documents.py)."""

import re

import pytest

from tekort.publications import documents


@pytest.mark.parametrize("page", documents.methodology_pages(), ids=lambda p: p.slug)
def test_technical_pages_have_no_raw_notation_code_paths_or_broken_markdown(page):
    text = re.sub(r"<math.*?</math>", "", page.html, flags=re.DOTALL)
    assert "$" not in text
    assert "\\hat" not in text and "\\frac" not in text
    assert "src/" not in text and ".py" not in text and "::" not in text
    assert "Tested by" not in text and "Code:" not in text
    assert "*" not in text and "*" not in page.title
    assert not re.search(r"<p>\* ", text)  # a list left as a paragraph


def test_a_formula_becomes_mathml():
    page = documents.methodology_page("estimation-and-intervals")
    assert "<math" in page.html
    assert "<mfrac>" in documents.mathml(r"\frac{a}{b}")
    assert documents.methodology_page("forecast").title == "Forecast (raming) and nowcast"
