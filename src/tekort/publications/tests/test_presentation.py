"""What a published cell shows (issue 24, part 4): half-up everywhere, the response by formatie,
``k`` for a shortage that rounds to 0 FTE, model-based rows with their own class and symbols."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tekort.charts.numbers import nl_number
from tekort.dashboards.tables import Column, as_json, display, plain
from tekort.publications.models import ReleaseCell
from tekort.publications.presentation import public_cell


def cell(**kw):
    values = {
        "function": "leraar",
        "breakdown": "sector",
        "domain": "sector=bao",  # a label without the database
        "measure": "tekort",
        "is_model_based": False,
        "rate": 0.0613,
        "ci_low": 0.041,
        "ci_high": 0.0816,
        "se_rate": 0.01,
        "fte": 23.7,
        "ci_fte_low": 15.2,
        "ci_fte_high": 32.4,
        "n_responding": 12,
        "n_frame": 21,
        "response_rate": 12 / 21,  # 57.14 %
        "response_rate_formatie": 0.576,
        "quality_class": "A",
        "symbol": "",
        "method_id": "separate-ratio/linearised-fpc/t-interval",
    }
    values.update(kw)
    return ReleaseCell(**values)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_numbers_are_rounded_half_up_not_cut_off():
    # Django's number_format cuts decimals: 57.6 -> "57", 12.25 -> "12,2"
    assert nl_number(57.6, 0) == "58"
    assert nl_number(57.5, 0) == "58"
    assert nl_number(12.25, 1) == "12,3"
    assert nl_number(0.05, 1) == "0,1"
    assert nl_number(1234.5, 0) == "1.235"


def test_response_by_count_and_by_formatie_are_whole_percentages():
    row = public_cell(cell(), provisional=False)
    assert row["response_rate"] == 57 and isinstance(row["response_rate"], int)
    assert row["response_rate_formatie"] == 58 and isinstance(row["response_rate_formatie"], int)
    html = render_to_string("publications/_cell_table.html", {"rows": [row], "caption": "t"})
    assert "57% (12/21)" in html
    assert "58%" in html
    assert "Respons (formatie)" in html


def test_a_positive_shortage_that_rounds_to_0_fte_is_k_not_0():
    row = public_cell(
        cell(rate=0.004, fte=2.4, ci_fte_low=0.3, ci_fte_high=2.45), provisional=False
    )
    assert row["fte"] is None and row["fte_symbol"] == "k" and "k" in row["flags"]
    assert (row["fte_ci_low"], row["fte_ci_high"]) == (None, None)  # not "(0-0)"
    wide = public_cell(
        cell(rate=0.004, fte=2.4, ci_fte_low=-1.0, ci_fte_high=8.0), provisional=False
    )
    assert (wide["fte_ci_low"], wide["fte_ci_high"]) == (0, 10)
    html = render_to_string("publications/_cell_table.html", {"rows": [row], "caption": "t"})
    assert "[k]" in html
    # a true zero stays 0 and is no k
    zero = public_cell(cell(rate=0.0, fte=0.0, ci_fte_low=0.0, ci_fte_high=0.0), provisional=False)
    assert zero["fte"] == 0 and zero["fte_symbol"] is None and "k" not in zero["flags"]
    # 2.5 rounds half up to 5: no k
    assert public_cell(cell(fte=2.5), provisional=False)["fte"] == 5


def test_a_model_based_row_has_its_own_class_and_symbols():
    model_kw = {
        "is_model_based": True,
        "quality_class": "F",  # the direct estimate's class, as older releases stored it
        "se_rate": 0.03,  # RMSE 3 pp: class E
        "fte": None,
        "ci_fte_low": None,
        "ci_fte_high": None,
        "symbol": "e",
        "method_id": "fay-herriot/reml/prasad-rao-mse/benchmarked",
    }
    row = public_cell(cell(**model_kw), provisional=False)
    assert row["quality_class"] == "E"
    assert row["flags"] == ["e", "u"]
    assert row["fte_symbol"] == "z"
    html = render_to_string("publications/_cell_table.html", {"rows": [row], "caption": "t"})
    assert "[z]" in html and "[x]" not in html
    precise = public_cell(cell(**{**model_kw, "se_rate": 0.01}), provisional=False)
    assert precise["quality_class"] == "A" and precise["flags"] == ["e"]


def test_a_direct_fte_of_class_f_is_x():
    row = public_cell(cell(fte=None, ci_fte_low=None, ci_fte_high=None), provisional=False)
    assert row["fte_symbol"] == "x"


def test_signed_in_tables_round_half_up_too():
    pct = Column("response_rate", "Respons %", 0)
    assert display(57.6, pct) == "58"
    assert plain(57.5, pct) == "58"
    assert as_json(57.6, pct) == 58 and isinstance(as_json(57.6, pct), int)
    one = Column("rate", "%", 1)
    assert display(12.25, one) == "12,3" and plain(12.25, one) == "12.3"
    assert as_json(12.25, one) == 12.3  # round() would give 12.2
