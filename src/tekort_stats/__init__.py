"""tekort_stats: framework-free core (never imports Django or another tekort core)."""
