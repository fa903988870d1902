"""Combining published estimates of separate strata into one (methods.md §2.4).

The raming groups the published sectors so, vso and (v)so into one forecast sector. Their
estimates come from disjoint strata of the same stratified design, so their errors are
independent: the variance of a sum of totals is the sum of their variances, and the variance
of the combined ratio ``R = Σ Y_k / Σ X_k`` (with ``X_k`` treated as known, ``Y_k = R_k X_k``) is
``Σ (X_k / X)² Var(R_k)``. Standard errors are read back from the published symmetric
intervals: ``se = (high - low) / (2 z)`` with ``z`` the normal quantile of the level (the
published t intervals have thousands of degrees of freedom, where t and z agree to 1e-3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist


def z_value(level: float = 0.95) -> float:
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def se_from_interval(low: float, high: float, level: float = 0.95) -> float:
    """The standard error behind a symmetric interval ``[low, high]`` at ``level``."""
    if high < low:
        raise ValueError(f"interval upside down: [{low}, {high}]")
    return (high - low) / (2.0 * z_value(level))


def pooled_total(totals: Sequence[float], ses: Sequence[float]) -> tuple[float, float]:
    """(Σ totals, √Σ se²) of independent strata."""
    if len(totals) != len(ses):
        raise ValueError("one standard error per total")
    return math.fsum(totals), math.sqrt(math.fsum(s * s for s in ses))


def pooled_ratio_se(denominators: Sequence[float], ses: Sequence[float]) -> float:
    """SE of ``Σ R_k X_k / Σ X_k`` from each stratum's ratio SE and its (known) ``X_k``."""
    if len(denominators) != len(ses):
        raise ValueError("one standard error per denominator")
    total = math.fsum(denominators)
    if not total > 0:
        raise ValueError("the denominators must add up to more than zero")
    return math.sqrt(
        math.fsum((x / total) ** 2 * s * s for x, s in zip(denominators, ses, strict=True))
    )
