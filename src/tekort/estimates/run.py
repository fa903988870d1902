"""The one write path of estimates: compute a round with tekort_stats and store every cell, and
every onderwijsregio's tables of the region view from the same registrations
(``estimates.region_tables``), in one transaction."""

import hashlib
from collections.abc import Callable

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

import tekort_stats
from tekort.estimates.frames import build_inputs, build_school_leader_inputs, fingerprint
from tekort.estimates.models import EstimateCell, EstimateRegionTables, EstimateRun
from tekort.estimates.region_tables import region_tables_for, registrations_from
from tekort.submissions.models import Round

DEFAULT_BREAKDOWNS = (
    "sector",
    "g5",
    "schoolweging_band",
    "sector:g5",
    "sector:schoolweging_band",
    "province",
    "labour_market_region",
    "onderwijsregio",
    "onderwijsregio:sector",
    "municipality_code",
)
# School leaders are registered per board and estimated on a frame of boards (estimates/frames.py):
# for the nation, the board's main sector and its onderwijsregio (boards are its members).
SCHOOL_LEADER_BREAKDOWNS = ("sector", "onderwijsregio")
DEFAULT_SEED = 20231001
DEFAULT_BOOTSTRAP = 1000
CELL_FIELDS = [
    f.name for f in EstimateCell._meta.fields if f.name not in {"id", "run", "is_model_based"}
]

Progress = Callable[[str], None]


def compute(round_: Round, *, seed: int, n_bootstrap: int, breakdowns=DEFAULT_BREAKDOWNS):
    """The core's results for a round (teachers on the location frame, school leaders on the board
    frame), the inputs, and the fingerprint of exactly what went in."""
    frame, responses = build_inputs(round_)
    boards, leaders = build_school_leader_inputs(round_, frame)
    digest = fingerprint(
        frame,
        responses,
        boards,
        leaders,
        seed=seed,
        n_bootstrap=n_bootstrap,
        breakdowns=tuple(breakdowns),
    )
    results = [
        tekort_stats.estimate_round(
            frame,
            responses,
            list(breakdowns),
            rng=np.random.default_rng(seed),
            n_bootstrap=n_bootstrap,
        )
    ]
    if len(leaders):
        results.append(
            tekort_stats.estimate_round(
                boards,
                leaders,
                [b for b in SCHOOL_LEADER_BREAKDOWNS if b in breakdowns],
                rng=np.random.default_rng([seed, 1]),  # its own stream, reproducible
                n_bootstrap=n_bootstrap,
            )
        )
    return frame, responses, digest, results


def cells_frame(*results) -> pd.DataFrame:
    """Direct cells and the model-based (Fay–Herriot) municipality rates of every result in one
    stored table.

    A model-based cell takes its counts, quality and disclosure status from the direct cell of the
    same domain (disclosure rules apply to it alike); its interval is rate ± z·RMSE.
    """
    tables = [table for result in results for table in _result_tables(result)]
    cells = pd.concat(tables, ignore_index=True)
    return cells[[*CELL_FIELDS, "is_model_based"]]


def _result_tables(result) -> list[pd.DataFrame]:
    direct = result.cells.assign(is_model_based=False)
    tables = [direct]
    sae = result.small_area
    if sae is not None and len(sae):
        key = ["function", "domain"]
        same = direct[direct["measure"] == "tekort"].drop(
            columns=[
                "rate",
                "se_rate",
                "ci_low",
                "ci_high",
                "symbol",
                "method_id",
                "method_version",
            ]
        )
        z = 1.959963984540054
        model = sae.rename(columns={"model_rate": "rate", "model_rmse_rate": "se_rate"})[
            [*key, "rate", "se_rate", "symbol", "method_id", "method_version"]
        ].merge(same, on=key, how="left")
        model["ci_low"] = model["rate"] - z * model["se_rate"]
        model["ci_high"] = model["rate"] + z * model["se_rate"]
        model["fte"] = model["se_fte"] = model["ci_fte_low"] = model["ci_fte_high"] = None
        model["boot_se_rate"] = model["boot_ci_low"] = model["boot_ci_high"] = None
        model["is_model_based"] = True
        tables.append(model)
    return tables


def results_digest(cells: pd.DataFrame) -> str:
    ordered = cells.sort_values(["function", "breakdown", "domain", "measure", "is_model_based"])
    return hashlib.sha256(ordered.to_csv(index=False, float_format="%.17g").encode()).hexdigest()


def run_estimates(
    round_: Round,
    *,
    seed: int = DEFAULT_SEED,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    breakdowns=DEFAULT_BREAKDOWNS,
    user=None,
    progress: Progress | None = None,
    task_id: str = "",
) -> EstimateRun:
    run = EstimateRun.objects.create(
        task_id=task_id,
        round=round_,
        method_version=tekort_stats.METHOD_VERSION,
        seed=seed,
        n_bootstrap=n_bootstrap,
        breakdowns=list(breakdowns),
        created_by=user if user and user.is_authenticated else None,
        progress="frame en registraties lezen",
    )

    def say(message: str) -> None:
        EstimateRun.objects.filter(pk=run.pk).update(progress=message)
        if progress:
            progress(message)

    try:
        say("frame en registraties lezen")
        frame, responses, digest, results = compute(
            round_, seed=seed, n_bootstrap=n_bootstrap, breakdowns=breakdowns
        )
        say(f"{len(responses)} van {len(frame)} vestigingen geschat; regiotabellen berekenen")
        # the region view's tables from the registrations just read for the estimates
        regions = region_tables_for(run, registrations_from(responses))
        say(f"regiotabellen van {len(regions)} onderwijsregio's berekend; cellen opslaan")
        cells = cells_frame(*results)
        with transaction.atomic():
            EstimateRegionTables.objects.bulk_create(regions)
            EstimateCell.objects.bulk_create(
                [
                    EstimateCell(
                        run=run, **{k: (None if _missing(v) else v) for k, v in row.items()}
                    )
                    for row in cells.to_dict("records")
                ],
                batch_size=2000,
            )
            run.inputs_fingerprint = digest
            run.results_fingerprint = results_digest(cells)
            run.n_frame, run.n_responding = len(frame), len(responses)
            run.status, run.progress, run.finished_at = (
                EstimateRun.Status.DONE,
                "klaar",
                timezone.now(),
            )
            run.save()
        say(f"klaar: {len(cells)} cellen, {len(regions)} regiotabellen")
    except Exception as exc:
        run.status, run.error, run.finished_at = EstimateRun.Status.FAILED, str(exc), timezone.now()
        run.save()
        raise
    return run


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
