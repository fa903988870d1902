"""Policy levers as a typed, frozen scenario that round-trips through URL query parameters.

Each field's ``metadata`` holds its documentation (how the lever enters the equations of
``docs/methodology/scenarios.md``), its unit and its allowed range; validation and the query
serialisation are driven by that metadata, so a new lever is one new field.

All defaults are neutral: ``Scenario()`` reproduces the baseline exactly (bit for bit).
Levers act from projection year ``start`` (1 = the first year after the base year) onward;
the base year is always the measured registration.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlencode

__all__ = ["Scenario", "ScenarioError", "LEVER_DOCS"]


class ScenarioError(ValueError):
    """A lever value is refused; ``field`` names the lever."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


def _lever(default: float | int, low: float, high: float, unit: str, doc: str) -> Any:
    return field(default=default, metadata={"low": low, "high": high, "unit": unit, "doc": doc})


@dataclass(frozen=True)
class Scenario:
    """A set of policy levers (all neutral by default)."""

    more_hours_share: float = _lever(
        0.0,
        0.0,
        1.0,
        "fraction",
        "Share m of part-timers (persons with FTE <= 0.8, share pi_pt,a per age band) who work "
        "more. Supply gains dS_t = sum_a H_a,t pi_pt,a m min(d, 1 - phi_a) (methods §4.5).",
    )
    more_hours_fte: float = _lever(
        0.2,
        0.0,
        1.0,
        "FTE per person",
        "How much more each of them works, d in FTE (0.2 = one day a week); capped per band "
        "at 1 - phi_a. Has no effect while more_hours_share is 0.",
    )
    zij_instroom_extra: int = _lever(
        0,
        0,
        1_000_000,
        "persons per year",
        "Extra zij-instromers starting each year, over all regions and sectors of the run, "
        "allocated to region x sector in proportion to baseline zij-instroom; entrants are "
        "dZ pi_Z z_a (completion pi_Z, age distribution z).",
    )
    zij_instroom_budget_eur: float = _lever(
        0.0,
        0.0,
        1e10,
        "euro per year",
        "Extra zij-instroom subsidy budget per year; converts to dZ = budget / cost per "
        "zij-instromer (EUR 25,000 in the 2025 vintage) and adds to zij_instroom_extra.",
    )
    pabo_intake_change: float = _lever(
        0.0,
        -1.0,
        5.0,
        "relative change",
        "Relative change x in pabo (teacher training) intake from year start; graduates change "
        "from start + lag (lag 4 years in the 2025 vintage): G'_t = G_t (1 + x).",
    )
    pabo_completion_change: float = _lever(
        0.0,
        -1.0,
        1.0,
        "fraction (absolute)",
        "Absolute change dc in the completion rate c of the extra and existing intake, "
        "from start + lag: G'_t = G_t (1 + x)(c + dc)/c; c + dc must stay within [0, 1].",
    )
    retention_change: float = _lever(
        0.0,
        -1.0,
        1.0,
        "fraction",
        "Retention improvement rho: exit probabilities q_a of ages below retention_max_age "
        "become q_a (1 - rho f_a), f_a the share of band a below that age (ages spread evenly "
        "within a band). Negative values model worse retention.",
    )
    retention_max_age: int = _lever(
        30,
        18,
        75,
        "years",
        "Ages below which the retention change applies (30: starters).",
    )
    re_entry_change: float = _lever(
        0.0,
        -1.0,
        10.0,
        "relative change",
        "Relative change in re-entrants from the stille reserve: E'_t = E_t (1 + y).",
    )
    teaching_time_cut: float = _lever(
        0.0,
        0.0,
        0.5,
        "fraction",
        "Relative cut dh in pupils' instruction time (e.g. 40-minute lessons); demand "
        "multiplier M_t = 1 - kappa_s dh, kappa_s the share of a full-time task that scales "
        "with contact time (po 930 x 1.35 / 1659 = 0.7568).",
    )
    pupil_teacher_ratio_change: float = _lever(
        0.0,
        -0.5,
        1.0,
        "relative change",
        "Relative change r in pupils per teacher FTE (larger classes > 0); demand "
        "D_t = P_t / (LLR_t (1 + r)) M_t.",
    )
    other_professionals_share: float = _lever(
        0.0,
        0.0,
        1.0,
        "fraction",
        "Share s of po classes where other professionals (regeling andere dag- en "
        "weekindeling) take over part of the instruction time; po sectors only. Demand "
        "multiplier M_t = 1 - kappa_s s h / 110, h the hours a month (other_professionals_hours; "
        "22 hours a month is one day a week of about 110 hours, letter 000). Evidence: SEO and "
        "Oberon evaluation of the G5 regeling (2024, letter 001): most school leaders report "
        "less shortage and fewer pupils sent home; the effect on teacher demand is not measured.",
    )
    other_professionals_hours: float = _lever(
        22.0,
        0.0,
        22.0,
        "hours per month",
        "Hours a month the other professionals teach per class (at most 22 under the "
        "regeling). Has no effect while other_professionals_share is 0.",
    )
    statushouders_extra: int = _lever(
        0,
        0,
        100_000,
        "persons per year",
        "Extra statushouders (and Ukrainian displaced teachers) trained towards the classroom "
        "each year (Subsidieregeling statushouders, EUR 1 m -> 2.5 m a year in 2025-2026, "
        "letter 001), over all regions and sectors of the run, allocated like zij-instroom; "
        "entrants are n pi_Z z_a (the zij-instromers' completion and ages: an assumption).",
    )
    invalpool_share: float = _lever(
        0.0,
        0.0,
        1.0,
        "fraction",
        "Share p of the substitution part of the shortage that regional invalpools fill "
        "(motie invalpools, letter 000): U'_t = U_t (1 - p v) for U_t > 0, v the substitution "
        "share of the shortage (vintage: 0.31, po 2021-2022). A pool reallocates teachers "
        "already counted in the stock; it adds no persons.",
    )
    start: int = _lever(
        1,
        1,
        50,
        "years after the base year",
        "First projection year in which the levers act (1 = the year after the base year).",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            integer = f.type in ("int", int)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ScenarioError(f.name, f"must be a number, got {value!r}")
            if integer and not isinstance(value, int):
                raise ScenarioError(f.name, f"must be a whole number, got {value!r}")
            if not math.isfinite(value):
                raise ScenarioError(f.name, f"must be finite, got {value!r}")
            low, high = f.metadata["low"], f.metadata["high"]
            if not low <= value <= high:
                raise ScenarioError(
                    f.name, f"must lie between {low:g} and {high:g} ({f.metadata['unit']})"
                )
            if not integer:
                object.__setattr__(self, f.name, float(value))

    @property
    def is_baseline(self) -> bool:
        """True when every lever is neutral (the run equals the baseline)."""
        return all(getattr(self, f.name) == 0 for f in fields(self) if f.name in _EFFECT_FIELDS)

    def to_query(self) -> dict[str, str]:
        """The non-default levers as a flat ``{name: text}`` dict (exact round-trip)."""
        query = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                query[f.name] = str(value) if isinstance(value, int) else repr(float(value))
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, str | list[str]]) -> Scenario:
        """Parse a query dict (values as text, or one-item lists as from ``parse_qs``)."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, float | int] = {}
        for name, raw in query.items():
            if name not in known:
                raise ScenarioError(name, "is not a lever")
            if isinstance(raw, list | tuple):
                if len(raw) != 1:
                    raise ScenarioError(name, "given more than once")
                raw = raw[0]
            text = str(raw).strip()
            try:
                if known[name].type in ("int", int):
                    values[name] = int(text)
                else:
                    values[name] = float(text)
            except ValueError:
                raise ScenarioError(name, f"is not a number: {raw!r}") from None
        return cls(**values)

    @property
    def id(self) -> str:
        """A stable identifier: ``baseline`` or the sorted, URL-encoded query."""
        query = self.to_query()
        return urlencode(sorted(query.items())) if query else "baseline"

    @classmethod
    def describe(cls) -> dict[str, dict[str, Any]]:
        """Per lever: default, range, unit and how it enters the equations (for pages)."""
        return {
            f.name: {
                "default": f.default,
                "low": f.metadata["low"],
                "high": f.metadata["high"],
                "unit": f.metadata["unit"],
                "doc": f.metadata["doc"],
            }
            for f in fields(cls)
        }


# Levers whose non-zero value changes the result (the others only qualify them).
_EFFECT_FIELDS = frozenset(
    {
        "more_hours_share",
        "zij_instroom_extra",
        "zij_instroom_budget_eur",
        "pabo_intake_change",
        "pabo_completion_change",
        "retention_change",
        "re_entry_change",
        "teaching_time_cut",
        "pupil_teacher_ratio_change",
        "other_professionals_share",
        "statushouders_extra",
        "invalpool_share",
    }
)

LEVER_DOCS = Scenario.describe()
