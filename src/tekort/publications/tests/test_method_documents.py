"""The technical methodology pages: in Dutch for the public (docs/methodology/nl/), beside the
English developer documentation (docs/methodology/); formulas as MathML, no raw notation, code
paths or broken Markdown in either (rendered by documents.py)."""

import re

import pytest

from tekort.publications import documents

PAGES = [
    pytest.param(page, id=f"{lang}-{page.slug}")
    for lang in documents.LANGUAGES
    for page in documents.methodology_pages(lang)
]
# English words that do not occur in Dutch prose (as test_dutch_everywhere's KNOWN_ENGLISH)
ENGLISH = re.compile(
    r"\b([Tt]he|[Aa]nd|[Ww]ith|[Ww]hich|[Tt]his|[Ss]hould|[Ss]hortage|[Ff]orecast)\b"
)


@pytest.mark.parametrize("page", PAGES)
def test_technical_pages_have_no_raw_notation_code_paths_or_broken_markdown(page):
    text = re.sub(r"<math.*?</math>", "", page.html, flags=re.DOTALL)
    assert "$" not in text
    assert "\\hat" not in text and "\\frac" not in text
    assert "src/" not in text and ".py" not in text and "::" not in text
    assert "Tested by" not in text and "Code:" not in text
    assert "*" not in text and "*" not in page.title
    assert not re.search(r"<p>\* ", text)  # a list left as a paragraph


def test_every_method_has_a_dutch_page_for_the_public():
    english = {p.slug for p in documents.methodology_pages("en")}
    dutch = {p.slug for p in documents.methodology_pages("nl")}
    assert english == dutch and len(dutch) >= 9


@pytest.mark.parametrize("page", documents.methodology_pages("nl"), ids=lambda p: p.slug)
def test_the_public_pages_are_dutch(page):
    text = re.sub(r"<math.*?</math>|<code>.*?</code>", "", page.html, flags=re.DOTALL)
    assert not ENGLISH.findall(text), ENGLISH.findall(text)
    assert not ENGLISH.search(page.title)


def test_a_formula_becomes_mathml():
    page = documents.methodology_page("estimation-and-intervals")
    assert "<math" in page.html
    assert "<mfrac>" in documents.mathml(r"\frac{a}{b}")
    assert documents.methodology_page("forecast").title == "Raming en nowcast"
    english = documents.methodology_page("forecast", lang="en")
    assert english.title == "Forecast (raming) and nowcast"
    assert "<math" in documents.methodology_page("forecast").html  # the Dutch page's equations
