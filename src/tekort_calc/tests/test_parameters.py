"""The parameter files: every value has a source and a status; placeholders are exposed."""

from decimal import Decimal as D

import pytest

from tekort_calc import Household, calculate
from tekort_calc.parameters import ParameterError, available_years, load


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_value_has_status_and_source_and_numbers_are_exact(year):
    p = load(year)
    assert p.year == year and p.meta["valid_from"] == f"{year}-01-01"
    assert len(p.entries) > 60
    for e in p.entries.values():
        assert e.status in "VCDU" and e.source
        if isinstance(e.value, (int, float)) and not isinstance(e.value, bool):
            pytest.fail(f"{e.key} is a binary float")
    assert p["box1.rate_1"] == D("0.3575" if year == 2026 else "0.3582")


def test_unverified_values_are_exposed_and_reach_the_result():
    p = load(2026)
    keys = {e.key for e in p.unverified()}
    assert {"pension.premium_rate", "pension.franchise"} <= keys
    r = calculate(Household(fte=D(1), monthly_salary_fulltime=D(4000)), 2026)
    assert "pension.franchise" in {e.key for e in r.unverified}
    assert all(e.status == "U" for e in r.unverified)


def test_unknown_year_and_key():
    assert available_years() == [2025, 2026]
    with pytest.raises(ParameterError):
        load(2019)
    with pytest.raises(ParameterError):
        load(2026)["box1.rate_9"]
