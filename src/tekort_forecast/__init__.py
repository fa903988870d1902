"""tekort_forecast: framework-free core (never imports Django or another tekort core).

The raming: a cohort-component stock–flow model of teacher supply and demand per region x
sector x year, anchored on the measured registration, with policy levers, Monte Carlo bands,
a nowcast and a back-test. Entry point: :func:`run_forecast`. See README.md in this folder.
"""

from tekort_forecast.base import BaseYear, BaseYearError
from tekort_forecast.forecast import QUANTILE_LEVELS, ForecastResult, run_forecast
from tekort_forecast.levers import Scenario, ScenarioError
from tekort_forecast.parameters import ParameterError, Parameters, load_parameters

__all__ = [
    "QUANTILE_LEVELS",
    "BaseYear",
    "BaseYearError",
    "ForecastResult",
    "ParameterError",
    "Parameters",
    "Scenario",
    "ScenarioError",
    "load_parameters",
    "run_forecast",
]
