"""Bench: estimate a synthetic national round, with disclosure control on and off.

8,000 locations, 30 breakdowns, 1,000 Rao–Wu–Yue bootstrap replicates, and the two functions
tekort publishes (leraar, schoolleider: issue 24's "both functions"); ``--functions 4`` adds
the synthetic module's other two (intern_begeleider, onderwijsassistent).

1. **Disclosure control on** (the production setting, issue 24): the whole round through
   ``tekort_stats.estimate_round`` — point estimates, linearised SE and t intervals for 7
   measures, bootstrap replicates, response rates, quality classes, the small-area model, R1/R2
   primary suppression on every measure, secondary suppression and the LP audit (HiGHS through
   SciPy, sparse, per independent block, failures found with shared LP completions instead of
   two LPs per cell; the functions protected side by side on the machine's cores). Target:
   <= 10 s.
2. **Disclosure control off**, compared with samplics doing the same estimation work (samplics
   has no disclosure control): the Taylor ratio per domain with strata and fpc, bootstrap
   replicate weights and replicate ratio per domain, for one function and every fifth
   breakdown, extrapolated linearly to 4 functions x 30 breakdowns. Target: <= 1 s and >= 5x.

Run:  .venv/bin/python bench/estimates.py [--breakdowns N] [--functions 2|4] [--skip-samplics]
The disclosure-on run prints its time per stage (strata, bootstrap, linearised estimates,
disclosure control: primary rules / secondary suppression / LP audit, small area, cell table),
summed over the threads that protect the functions side by side (so the stages can add up to
more than the wall-clock time, which is the figure that counts).
The last line is the disclosure-on figure; exit 1 if a target is missed.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import sys
import threading
import time
import warnings
from collections import defaultdict

import numpy as np

import tekort_stats.bootstrap
import tekort_stats.disclosure
import tekort_stats.domains
import tekort_stats.estimate
from tekort_stats import Settings, estimate_round
from tekort_stats.frame import COMPONENTS, function_samples, prepare_frame, prepare_responses
from tekort_stats.strata import build_strata
from tekort_stats.synthetic import FUNCTIONS, respond, synthetic_frame, synthetic_population

TARGET_SECONDS = 1.0
TARGET_SPEEDUP = 5.0
TARGET_DISCLOSURE_SECONDS = 10.0
N_BOOT = 1000

BREAKDOWNS = [
    "sector",
    "g5",
    "schoolweging_band",
    "labour_market_region",
    "onderwijsregio",
    "municipality_code",
    "province",
    "landsdeel",
    "sector:g5",
    "sector:schoolweging_band",
    "g5:schoolweging_band",
    "sector:labour_market_region",
    "sector:onderwijsregio",
    "sector:province",
    "sector:landsdeel",
    "schoolweging_band:labour_market_region",
    "schoolweging_band:onderwijsregio",
    "schoolweging_band:province",
    "schoolweging_band:landsdeel",
    "g5:labour_market_region",
    "g5:onderwijsregio",
    "g5:province",
    "g5:landsdeel",
    "sector:g5:schoolweging_band",
    "sector:schoolweging_band:labour_market_region",
    "sector:schoolweging_band:province",
    "sector:schoolweging_band:landsdeel",
    "sector:municipality_code",
    "schoolweging_band:municipality_code",
    "sector:schoolweging_band:onderwijsregio",
]
assert len(BREAKDOWNS) == 30


PUBLISHED_FUNCTIONS = ("leraar", "schoolleider")


def make_round(seed: int = 2026, functions=PUBLISHED_FUNCTIONS):
    """The synthetic round; the population is drawn for every function of the synthetic module
    (the same draws whatever ``functions`` keeps), then the responses keep ``functions``."""
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(8000, rng)
    population = synthetic_population(frame, rng)
    responses = respond(frame, population, rng)
    return frame, responses[responses["function"].isin(functions)].reset_index(drop=True)


def time_tekort(frame, responses, repeats: int = 3, disclosure=False, breakdowns=BREAKDOWNS):
    settings = Settings(disclosure_control=disclosure)
    best, result = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = estimate_round(
            frame,
            responses,
            breakdowns,
            rng=np.random.default_rng(1),
            n_bootstrap=N_BOOT,
            settings=settings,
        )
        best = min(best, time.perf_counter() - t0)
    return best, result


# (module, name, stage): the functions whose time makes up each stage of estimate_round; a
# nested timed call is counted in its own stage only
STAGES = [
    (tekort_stats.estimate, "build_strata", "strata"),
    (tekort_stats.bootstrap, "replicate_multipliers_t_blocks", "bootstrap"),
    (tekort_stats.estimate, "replicate_weights_t", "bootstrap"),
    (tekort_stats.domains.ReplicateTotals, "__init__", "bootstrap"),
    (tekort_stats.domains.ReplicateTotals, "of", "bootstrap"),
    (tekort_stats.estimate, "linearised_functions", "linearised estimates"),
    (tekort_stats.estimate, "_protect_functions", "disclosure, functions side by side (wall)"),
    (tekort_stats.estimate, "_protect_function", "disclosure: primary rules (R1, R2)"),
    (tekort_stats.disclosure, "secondary_suppression", "disclosure: secondary suppression"),
    (tekort_stats.disclosure, "audit_failures", "disclosure: LP audit"),
    (tekort_stats.estimate, "_small_area", "small area"),
    (tekort_stats.estimate, "cell_table", "cell table"),
]


@contextlib.contextmanager
def stage_timer():
    """Time estimate_round's stages (exclusive: a stage's time leaves out nested stages), per
    thread: the functions' protection runs on several threads at once."""
    spent: dict[str, float] = defaultdict(float)
    spent["(main thread)"] = 0.0
    local = threading.local()
    lock = threading.Lock()

    def enter(stage):
        if not hasattr(local, "stack"):
            local.stack = []
        local.stack.append([stage, time.perf_counter(), 0.0])

    def leave():
        stack = local.stack
        stage, t0, inner = stack.pop()
        elapsed = time.perf_counter() - t0
        with lock:
            spent[stage] += elapsed - inner
            if threading.current_thread() is threading.main_thread():
                spent["(main thread)"] += elapsed - inner
        if stack:
            stack[-1][2] += elapsed

    def wrap(fn, stage):
        if inspect.isgeneratorfunction(fn):

            def gen(*args, **kwargs):
                it = fn(*args, **kwargs)
                while True:
                    enter(stage)
                    try:
                        item = next(it)
                    except StopIteration:
                        return
                    finally:
                        leave()
                    yield item

            return gen

        def timed(*args, **kwargs):
            enter(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                leave()

        return timed

    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in STAGES]
    try:
        for (owner, name, fn), (_, _, stage) in zip(originals, STAGES, strict=True):
            setattr(owner, name, wrap(fn, stage))
        yield spent
    finally:
        for owner, name, fn in originals:
            setattr(owner, name, fn)


def time_samplics(frame, responses, result):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import ReplicateEstimator, TaylorEstimator
        from samplics.utils.types import PopParam, RepMethod, SinglePSUEst
        from samplics.weighting import ReplicateWeight

        # the same data and the same (collapsed) strata as tekort_stats uses
        fr = prepare_frame(frame)
        sample = function_samples(fr, prepare_responses(responses, fr))[0]
        st = build_strata(fr, sample.responding)
        idx = np.flatnonzero(sample.responding)
        merged = fr.iloc[idx].reset_index(drop=True)
        # samplics divides by a domain's point estimate (its CV): keep every domain total > 0
        y = sum(sample.components[c][idx] for c in COMPONENTS) + 1e-9
        f = sample.formatie[idx]
        stratum = st.code[idx]
        # samplics' bootstrap cannot take one-unit strata (complete, zero variance): pool them
        stratum = np.where(st.n_h[stratum] < 2, -1, stratum)
        fpc = {h: (0.0 if h < 0 else 1 - st.n_h[h] / st.N_h[h]) for h in np.unique(stratum)}
        weight = (st.N_h / np.maximum(st.n_h, 1))[st.code[idx]]
        subset = BREAKDOWNS[::5]
        t0 = time.perf_counter()
        rep = ReplicateWeight(RepMethod.bootstrap, strat=True, nb_reps=N_BOOT, rand_seed=1)
        rep_w = rep.replicate(weight, psu=merged["location_id"].to_numpy(), stratum=stratum)
        rep_w = np.asarray(rep_w.iloc[:, -N_BOOT:], dtype=float)
        for bd in subset:
            domain = merged[bd.split(":")].astype(str).agg("|".join, axis=1).to_numpy()
            tay = TaylorEstimator(PopParam.ratio)
            tay.estimate(
                y,
                samp_weight=weight,
                x=f,
                stratum=stratum,
                domain=domain,
                fpc=fpc,
                single_psu=SinglePSUEst.skip,
            )
            boot = ReplicateEstimator(RepMethod.bootstrap, PopParam.ratio)
            boot.estimate(y, samp_weight=weight, rep_weights=rep_w, x=f, domain=domain)
        elapsed = time.perf_counter() - t0
    n_functions = responses.function.nunique()
    return elapsed * n_functions * len(BREAKDOWNS) / len(subset), elapsed, len(subset)


def main() -> int:
    args = sys.argv[1:]
    n_breakdowns = int(args[args.index("--breakdowns") + 1]) if "--breakdowns" in args else 30
    n_functions = int(args[args.index("--functions") + 1]) if "--functions" in args else 2
    breakdowns = BREAKDOWNS[:n_breakdowns]
    functions = PUBLISHED_FUNCTIONS if n_functions == 2 else FUNCTIONS[:n_functions]
    frame, responses = make_round(functions=functions)
    ok = True
    if "--skip-samplics" not in args:
        seconds, result = time_tekort(frame, responses)
        n_cells = len(result.cells)
        print(
            f"disclosure off: tekort_stats {seconds:.3f} s for {len(frame)} locations, "
            f"{responses.function.nunique()} functions, {len(BREAKDOWNS)} breakdowns, "
            f"{N_BOOT} replicates ({n_cells} cell rows)"
        )
        samplics_s, measured, k = time_samplics(frame, responses, result)
        print(
            f"samplics: {measured:.2f} s measured for 1 function x {k} breakdowns; "
            f"{samplics_s:.1f} s extrapolated to the same work"
        )
        speedup = samplics_s / seconds
        ok = seconds <= TARGET_SECONDS and speedup >= TARGET_SPEEDUP
        print(
            f"estimate_round without disclosure control {seconds:.3f} s (target <= "
            f"{TARGET_SECONDS} s), {speedup:.0f}x faster than samplics (target >= "
            f"{TARGET_SPEEDUP:.0f}x): {'OK' if ok else 'MISSED'}"
        )
    with stage_timer() as spent:  # the timers wrap a few thousand calls: microseconds
        seconds, result = time_tekort(
            frame, responses, repeats=1, disclosure=True, breakdowns=breakdowns
        )
    print(
        f"disclosure control ON: time per stage of estimate_round ({seconds:.1f} s wall clock; "
        f"the stages inside the functions' protection are summed over its "
        f"{min(os.cpu_count() or 1, len(functions))} threads)"
    )
    main = spent.pop("(main thread)")
    for stage, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<42} {sec:7.2f} s")
    print(f"  {'other (inputs, partitions, blocks)':<42} {seconds - main:7.2f} s")
    print(f"functions: {', '.join(functions)}; cores: {os.cpu_count()}")
    status = result.cells["disclosure_status"].value_counts().to_dict()
    ok_disclosure = seconds <= TARGET_DISCLOSURE_SECONDS
    print(f"disclosure statuses: {status}; audit passed: {bool(result.audit.audit_passed.all())}")
    print(
        f"estimate_round WITH disclosure control (R1, R2, secondary suppression, LP audit): "
        f"{seconds:.1f} s for {responses.function.nunique()} functions, {len(breakdowns)} "
        f"breakdowns, {N_BOOT} replicates (target <= {TARGET_DISCLOSURE_SECONDS:.0f} s): "
        f"{'OK' if ok_disclosure else 'MISSED'}"
    )
    return 0 if ok and ok_disclosure else 1


if __name__ == "__main__":
    sys.exit(main())
