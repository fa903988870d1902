"""Draws of the uncertain parameters (methods §4.6), one row per Monte Carlo draw.

* elasticity of the pupil/teacher ratio: epsilon ~ U(low, high);
* graduate entry share: pi_G ~ Beta(pi_G k, (1 - pi_G) k) around the vintage's mean
  (fixed when the concentration k is 0 or the mean is 0 or 1);
* exit hazards: all q_a scaled by one lognormal factor exp(sd z), median 1;
* pupil projections: a log random walk with yearly sd from the Referentieraming's revision
  history, independent per sector and shared by all regions (revisions are national).

The draws are shared by every region (national parameter uncertainty), so regional bands
are correlated, as they should be when summing regions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tekort_forecast.parameters import Parameters

__all__ = ["Draws", "central_draws", "draw_parameters"]


@dataclass(frozen=True)
class Draws:
    """Parameter values per draw (N draws; the central run is N = 1)."""

    elasticity: np.ndarray  # (N,)
    graduate_entry_share: np.ndarray  # (N,)
    exit_factor: np.ndarray  # (N,)
    pupil_log_deviation: np.ndarray  # (S, N, T), column 0 is 0

    @property
    def n(self) -> int:
        return int(self.elasticity.shape[0])


def central_draws(params: Parameters, sectors: Sequence[str], years: int) -> Draws:
    """The central run: every parameter at its central value, pupils as projected."""
    return Draws(
        elasticity=np.array([params.elasticity]),
        graduate_entry_share=np.array([params.graduate_entry_share]),
        exit_factor=np.ones(1),
        pupil_log_deviation=np.zeros((len(sectors), 1, years + 1)),
    )


def draw_parameters(
    params: Parameters,
    sectors: Sequence[str],
    years: int,
    draws: int,
    rng: np.random.Generator,
) -> Draws:
    """``draws`` Monte Carlo draws, vectorised (the order of the rng calls is fixed)."""
    low, high = params.elasticity_range
    elasticity = rng.uniform(low, high, draws)
    mean, k = params.graduate_entry_share, params.graduate_entry_concentration
    if k > 0 and 0 < mean < 1:
        entry = rng.beta(mean * k, (1 - mean) * k, draws)
    else:
        entry = np.full(draws, mean)
    exit_factor = np.exp(params.exit_lognormal_sd * rng.standard_normal(draws))
    steps = params.pupil_revision_sd * rng.standard_normal((len(sectors), draws, years))
    walk = np.concatenate([np.zeros((len(sectors), draws, 1)), np.cumsum(steps, axis=2)], axis=2)
    return Draws(elasticity, entry, exit_factor, walk)
