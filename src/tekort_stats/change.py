"""Change between two peildata: the difference of a rate with a paired bootstrap (methods.md
§2.4 end, §2.5).

Both rounds are estimated on one frame with the estimator of ``estimate_round``: per round its
own strata (``build_strata`` on that round's respondents, the collapse rules as published) and
calibrated separate-ratio weights, so each round's rate is the rate ``estimate_round`` gives on
this frame. The interval of the difference comes from a Rao–Wu–Yue bootstrap in which **both
rounds use the same resampled location ids**: per replicate, within draw groups (the strata
``build_strata`` forms on the locations that answered in either round), ``n_g - 1`` locations
are drawn with replacement from the group's respondents of either round; a location's draw count
``r_i`` enters both rounds. Round ``t`` rescales it with its own finite-population correction,

    a_i = 1 - lambda_t + lambda_t * n_g / (n_g - 1) * r_i,
    lambda_t = sqrt(1 - n_t/N_g) * sqrt(n_t (n_g - 1) / ((n_t - 1) n_g)),

(``n_t`` the group's respondents in round ``t``, ``n_g`` those of either round), then recomputes
its calibration within its own strata. The second factor makes each round's bootstrap variance
equal to its own linearised variance ``(1 - n_t/N) n_t/(n_t - 1) sum u^2`` (a location that did
not answer in round ``t`` contributes zero to that round); when every location answered both
times it is 1 and this is the bootstrap of §2.5 exactly. Locations that answered both times make
the replicate estimates of the two rounds move together, so their covariance is subtracted from
the variance of the difference; with identical answers every replicate difference is 0.

The difference is ``later - earlier`` in percentage points with its bootstrap SE and t interval
(design degrees of freedom: respondents of either round minus draw groups), and a verdict:
"gestegen" when the interval lies above 0, "gedaald" below 0, else "geen aantoonbare
verandering". Framework-free; randomness only from the ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tekort_stats import bootstrap, ratio
from tekort_stats import frame as frame_mod
from tekort_stats.domains import NATIONAL, ReplicateTotals, partitions, replicate_weights_t
from tekort_stats.strata import build_strata
from tekort_stats.variance import design_df, t_interval

UP = "gestegen"
DOWN = "gedaald"
NO_CHANGE = "geen aantoonbare verandering"
REPLICATE_BLOCK = 64

COLUMNS = (
    "breakdown",
    "domain",
    "rate_earlier_pct",
    "rate_later_pct",
    "difference_pp",
    "se_pp",
    "ci_low_pp",
    "ci_high_pp",
    "se_unpaired_pp",
    "n_earlier",
    "n_later",
    "n_both",
    "verdict",
)


@dataclass(frozen=True)
class _RoundSample:
    index: np.ndarray  # frame positions of the respondents (sorted)
    stratum: np.ndarray  # the round's estimator stratum per respondent
    X_h: np.ndarray
    x: np.ndarray  # frame formatie (calibration auxiliary) per respondent
    w: np.ndarray  # calibrated weights
    y: np.ndarray  # shortage FTE of the measure
    f: np.ndarray  # formatie


@dataclass(frozen=True)
class ChangeResult:
    cells: pd.DataFrame  # one row per breakdown x domain (COLUMNS)
    n_bootstrap: int
    n_both: int  # locations that answered in both rounds (nationally)
    df: int  # degrees of freedom of the t interval


def verdict(ci_low, ci_high) -> str:
    """The plain statement of an interval of a difference."""
    if ci_low is None or ci_high is None or np.isnan(ci_low) or np.isnan(ci_high):
        return ""
    if ci_low > 0:
        return UP
    if ci_high < 0:
        return DOWN
    return NO_CHANGE


def _round_sample(fr, responses, function, measure) -> _RoundSample | None:
    known = responses[responses["location_id"].isin(fr["location_id"])]
    known = known[known["function"].astype(str) == function]
    resp = frame_mod.prepare_responses(known, fr)
    samples = frame_mod.function_samples(fr, resp)
    if not samples:
        return None
    fs = samples[0]
    st = build_strata(fr, fs.responding)
    idx = np.flatnonzero(fs.responding)
    x = fr["formation_fte"].to_numpy()[idx]
    stratum = st.code[idx]
    y = sum(fs.components[c][idx] for c in frame_mod.MEASURES[measure])
    return _RoundSample(
        idx, stratum, st.X_h, x, ratio.ratio_weights(stratum, x, st.X_h), y, fs.formatie[idx]
    )


def _rates(sample: _RoundSample, code: np.ndarray, k: int) -> np.ndarray:
    dom = code[sample.index]
    wy = np.bincount(dom, weights=sample.w * sample.y, minlength=k)
    wf = np.bincount(dom, weights=sample.w * sample.f, minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(wf > 0, wy / wf, np.nan)


def paired_lambdas(n_t, n_g, N_g) -> np.ndarray:
    """lambda_t per draw group (0 where round t has fewer than 2 respondents or is complete)."""
    n_t = np.asarray(n_t, dtype=float)
    n_g = np.asarray(n_g, dtype=float)
    N_g = np.asarray(N_g, dtype=float)
    ok = (n_t >= 2) & (n_g >= 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.sqrt(np.clip(1.0 - n_t / N_g, 0, None)) * np.sqrt(
            n_t * (n_g - 1.0) / ((n_t - 1.0) * n_g)
        )
    return np.where(ok, lam, 0.0)


def compare_rounds(
    frame: pd.DataFrame,
    earlier: pd.DataFrame,
    later: pd.DataFrame,
    breakdowns: Sequence[str],
    *,
    rng: np.random.Generator,
    n_bootstrap: int = 1000,
    function: str = "leraar",
    measure: str = "tekort",
    level: float = 0.95,
) -> ChangeResult:
    """The difference later - earlier of ``measure``'s rate of ``function`` in every domain of
    ``breakdowns`` (plus the nation), with the paired bootstrap interval and its verdict.

    ``frame`` is the one frame of both rounds (columns of README.md); ``earlier`` and ``later``
    are the two rounds' responses (RESPONSE_COLUMNS). Responses of locations outside the frame
    (closed since) are left out."""
    fr = frame_mod.prepare_frame(frame)
    rounds = [_round_sample(fr, r, function, measure) for r in (earlier, later)]
    specs = [NATIONAL] + sorted({b for b in breakdowns if b != NATIONAL})
    parts = partitions(fr, specs)
    rows = []
    if any(r is None for r in rounds):
        return ChangeResult(pd.DataFrame(columns=list(COLUMNS)), n_bootstrap, 0, 1)
    e, la = rounds
    either = np.zeros(len(fr), dtype=bool)
    either[e.index] = True
    either[la.index] = True
    both = np.zeros(len(fr), dtype=bool)
    both[np.intersect1d(e.index, la.index)] = True
    groups = build_strata(fr, either)
    union = np.flatnonzero(either)
    g_union = groups.code[union]
    n_g = groups.n_h
    scale = np.where(n_g >= 2, n_g / np.maximum(n_g - 1.0, 1.0), 0.0)
    reps = []  # per round, per partition: (k x B) replicate rates
    plans, lambdas, positions = [], [], []
    for r in rounds:
        n_t = np.bincount(groups.code[r.index], minlength=len(n_g))
        lambdas.append(paired_lambdas(n_t, n_g, groups.N_h))
        positions.append(np.searchsorted(union, r.index))
        plans.append(ReplicateTotals(r.index, parts, np.column_stack([r.y, r.f])))
        reps.append([np.empty((len(p.keys), n_bootstrap)) for p in parts])
    for start in range(0, n_bootstrap, REPLICATE_BLOCK):
        b = min(REPLICATE_BLOCK, n_bootstrap - start)
        counts = bootstrap.draw_counts(g_union, n_g, b, rng)  # (b x n_union): shared ids
        for r, lam, pos, plan, out in zip(rounds, lambdas, positions, plans, reps, strict=True):
            g = groups.code[r.index]
            a_t = (1.0 - lam[g])[:, None] + (lam * scale)[g][:, None] * counts[:, pos].T
            w_t = replicate_weights_t(a_t, r.stratum, r.x, r.X_h)
            for o, tot in zip(out, plan.of(w_t), strict=True):
                with np.errstate(divide="ignore", invalid="ignore"):
                    o[:, start : start + b] = tot[:, 0, :] / tot[:, 1, :]
    df = design_df(union.size, int(np.count_nonzero(n_g)))
    for pi, part in enumerate(parts):
        k = len(part.keys)
        r_e, r_l = (_rates(r, part.code, k) for r in rounds)
        diff = r_l - r_e
        if n_bootstrap > 0:
            d_reps = reps[1][pi] - reps[0][pi]
            # replicates are columns here; bootstrap_variance takes them as rows
            se = np.sqrt(bootstrap.bootstrap_variance(d_reps.T, diff))
            se_e = np.sqrt(bootstrap.bootstrap_variance(reps[0][pi].T, r_e))
            se_l = np.sqrt(bootstrap.bootstrap_variance(reps[1][pi].T, r_l))
            se_unpaired = np.sqrt(se_e**2 + se_l**2)
        else:
            se = se_unpaired = np.full(k, np.nan)
        lo, hi = t_interval(diff, se, df, level)
        counts_of = [np.bincount(part.code[r.index], minlength=k) for r in rounds]
        n_both = np.bincount(part.code[both], minlength=k)
        for j, key in enumerate(part.keys):
            rows.append(
                (
                    part.breakdown,
                    key,
                    100.0 * r_e[j],
                    100.0 * r_l[j],
                    100.0 * diff[j],
                    100.0 * se[j],
                    100.0 * lo[j],
                    100.0 * hi[j],
                    100.0 * se_unpaired[j],
                    int(counts_of[0][j]),
                    int(counts_of[1][j]),
                    int(n_both[j]),
                    verdict(lo[j], hi[j]),
                )
            )
    cells = pd.DataFrame(rows, columns=list(COLUMNS))
    return ChangeResult(cells, n_bootstrap, int(both.sum()), df)
