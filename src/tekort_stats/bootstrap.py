"""Rao–Wu–Yue rescaling bootstrap (Rao & Wu 1988; Rao, Wu & Yue 1992; methods.md §2.5).

Per replicate and stratum with ``n_h >= 2``: draw ``m_h = n_h - 1`` respondents with replacement;
with ``r_hi`` the draw counts and ``lambda_h = sqrt(m_h (1 - phi_h)/(n_h - 1))`` the weight
multiplier is ``a_hi = 1 - lambda_h + lambda_h (n_h/m_h) r_hi``. Strata with ``n_h < 2`` keep
``a = 1``. Randomness comes only from the ``numpy.random.Generator`` passed in; there is no
global seed. Everything is vectorised: one uniform draw matrix, one ``bincount``.
"""

from __future__ import annotations

import numpy as np


def rescaling_lambda(n_h, N_h) -> np.ndarray:
    n_h = np.asarray(n_h, dtype=float)
    m_h = n_h - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.sqrt(
            np.clip(m_h * (1.0 - n_h / np.asarray(N_h, dtype=float)), 0, None) / (n_h - 1.0)
        )
    return np.where(n_h >= 2, lam, 0.0)


def multipliers_from_counts(counts, stratum, n_h, N_h) -> np.ndarray:
    """a_hi from draw counts r_hi (any leading replicate dimensions)."""
    n_h = np.asarray(n_h, dtype=float)
    lam = rescaling_lambda(n_h, N_h)[stratum]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_h >= 2, n_h / (n_h - 1.0), 0.0)[stratum]
    return 1.0 - lam + lam * scale * np.asarray(counts, dtype=float)


def draw_counts(stratum, n_h, n_replicates: int, rng: np.random.Generator) -> np.ndarray:
    """Draw counts r (n_replicates x n): m_h = n_h - 1 draws with replacement within each stratum."""
    return _Draws(stratum, n_h).counts(n_replicates, rng)


class _Draws:
    """The draw layout of ``draw_counts``: which stratum each of the sum(m_h) slots draws from."""

    def __init__(self, stratum, n_h):
        stratum = np.asarray(stratum)
        self.n = stratum.size
        self.n_h = np.asarray(n_h, dtype=np.int64)
        self.order = np.argsort(stratum, kind="stable").astype(np.int32)
        self.starts = np.concatenate([[0], np.cumsum(self.n_h)[:-1]])
        m_h = np.where(self.n_h >= 2, self.n_h - 1, 0)
        self.slot_stratum = np.repeat(np.arange(self.n_h.size), m_h)

    def counts(self, n_replicates: int, rng: np.random.Generator) -> np.ndarray:
        n, slot_stratum = self.n, self.slot_stratum
        if n_replicates * n >= 2**31:
            raise ValueError("too many replicates x respondents for one draw matrix")
        u = rng.random((n_replicates, slot_stratum.size))
        u *= self.n_h[slot_stratum]
        np.floor(u, out=u)
        pos = u.astype(np.int32)
        pos += self.starts[slot_stratum].astype(np.int32)
        target = self.order[pos]
        target += (np.arange(n_replicates, dtype=np.int32) * n)[:, None]
        return np.bincount(target.ravel(), minlength=n_replicates * n).reshape(n_replicates, n)


def replicate_multipliers(stratum, n_h, N_h, n_replicates: int, rng: np.random.Generator):
    """The (n_replicates x n) matrix of Rao–Wu–Yue weight multipliers."""
    return replicate_multipliers_t(stratum, n_h, N_h, n_replicates, rng).T


def replicate_multipliers_t(stratum, n_h, N_h, n_replicates: int, rng: np.random.Generator):
    """The same multipliers stored location-major: a contiguous (n x n_replicates) array."""
    counts = draw_counts(stratum, n_h, n_replicates, rng)
    return _multipliers_t(counts, stratum, n_h, N_h)


def replicate_multipliers_t_blocks(
    stratum, n_h, N_h, n_replicates: int, rng: np.random.Generator, block: int
):
    """``replicate_multipliers_t`` in blocks of ``block`` replicates (the last may be smaller).

    ``Generator.random`` fills its output from the stream in order, so drawing the uniforms
    block by block takes the same numbers as one draw of them all: the blocks, side by side,
    are bit-identical to ``replicate_multipliers_t``. Each block stays in cache while used."""
    draws = _Draws(stratum, n_h)
    for start in range(0, n_replicates, block):
        counts = draws.counts(min(block, n_replicates - start), rng)
        yield _multipliers_t(counts, stratum, n_h, N_h)


def _multipliers_t(counts, stratum, n_h, N_h):
    n_replicates = counts.shape[0]
    n_h = np.asarray(n_h, dtype=float)
    lam = rescaling_lambda(n_h, N_h)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_h >= 2, n_h / (n_h - 1.0), 0.0)
    out = np.empty((counts.shape[1], n_replicates))
    np.multiply(counts.T, (lam * scale)[stratum][:, None], out=out)
    out += (1.0 - lam)[stratum][:, None]
    return out


def bootstrap_variance(replicates, estimate) -> np.ndarray:
    """V_boot = mean_b (theta*_b - theta)^2 (about the full-sample estimate)."""
    return np.mean((np.asarray(replicates) - np.asarray(estimate)) ** 2, axis=0)


def percentile_interval(replicates, level: float = 0.95):
    alpha = (1.0 - level) / 2.0
    return np.quantile(replicates, [alpha, 1.0 - alpha], axis=0)
