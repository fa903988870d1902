"""The letter's worked example (Kamerbrief 'Moties Voltijd/meerurenbonus', spoor 3):

"Een leraar in het po die van drie naar vijf dagen gaat werken, gaat bruto gemiddeld van zo'n
€ 3.000 naar € 5.000 per maand … De meeste leraren houden daar waarschijnlijk tussen de € 800
en € 1.200 netto per maand aan over."

Modelled as a single po teacher at the top of LB with a full-time salary of €5,000 a month
(the letter's round figure; no dated cao rise applied), 0.6 → 1.0 FTE, in 2026.

Computed (2026 parameters, ABP premium and franchise still unverified placeholders):
* regular monthly payslip net: €2,497.40 → €3,515.76, a gain of €1,018.36 a month
  (checked below against the official witte maandtabel, read from the shared data);
* settled yearly position incl. holiday pay, year-end bonus and zorgtoeslag: €2,805.08 →
  €3,919.25 a month averaged over the year, a gain of €1,114.18 a month (€13,370.12 a year,
  €20.15 per extra hour, 47.9% of the extra gross kept);
* both inside the letter's €800–€1,200. Households with toeslagen or childcare keep much less
  (see test_households_explain_the_spread).
"""

import csv
from decimal import ROUND_FLOOR
from decimal import Decimal as D

import pytest

from tekort_calc import Household, calculate, compare, preset

LETTER = Household(
    fte=D("0.6"),
    monthly_salary_fulltime=D(5000),
    sector="po",
    top_of_scale=True,
    apply_cao_rises=False,
)


def _official_table(shared_data_dir, year):
    path = shared_data_dir / "belastingdienst" / f"witte-maandtabel-{year}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {D(r["income"]): D(r["youngerWithPayrollTaxCredit"]) for r in csv.DictReader(fh)}


def _payslip_net_by_hand(table, fte):
    # ABP employee premium (placeholder parameters of 2026.toml): 24.7% × 30% = 7.41% of
    # fte × (12 × 5,000 × 1.1633 − 17,545), per month; the rest through the official table.
    premium_month = (D("0.0741") * fte * (D(60000) * D("1.1633") - D(17545)) / 12).quantize(
        D("0.01")
    )
    gross = D(5000) * fte
    wage = gross - premium_month
    row = (wage / D("4.5")).to_integral_value(rounding=ROUND_FLOOR) * D("4.5")
    return gross - premium_month - table[row]


def test_letter_example_payslip_gain_matches_the_official_table(shared_data_dir):
    table = _official_table(shared_data_dir, 2026)
    before, after = calculate(LETTER, 2026), calculate(LETTER.with_fte(D(1)), 2026)
    assert (before.payslip.gross, after.payslip.gross) == (D(3000), D(5000))
    assert before.payslip.net == _payslip_net_by_hand(table, D("0.6"))
    assert after.payslip.net == _payslip_net_by_hand(table, D(1))
    gain = compare(before, after).payslip_gain
    assert D(800) <= gain <= D(1200)


def test_letter_example_yearly_gain_is_inside_the_letters_range():
    c = compare(calculate(LETTER, 2026), calculate(LETTER.with_fte(D(1)), 2026))
    assert D(800) <= c.gain_per_month <= D(1200)
    # the extra 0.4 FTE is 0.4 × 1,659 = 663.6 hours a year
    assert c.extra_hours == D("663.6")
    assert c.net_per_extra_hour == (c.gain / D("663.6")).quantize(D("0.01"))
    # the gross rise is €2,000 a month plus 16.33% holiday pay and year-end bonus
    assert c.gross_change == D(2000) * 12 * D("1.1633")
    # a single teacher at this income keeps a bit under half of the extra gross
    assert D("0.40") < c.kept_fraction < D("0.55")


@pytest.mark.parametrize("year", [2025, 2026])
def test_households_explain_the_spread(year):
    """The letter's 'waarschijnlijk': toeslagen and childcare cut the gain well below €800."""
    gains = {}
    for key in ("alleenstaand", "stel_jonge_kinderen", "alleenstaande_ouder"):
        c = compare(calculate(preset(key, "0.6"), year), calculate(preset(key, "1.0"), year))
        gains[key] = c.gain_per_month
    assert D(800) <= gains["alleenstaand"] <= D(1200)
    assert gains["stel_jonge_kinderen"] < D(800)
    assert gains["alleenstaande_ouder"] < D(800)
