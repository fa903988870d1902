"""Schoolweging bands: the one definition, used by the location pages and by the estimator.

A location's band is low / middle / high by the national tertiles of the CBS schoolweging of the
bao locations (methods.md §2.1); a location without a CBS value (none, or a demo value) is in band
"none" (shown as "unknown", as in the published tables). `tertile_cut_points` is the rule,
`national_cut_points` applies it to the register, `band` / `bands` place one value or a whole
column.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Sum
from django.utils.translation import gettext_lazy as _

from tekort.registry.models import Location, Sector

LOW, MIDDLE, HIGH, NONE = "low", "middle", "high", "none"
LABELS = {LOW: _("low"), MIDDLE: _("middle"), HIGH: _("high"), NONE: _("unknown")}
CACHE_SECONDS = 24 * 3600  # the key changes with the values, so an entry is never stale


@dataclass(frozen=True)
class CutPoints:
    """Values below `low` are low, below `high` middle, the rest high (NaN: no bao values)."""

    low: float
    high: float


def tertile_cut_points(reference) -> CutPoints:
    """The 1/3 and 2/3 quantiles (numpy's default, linear) of the reference CBS values."""
    values = np.asarray(reference, dtype=float)
    if not len(values):
        return CutPoints(np.nan, np.nan)
    low, high = np.quantile(values, [1 / 3, 2 / 3])
    return CutPoints(float(low), float(high))


def bands(values, is_cbs, cuts: CutPoints) -> np.ndarray:
    """The band of each value; 'none' where `is_cbs` is false."""
    values = np.asarray(values, dtype=float)
    band = np.where(values < cuts.low, LOW, np.where(values < cuts.high, MIDDLE, HIGH))
    return np.where(np.asarray(is_cbs, dtype=bool), band, NONE)


def band(value, is_cbs: bool, cuts: CutPoints) -> str:
    """The band of one value (a Decimal, a float or None)."""
    if value is None or not is_cbs:
        return NONE
    return str(bands([value], [True], cuts)[0])


def location_band(location: Location, cuts: CutPoints) -> str:
    return band(location.schoolweging, not location.schoolweging_is_demo, cuts)


def _cbs_bao_values() -> list:
    return list(
        Location.objects.filter(
            sector=Sector.BAO, schoolweging__isnull=False, schoolweging_is_demo=False
        ).values_list("schoolweging", flat=True)
    )


def _values_version() -> str:
    """A fingerprint of the bao CBS values (count, sum, sum of squares, extremes): it changes
    when the values change, in every process at once, for the price of one aggregate query."""
    summary = (
        Location.objects.filter(
            sector=Sector.BAO, schoolweging__isnull=False, schoolweging_is_demo=False
        )
        .annotate(square=F("schoolweging") * F("schoolweging"))
        .aggregate(
            n=Count("pk"),
            total=Sum("schoolweging"),
            squares=Sum("square"),
            low=Min("schoolweging"),
            high=Max("schoolweging"),
        )
    )
    return hashlib.sha256(repr(sorted(summary.items())).encode()).hexdigest()[:16]


def national_cut_points() -> CutPoints:
    """The tertiles of the register's bao CBS values, kept in the shared cache under a key that
    changes with those values: no process holds cut points of an older register."""
    key = f"registry:schoolweging-cuts:{_values_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = tertile_cut_points(_cbs_bao_values())
        cache.set(key, cached, CACHE_SECONDS)
    return cached
