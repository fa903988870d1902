"""tekort_calc: the more-hours calculator core (framework-free; never imports Django or
another tekort core).

    from tekort_calc import Household, calculate, compare, curve
    before = calculate(Household(fte=Decimal("0.6"), monthly_salary_fulltime=Decimal(5000)), 2026)
    after = calculate(before.household.with_fte(Decimal("1.0")), 2026)
    compare(before, after).gain_per_month
"""

from .bonus import bonus_kept
from .calculation import calculate
from .comparison import Comparison, compare
from .curve import Curve, curve
from .household import Bonus, Child, FieldError, Household, ValidationError
from .parameters import available_years
from .parameters import load as load_parameters
from .presets import PRESETS, preset
from .result import Component, Result

__all__ = [
    "PRESETS",
    "Bonus",
    "Child",
    "Comparison",
    "Component",
    "Curve",
    "FieldError",
    "Household",
    "Result",
    "ValidationError",
    "available_years",
    "bonus_kept",
    "calculate",
    "compare",
    "curve",
    "load_parameters",
    "preset",
]
