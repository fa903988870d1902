"""tekort_calc: framework-free core (never imports Django or another tekort core)."""
