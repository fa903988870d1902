"""The official witte maandtabel (Belastingdienst), read from the shared reference data, against
``monthly_table``: one comparison for both groups of columns ("younger…" below the AOW age,
"older…" past it)."""

import csv
from decimal import Decimal

from tekort_calc.parameters import load
from tekort_calc.wage_tax import monthly_table

EXPECTED_ROWS = {2025: 2395, 2026: 2465}


def mismatches(year: int, data_dir, *, aow: bool) -> tuple[int, list[str]]:
    """(rows read, one line per row whose three amounts differ) for the year's table."""
    path = data_dir / "belastingdienst" / f"witte-maandtabel-{year}.csv"
    columns = "older" if aow else "younger"
    p = load(year)
    count, found = 0, []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            count += 1
            got = monthly_table(Decimal(row["income"]), p, aow=aow)
            expected = (
                Decimal(row[f"{columns}WithoutPayrollTaxCredit"]),
                Decimal(row[f"{columns}WithPayrollTaxCredit"]),
                Decimal(row[f"{columns}DeductedLabourCredit"]),
            )
            actual = (got.without_credits, got.with_credits, got.labour_credit)
            if actual != expected:
                found.append(f"{row['income']}: expected {expected}, got {actual}")
    return count, found


def assert_every_row_matches(year: int, data_dir, *, aow: bool) -> None:
    """Every row of the year's table is read and matches to the cent; the failure lists (up to
    40 of) the rows that differ, all at once."""
    count, found = mismatches(year, data_dir, aow=aow)
    assert count == EXPECTED_ROWS[year], f"{count} rows read, {EXPECTED_ROWS[year]} expected"
    assert not found, f"{len(found)} of {count} rows differ:\n" + "\n".join(found[:40])
