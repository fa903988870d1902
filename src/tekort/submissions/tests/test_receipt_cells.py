"""The receipt's rows of the four cells: the one labels, in the cells' order, with their shares."""

from decimal import Decimal as D
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def test_receipt_rows_of_the_four_cells():
    registration = SimpleNamespace(
        formatie=D("10.00"),
        regulier_openstaand=D("1.00"),
        regulier_verborgen=D("0.50"),
        vervanging_openstaand=D("0.25"),
        vervanging_verborgen=D("0"),
        shortage=D("1.75"),
    )
    values = {
        "regulier_openstaand": "1.00",
        "regulier_verborgen": "0.50",
        "vervanging_openstaand": "0.25",
        "vervanging_verborgen": "0.00",
    }
    with translation.override("nl"):
        html = render_to_string(
            "submissions/receipt_cells.html",
            {"data": {"values": values, "shortage_fte": "1.75"}, "registration": registration},
        )
    rows = [line.strip() for line in html.splitlines() if line.strip().startswith("<tr>")]
    assert rows == [
        '<tr><th scope="row">Regulier, openstaand (fte)</th><td class="num">1,00</td>'
        '<td class="num">10,0%</td></tr>',
        '<tr><th scope="row">Regulier, verborgen (fte)</th><td class="num">0,50</td>'
        '<td class="num">5,0%</td></tr>',
        '<tr><th scope="row">Vervanging, openstaand (fte)</th><td class="num">0,25</td>'
        '<td class="num">2,5%</td></tr>',
        '<tr><th scope="row">Vervanging, verborgen (fte)</th><td class="num">0,00</td>'
        '<td class="num">0,0%</td></tr>',
        '<tr><th scope="row">Tekort in totaal</th><td class="num">1,75</td>'
        '<td class="num">17,5%</td></tr>',
    ]
