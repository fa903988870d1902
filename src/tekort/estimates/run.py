"""The one write path of estimates: compute a round with tekort_stats and store every cell, and
every onderwijsregio's tables of the region view from the same registrations
(``estimates.region_tables``), in one transaction."""

import dataclasses
import hashlib
import logging
from collections.abc import Callable

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

import tekort_stats
import tekort_stats.coping
import tekort_stats.domains
import tekort_stats.linked
import tekort_stats.subjects
from tekort.estimates.frames import (
    SECTOR_GROUP,
    build_coping_split,
    build_inputs,
    build_school_leader_inputs,
    build_subject_inputs,
    fingerprint,
)
from tekort.estimates.models import EstimateCell, EstimateRegionTables, EstimateRun
from tekort.estimates.region_tables import region_tables_for, registrations_from
from tekort.submissions.models import Round

DEFAULT_BREAKDOWNS = (
    "sector",
    "sector_group",
    "school_type",
    "g5",
    "schoolweging_band",
    "sector:g5",
    "sector:schoolweging_band",
    "province",
    "labour_market_region",
    # po / vo per arbeidsmarktregio: the unit of OCW's published region tables
    "sector_group:labour_market_region",
    "onderwijsregio",
    "onderwijsregio:sector",
    # po / vo per onderwijsregio: the level the letters build policy on (issue 23)
    "onderwijsregio:sector_group",
    "municipality_code",
)
# School leaders are registered per board and estimated on a frame of boards (estimates/frames.py):
# for the nation, the board's main sector (and its po / vo group and school type) and its
# onderwijsregio (boards are its members).
SCHOOL_LEADER_BREAKDOWNS = ("sector", "sector_group", "school_type", "onderwijsregio")
# How schools cope (tekort_stats.coping): the hidden shortage of teachers by emergency measure,
# for the nation, po / vo, the sectors and the onderwijsregio's (by po / vo).
COPING_BREAKDOWNS = ("sector_group", "sector", "onderwijsregio", "onderwijsregio:sector_group")
# Emergency measures asked in vo only (submissions.questions.VO_ONLY): not applicable in po, so
# their cells of a domain without vo locations (zero by construction) are not published.
VO_ONLY_MEASURES = ("nood:LESUITVAL",)
# The breakdowns of po / vo and the letters' school types are unions of sectors; estimate_round
# links each breakdown to the nation only, so these sums are protected here (tekort_stats.linked).
SECTOR_UNIONS = (
    (("sector_group", "sector_group=vo"), [("sector", "sector=vo")]),
    (("school_type", "school_type=vo"), [("sector", "sector=vo")]),
    (("school_type", "school_type=bao"), [("sector", "sector=bao")]),
    (("school_type", "school_type=sbo"), [("sector", "sector=sbo")]),
    (
        ("school_type", "school_type=(v)so"),
        [("sector", "sector=so"), ("sector", "sector=vso"), ("sector", "sector=(v)so")],
    ),
    (
        ("sector_group", "sector_group=po"),
        [("school_type", f"school_type={t}") for t in ("bao", "sbo", "(v)so")],
    ),
)
# The vo shortage per subject (tekort_stats.subjects, issue 20): stored as breakdown "vak" (the
# nation) and "vak:onderwijsregio"; the subjects of a domain add up to its vo shortage, whose
# cells are these (the sector's and the onderwijsregio's vo cells).
SUBJECT_BREAKDOWNS = ("onderwijsregio",)
VO_TOTALS = {
    ("sector", "sector=vo"): ("national", "national"),
    ("sector_group", "sector_group=vo"): ("national", "national"),
}
VO_REGION_BREAKDOWNS = ("onderwijsregio:sector", "onderwijsregio:sector_group")
# Publication priority per breakdown (issue 23, methods.md §3.3): where a withheld cell needs a
# complement, secondary suppression takes it among the group's cells of the lowest priority. po
# and vo, nationally and per onderwijsregio, are what the ministry and the regions publish and
# plan by: withheld last. A region's all-sector total and its single sectors give way to them,
# and municipalities give way first. Breakdowns not named here have priority 1.
PUBLICATION_PRIORITY = (
    ("sector_group", 4),
    ("onderwijsregio:sector_group", 4),
    ("sector", 3),
    ("school_type", 3),
    ("sector_group:labour_market_region", 3),
    ("onderwijsregio:sector", 2),
    ("municipality_code", 0),
)
# The Fay–Herriot model of onderwijsregio × po/vo (methods.md §2.6–2.7, issue 23), beside the
# municipalities' (the core's default): where a region's direct rate is too uncertain to show
# (class F), its model-based rate, benchmarked to the national po and vo rates, is shown instead.
SMALL_AREA_MORE = (("onderwijsregio:sector_group", "sector_group"),)
SETTINGS = tekort_stats.Settings(
    publication_priority=PUBLICATION_PRIORITY, small_area_more=SMALL_AREA_MORE
)
DEFAULT_SEED = 20231001
DEFAULT_BOOTSTRAP = 1000
CELL_FIELDS = [
    f.name for f in EstimateCell._meta.fields if f.name not in {"id", "run", "is_model_based"}
]

Progress = Callable[[str], None]
logger = logging.getLogger(__name__)


def compute(round_: Round, *, seed: int, n_bootstrap: int, breakdowns=DEFAULT_BREAKDOWNS):
    """The core's results for a round (teachers on the location frame, school leaders on the board
    frame), the inputs, and the fingerprint of exactly what went in."""
    frame, responses = build_inputs(round_)
    boards, leaders = build_school_leader_inputs(round_, frame)
    split = build_coping_split(round_)
    answers, subject_rows, codes = build_subject_inputs(round_)
    # a round without answers per subject keeps the fingerprint it always had
    per_subject = {"subject_codes": tuple(codes)} if len(subject_rows) else {}
    # the releases a revision is audited against are inputs too (a first run keeps its digest)
    released = earlier_releases(round_)
    if released:
        per_subject["earlier_releases"] = released
    digest = fingerprint(
        frame,
        responses,
        boards,
        leaders,
        *([split] if len(split) else []),
        *([answers, subject_rows] if len(subject_rows) else []),
        seed=seed,
        n_bootstrap=n_bootstrap,
        breakdowns=tuple(breakdowns),
        **per_subject,
    )
    earlier = earlier_versions(round_)
    results = [
        tekort_stats.estimate_round(
            frame,
            responses,
            list(breakdowns),
            rng=np.random.default_rng(seed),
            n_bootstrap=n_bootstrap,
            settings=SETTINGS,
            earlier=earlier,
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
                settings=SETTINGS,
                earlier=earlier,
            )
        )
    coping = coping_cells(frame, responses, split, results[0].cells)
    results, coping = protect_links(results, coping)
    subjects = subject_cells(frame, answers, subject_rows, codes, results[0].cells)
    return frame, responses, digest, results, coping, subjects


def earlier_versions(round_: Round) -> list[dict]:
    """What each release of the round already made public, for the revision's audit (issue 24),
    oldest first: per release, (function, breakdown, domain) -> (shortage FTE, withheld) of the
    direct cells whose FTE it showed or that disclosure control withheld
    (``tekort_stats.estimate_round``'s ``earlier``). Every version, not the latest only: a value
    a correction changed and a later one changed back is the quantity the first version showed."""
    runs = (
        EstimateRun.objects.filter(round=round_, releases__isnull=False)
        .order_by("releases__version")
        .distinct()
    )
    return [
        {
            key: (fte, withheld)
            for key, (fte, withheld, shown) in run.shortage_cells().items()
            if fte is not None and (withheld or shown)
        }
        for run in runs
    ]


def earlier_releases(round_: Round) -> tuple[int, ...]:
    """The primary keys of the round's releases, oldest first: inputs of a revision's run."""
    # through the runs' reverse relation: estimates sits below publications in the layers
    return tuple(
        EstimateRun.objects.filter(round=round_, releases__isnull=False)
        .order_by("releases__version")
        .values_list("releases__pk", flat=True)
    )


def subject_cells(frame, answers, subject_rows, codes, teacher_cells) -> pd.DataFrame:
    """The vo teachers' shortage per subject (tekort_stats.subjects), on the item respondents
    (the locations that answered per subject), protected like the run's own cells and
    complemented across the subjects of a domain, whose total (the domain's vo shortage in
    ``teacher_cells``) is published beside them. Empty when no location answered per subject."""
    if subject_rows.empty:
        return pd.DataFrame()
    wanted = [b for b in SUBJECT_BREAKDOWNS if all(p in frame for p in b.split(":"))]
    cells = tekort_stats.subjects.estimate_subjects(
        frame,
        answers,
        subject_rows,
        wanted,
        codes=codes,
        total_status=vo_total_status(teacher_cells),
    )
    # per onderwijsregio only the subject's total shortage is kept: its split into the four
    # cells is the national table's (a subject in one region is mostly a small cell), and the
    # 22 × 35 regional cells of every measure would be half of a release
    if cells.empty:
        return cells
    regional = cells["breakdown"] != tekort_stats.subjects.SUBJECT
    return cells[~regional | (cells["measure"] == "tekort")].reset_index(drop=True)


def vo_total_status(teacher_cells: pd.DataFrame) -> dict:
    """(breakdown, domain) of a subject estimate's domain -> the disclosure status of the vo
    shortage cell it adds up to (suppressed if any of its cells is)."""
    cells = teacher_cells[teacher_cells["function"] == "leraar"]
    status: dict = {}
    suppressed = ("primary_suppressed", "secondary_suppressed")
    for b, d, s in zip(
        cells["breakdown"], cells["domain"], cells["disclosure_status"], strict=True
    ):
        key = VO_TOTALS.get((b, d))
        if key is None and b in VO_REGION_BREAKDOWNS:
            parts = dict(p.split("=", 1) for p in d.split("|"))
            if parts.get("sector", parts.get("sector_group")) == "vo":
                key = ("onderwijsregio", f"onderwijsregio={parts['onderwijsregio']}")
        if key is not None and (status.get(key) not in suppressed):
            status[key] = s
    return status


def protect_links(results, coping: pd.DataFrame):
    """Secondary suppression over the sums estimate_round does not link: the sector unions
    (SECTOR_UNIONS), the measures of a domain and the emergency measures, which add up to its
    hidden vacancies; per function, to a fixed point, then the LP audit over all of them at once
    (tekort_stats.linked)."""
    out = []
    for k, result in enumerate(results):
        cells = result.cells
        extra = coping if k == 0 and len(coping) else cells.iloc[0:0]
        both = pd.concat([cells, extra], ignore_index=True)
        groups = tekort_stats.linked.groups_of(both, SECTOR_UNIONS)
        if len(extra):
            measures = tuple(sorted(extra["measure"].unique()))
            groups += tekort_stats.linked.groups_of(both, (), [("verborgen", measures)])
        protected = tekort_stats.linked.protect_groups(both, groups, SETTINGS.p)
        out.append(dataclasses.replace(result, cells=protected.iloc[: len(cells)]))
        if len(extra):
            coping = protected.iloc[len(cells) :].reset_index(drop=True)
    return out, coping


def coping_cells(frame, responses, split, teacher_cells) -> pd.DataFrame:
    """The teachers' hidden shortage by emergency measure, each measure's cells protected by
    disclosure control like the run's own and complemented across the measures of a domain
    (the hidden total of the domain, ``teacher_cells``' verborgen cell, is published beside
    them)."""
    if split.empty:
        return pd.DataFrame()
    hidden = teacher_cells[teacher_cells["measure"] == "verborgen"]
    status = dict(
        zip(
            zip(hidden["function"], hidden["breakdown"], hidden["domain"], strict=True),
            hidden["disclosure_status"],
            strict=True,
        )
    )
    wanted = [b for b in COPING_BREAKDOWNS if all(p in frame for p in b.split(":"))]
    cells = tekort_stats.coping.estimate_coping(
        frame, responses, split, wanted, hidden_status=status
    )
    if cells.empty:
        return cells
    with_vo = vo_domains(frame, wanted)
    applicable = [
        m not in VO_ONLY_MEASURES or (b, d) in with_vo
        for b, d, m in zip(cells["breakdown"], cells["domain"], cells["measure"], strict=True)
    ]
    return cells[applicable].reset_index(drop=True)


def vo_domains(frame, breakdowns) -> set[tuple[str, str]]:
    """(breakdown, domain) of every domain, the nation included, that holds a vo location of
    the frame: where a vo-only measure applies. Elsewhere (po, or an area of po schools only)
    its cell would be a zero by construction, derivable by anyone from the register."""
    vo = frame[frame["sector"].map(SECTOR_GROUP) == "vo"]
    if vo.empty:
        return set()
    parts = tekort_stats.domains.partitions(vo, ["national", *breakdowns])
    return {(part.breakdown, key) for part in parts for key in part.keys}


def cells_frame(
    *results, coping: pd.DataFrame | None = None, subjects: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Direct cells and the model-based (Fay–Herriot) rates of every result (municipalities and
    onderwijsregio × po/vo), and the coping and subject cells, in one stored table.

    A model-based cell takes its counts and quality from the direct cell of the same domain and
    has its own disclosure status (``tekort_stats.estimate.model_disclosure``: by the weight of the
    direct estimate in it and the benchmark to the regions); its interval is rate ± z·RMSE.
    """
    tables = [table for result in results for table in _result_tables(result)]
    if coping is not None and len(coping):
        tables.append(coping.assign(is_model_based=False))
    if subjects is not None and len(subjects):
        tables.append(subjects.assign(is_model_based=False))
    cells = pd.concat(tables, ignore_index=True)
    return cells[[*CELL_FIELDS, "is_model_based"]]


def _result_tables(result) -> list[pd.DataFrame]:
    direct = result.cells.assign(is_model_based=False)
    tables = [direct]
    sae = result.small_area
    if sae is not None and len(sae):
        key = ["function", "breakdown", "domain"]
        # the model's own disclosure status and symbol (tekort_stats.estimate.model_disclosure)
        same = direct[direct["measure"] == "tekort"].drop(
            columns=[
                "disclosure_status",
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
            [*key, "rate", "se_rate", "symbol", "disclosure_status", "method_id", "method_version"]
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
        frame, responses, digest, results, coping, subjects = compute(
            round_, seed=seed, n_bootstrap=n_bootstrap, breakdowns=breakdowns
        )
        say(f"{len(responses)} van {len(frame)} vestigingen geschat; regiotabellen berekenen")
        # the region view's tables from the registrations just read for the estimates
        regions = region_tables_for(run, registrations_from(responses))
        say(f"regiotabellen van {len(regions)} onderwijsregio's berekend; cellen opslaan")
        cells = cells_frame(*results, coping=coping, subjects=subjects)
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
        logger.exception("estimate run %s of %s failed", run.pk, round_, extra={"run": run.pk})
        raise
    seconds = (run.finished_at - run.started_at).total_seconds()
    logger.info(
        "estimate run %s of %s done: %d cells in %.1f s",
        run.pk,
        round_,
        len(cells),
        seconds,
        extra={"run": run.pk, "cells": len(cells), "seconds": round(seconds, 1)},
    )
    return run


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
