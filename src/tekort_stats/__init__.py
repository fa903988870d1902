"""tekort_stats: framework-free statistics core (never imports Django or another tekort core).

The one entry point is :func:`estimate_round`; see ``README.md`` for its input and output columns.
"""

from tekort_stats.estimate import METHOD_VERSION, RoundResult, Settings, estimate_round

__all__ = ["METHOD_VERSION", "RoundResult", "Settings", "estimate_round"]
