"""tekort_stats: framework-free statistics core (never imports Django or another tekort core).

The one entry point is :func:`estimate_round`; see ``README.md`` for its input and output columns.

The entry point is imported when first asked for (PEP 562): a module of the core that only
names things (``shortage_cells``, the apps' shared vocabulary) is imported by every process at
start-up, and must not pull in pandas and SciPy with it.
"""

__all__ = ["METHOD_VERSION", "RoundResult", "Settings", "estimate_round"]


def __getattr__(name: str):
    if name in __all__:
        from tekort_stats import estimate

        return getattr(estimate, name)
    raise AttributeError(f"module 'tekort_stats' has no attribute {name!r}")
