"""Every row of the AOW columns of the witte maandtabel 2025 and 2026, to the cent.

The columns "older…" are the wage tax for someone past the AOW age born in 1946 or later:
schijf 1 without the AOW premium, the AHK and AK "vanaf de AOW-leeftijd" and the
ouderenkorting. The table is the independent check of the ``*_aow`` and ``ouderenkorting``
sections of the parameter files (issue 19).
"""

from decimal import Decimal

import pytest

from tekort_calc.parameters import load
from tekort_calc.tests import official_wage_tax_table
from tekort_calc.wage_tax import monthly_table


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_row_of_the_aow_columns_matches_to_the_cent(year, shared_data_dir):
    official_wage_tax_table.assert_every_row_matches(year, shared_data_dir, aow=True)


@pytest.mark.parametrize(
    ("year", "wage", "without", "with_credits", "labour"),
    [
        # the row €4,500.00 of the official 2026 table, and a wage in the same €4.50 band
        (2026, "4500.00", "1051.42", "700.08", "213.92"),
        (2026, "4503.99", "1051.42", "700.08", "213.92"),
    ],
)
def test_aow_rows_by_hand(year, wage, without, with_credits, labour):
    got = monthly_table(Decimal(wage), load(year), aow=True)
    assert (got.without_credits, got.with_credits, got.labour_credit) == (
        Decimal(without),
        Decimal(with_credits),
        Decimal(labour),
    )


def test_the_aow_columns_differ_from_the_under_aow_columns():
    p = load(2026)
    under = monthly_table(Decimal("4500.00"), p)
    past = monthly_table(Decimal("4500.00"), p, aow=True)
    assert (under.with_credits, past.with_credits) == (Decimal("1073.00"), Decimal("700.08"))
