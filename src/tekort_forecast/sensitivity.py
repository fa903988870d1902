"""One-at-a-time sensitivity of the forecast (the data of a tornado chart).

Each uncertain input is set to a low and a high value while everything else stays at its
central value; the result is the shortage (FTE) ``horizon`` years ahead, summed over the run's
regions and sectors. The ranges are the Monte Carlo's where the vintage has one (elasticity,
exit hazards at ±2 sd, pupil revisions at ±2 sd), else a stated ±25 % (re-entry, zij-instroom
completion) or the spread of the source (entry share 0.69–0.82 over the cohorts 2006–2013).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from types import MappingProxyType

import numpy as np

from tekort_forecast.base import BaseYear
from tekort_forecast.levers import Scenario
from tekort_forecast.model import project
from tekort_forecast.montecarlo import central_draws
from tekort_forecast.parameters import Parameters

__all__ = ["Sensitivity", "tornado"]


@dataclass(frozen=True)
class Sensitivity:
    key: str  # the vintage key (or input) that is varied
    low_label: str  # the value at the low end, as text
    high_label: str
    low: float  # shortage FTE at the horizon with the low value
    high: float
    central: float
    assumption: bool  # is the central value labelled an assumption in the vintage?

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)


Variant = Callable[[BaseYear, Parameters], tuple[BaseYear, Parameters]]


def _scale_exits(factor: float) -> Variant:
    def apply(base, params):
        sectors = {
            code: replace(
                sp, exit_probability=np.minimum(sp.exit_probability * factor, 1 - params.ageing)
            )
            for code, sp in params.sectors.items()
        }
        return base, replace(params, sectors=MappingProxyType(sectors))

    return apply


def _base(**scale: float) -> Variant:
    def apply(base, params):
        return replace(base, **{k: getattr(base, k) * v for k, v in scale.items()}), params

    return apply


def _params(**values) -> Variant:
    def apply(base, params):
        return base, replace(params, **values)

    return apply


def _pupils(sign: float) -> Variant:
    def apply(base, params):
        t = np.arange(base.pupils.shape[2])
        factor = np.exp(sign * 2 * params.pupil_revision_sd * np.sqrt(t))
        return replace(base, pupils=base.pupils * factor), params

    return apply


def _specs(params: Parameters) -> list[tuple[str, str, str, Variant, Variant]]:
    e_low, e_high = params.elasticity_range
    sd2 = 2 * params.exit_lognormal_sd
    pz = params.zij_completion
    return [
        (
            "demand.elasticity",
            f"{e_low:g}",
            f"{e_high:g}",
            _params(elasticity=e_low),
            _params(elasticity=e_high),
        ),
        (
            "sectors.*.exit_probability",
            f"x {np.exp(-sd2):.2f}",
            f"x {np.exp(sd2):.2f}",
            _scale_exits(float(np.exp(-sd2))),
            _scale_exits(float(np.exp(sd2))),
        ),
        (
            "inflow.graduate_entry_share",
            "0.69",
            "0.82",
            _params(graduate_entry_share=0.69),
            _params(graduate_entry_share=0.82),
        ),
        (
            "inflow.reentry_rate",
            "x 0.75",
            "x 1.25",
            _base(re_entrants=0.75),
            _base(re_entrants=1.25),
        ),
        (
            "training.*.intake",
            "x 0.9",
            "x 1.1",
            _base(graduates=0.9),
            _base(graduates=1.1),
        ),
        (
            "inflow.zij_completion",
            f"{pz * 0.75:.2f}",
            f"{min(pz * 1.25, 1.0):.2f}",
            _params(zij_completion=pz * 0.75),
            _params(zij_completion=min(pz * 1.25, 1.0)),
        ),
        ("pupils.*.count", "-2 sd", "+2 sd", _pupils(-1.0), _pupils(1.0)),
    ]


def tornado(
    base: BaseYear,
    params: Parameters,
    scenario: Scenario | None = None,
    *,
    horizon: int,
) -> list[Sensitivity]:
    """Shortage at ``horizon`` for each input at its low and high value, largest swing first."""
    if not 1 <= horizon <= base.horizon:
        raise ValueError(f"horizon must lie in 1..{base.horizon}")

    def shortage(b: BaseYear, p: Parameters) -> float:
        run = project(b, p, scenario, central_draws(p, b.sectors, horizon), horizon)
        return float(run.shortage[:, :, horizon, 0].sum())

    central = shortage(base, params)
    assumptions = set(params.assumptions)
    rows = []
    for key, low_label, high_label, low, high in _specs(params):
        flagged = any(fnmatch(a, key) for a in assumptions)
        rows.append(
            Sensitivity(
                key,
                low_label,
                high_label,
                shortage(*low(base, params)),
                shortage(*high(base, params)),
                central,
                flagged,
            )
        )
    return sorted(rows, key=lambda r: r.swing, reverse=True)
