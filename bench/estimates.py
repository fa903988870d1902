"""Bench: estimate a synthetic national round and compare with samplics doing the same work.

8,000 locations, 4 functions, 30 breakdowns, 1,000 Rao–Wu–Yue bootstrap replicates. Timed: the
estimation (point estimates, linearised SE and t intervals for 7 measures, bootstrap replicates
of the total rate with recalibration, response rates, quality classes, small-area model) through
``tekort_stats.estimate_round`` with disclosure control switched off, because samplics has no
disclosure control. samplics is timed on the same work (Taylor ratio per domain with strata and
fpc, bootstrap replicate weights and replicate ratio per domain) for one function and every
fifth breakdown, and extrapolated linearly to 4 functions x 30 breakdowns (it would take minutes).

Run:  .venv/bin/python bench/estimates.py
Target: <= 1 s and >= 5x faster than samplics; the last line is the figure; exit 1 if missed.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from tekort_stats import Settings, estimate_round
from tekort_stats.frame import COMPONENTS
from tekort_stats.synthetic import respond, synthetic_frame, synthetic_population

TARGET_SECONDS = 1.0
TARGET_SPEEDUP = 5.0
N_BOOT = 1000

BREAKDOWNS = [
    "sector", "g5", "schoolweging_band", "labour_market_region", "onderwijsregio",
    "municipality_code", "province", "landsdeel", "sector:g5", "sector:schoolweging_band",
    "g5:schoolweging_band", "sector:labour_market_region", "sector:onderwijsregio",
    "sector:province", "sector:landsdeel", "schoolweging_band:labour_market_region",
    "schoolweging_band:onderwijsregio", "schoolweging_band:province", "schoolweging_band:landsdeel",
    "g5:labour_market_region", "g5:onderwijsregio", "g5:province", "g5:landsdeel",
    "sector:g5:schoolweging_band", "sector:schoolweging_band:labour_market_region",
    "sector:schoolweging_band:province", "sector:schoolweging_band:landsdeel",
    "sector:municipality_code", "schoolweging_band:municipality_code",
    "sector:schoolweging_band:onderwijsregio",
]
assert len(BREAKDOWNS) == 30


def make_round(seed: int = 2026):
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(8000, rng)
    population = synthetic_population(frame, rng)
    return frame, respond(frame, population, rng)


def time_tekort(frame, responses, repeats: int = 3):
    settings = Settings(disclosure_control=False)
    best, result = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = estimate_round(frame, responses, BREAKDOWNS, rng=np.random.default_rng(1),
                                n_bootstrap=N_BOOT, settings=settings)
        best = min(best, time.perf_counter() - t0)
    return best, result


def time_samplics(frame, responses, result):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import ReplicateEstimator, TaylorEstimator
        from samplics.utils.types import PopParam, RepMethod
        from samplics.weighting import ReplicateWeight

        fn = sorted(responses.function.unique())[0]
        resp = responses[responses.function == fn].sort_values("location_id")
        merged = resp.merge(frame, on="location_id", how="left")
        y = merged[list(COMPONENTS)].sum(axis=1).to_numpy()
        f = merged["formatie_fte"].to_numpy()
        stratum = (merged["sector"] + "|" + merged["labour_market_region"] + "|"
                   + merged["schoolweging_band"].astype(str)).to_numpy()
        sizes = frame.assign(stratum=frame["sector"] + "|" + frame["labour_market_region"] + "|"
                             + frame["schoolweging_band"].astype(str)).groupby("stratum").size()
        n_h = merged.groupby(stratum).size()
        fpc = {h: 1 - n_h[h] / sizes[h] for h in n_h.index}
        weight = np.array([sizes[h] / n_h[h] for h in stratum])
        subset = BREAKDOWNS[::5]
        t0 = time.perf_counter()
        rep = ReplicateWeight(RepMethod.bootstrap, stratification=True, number_reps=N_BOOT,
                              random_seed=1)
        rep_w = rep.replicate(weight, psu=merged["location_id"].to_numpy(), stratum=stratum)
        rep_w = np.asarray(rep_w.iloc[:, -N_BOOT:] if hasattr(rep_w, "iloc") else rep_w)[:, -N_BOOT:]
        for bd in subset:
            domain = merged[bd.split(":")].astype(str).agg("|".join, axis=1).to_numpy()
            tay = TaylorEstimator(PopParam.ratio)
            tay.estimate(y, samp_weight=weight, x=f, stratum=stratum, domain=domain, fpc=fpc,
                         single_psu="skip" if False else None or tay and __import__(
                             "samplics.utils.types", fromlist=["SinglePSUEst"]).SinglePSUEst.skip)
            boot = ReplicateEstimator(RepMethod.bootstrap, PopParam.ratio)
            boot.estimate(y, samp_weight=weight, rep_weights=rep_w, x=f, domain=domain)
        elapsed = time.perf_counter() - t0
    n_functions = responses.function.nunique()
    return elapsed * n_functions * len(BREAKDOWNS) / len(subset), elapsed, len(subset)


def main() -> int:
    frame, responses = make_round()
    seconds, result = time_tekort(frame, responses)
    n_cells = len(result.cells)
    print(f"tekort_stats: {seconds:.3f} s for {len(frame)} locations, "
          f"{responses.function.nunique()} functions, {len(BREAKDOWNS)} breakdowns, "
          f"{N_BOOT} replicates ({n_cells} cell rows)")
    samplics_s, measured, k = time_samplics(frame, responses, result)
    print(f"samplics: {measured:.2f} s measured for 1 function x {k} breakdowns; "
          f"{samplics_s:.1f} s extrapolated to the same work")
    speedup = samplics_s / seconds
    ok = seconds <= TARGET_SECONDS and speedup >= TARGET_SPEEDUP
    print(f"estimate_round {seconds:.3f} s (target <= {TARGET_SECONDS} s), "
          f"{speedup:.0f}x faster than samplics (target >= {TARGET_SPEEDUP:.0f}x): "
          f"{'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
