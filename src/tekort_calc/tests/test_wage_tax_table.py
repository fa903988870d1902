"""Every row of the official witte maandtabel 2025 and 2026 (below AOW age), to the cent.

The CSV files are read from the shared reference data at test time (never copied into the
repository). One test per year iterates all rows and reports every mismatch at once.
"""

from decimal import Decimal

import pytest

from tekort_calc.parameters import load
from tekort_calc.tests import official_wage_tax_table
from tekort_calc.wage_tax import monthly_table


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_row_of_the_witte_maandtabel_matches_to_the_cent(year, shared_data_dir):
    official_wage_tax_table.assert_every_row_matches(year, shared_data_dir, aow=False)


@pytest.mark.parametrize(
    ("year", "wage", "without", "with_credits"),
    [
        # calculator.md §7.1, worked by hand there: 2026 row €4,000.50
        (2026, "4000.50", "1443.83", "820.92"),
        (2025, "4000.50", "1446.08", "854.08"),
        # a wage between two rows uses the lower row (€4,003.99 is in the €4,000.50 band)
        (2026, "4003.99", "1443.83", "820.92"),
        (2026, "8001.00", "3121.42", "2921.17"),
    ],
)
def test_brief_examples_and_band_lookup(year, wage, without, with_credits):
    got = monthly_table(Decimal(wage), load(year))
    assert got.without_credits == Decimal(without)
    assert got.with_credits == Decimal(with_credits)
