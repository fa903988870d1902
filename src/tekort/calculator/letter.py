"""The letter's worked example (Kamerbrief "Moties Voltijd/meerurenbonus", spoor 3): a po teacher
going from three to five days, about €3,000 to €5,000 gross a month, who "probably" keeps
between €800 and €1,200 net a month. Modelled as in tekort_calc's test_letter_example: a single
po teacher at the top of LB with a full-time salary of €5,000, 0.6 → 1.0 FTE, no dated cao rise;
the same change for every preset shows why the answers "lopen uiteen"."""

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from tekort.calculator.forms import default_year
from tekort.calculator.outcome import Outcome, compute
from tekort_calc import PRESETS, Household, preset

FTE_FROM, FTE_TO = Decimal("0.6"), Decimal("1.0")
SALARY = Decimal(5000)
LETTER_LOW, LETTER_HIGH = Decimal(800), Decimal(1200)
HOUSEHOLD = Household(
    fte=FTE_FROM,
    monthly_salary_fulltime=SALARY,
    sector="po",
    top_of_scale=True,
    apply_cao_rises=False,
)


def year() -> int:
    """The current year (``forms.default_year``), as everywhere a link has no year."""
    return int(default_year())


@lru_cache(maxsize=4)
def worked_case(year: int) -> Outcome:
    return compute(HOUSEHOLD, FTE_TO, year)


@lru_cache(maxsize=4)
def spread(year: int) -> list[tuple[str, str, Outcome]]:
    """(preset key, label, outcome) of the same change for every preset household."""
    return [
        (
            key,
            p.label,
            compute(
                replace(preset(key, FTE_FROM, SALARY), top_of_scale=True, apply_cao_rises=False),
                FTE_TO,
                year,
            ),
        )
        for key, p in PRESETS.items()
    ]
