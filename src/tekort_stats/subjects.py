"""The shortage per subject (vak) in vo: the tekortvakken (issue 20).

A vo location reports, per subject ``s``, its formatie ``f_{s,i}`` and the four shortage cells;
their sum over the subjects is the location's own formatie and cells (the form's rule). For every
subject ``s`` and domain ``D`` this module estimates

    R_{s,D} = sum_r w_i 1_D(i) y_{s,i} / sum_r w_i 1_D(i) f_{s,i} ,

the shortage FTE in subject ``s`` over the formatie in subject ``s``, with the same separate ratio
estimator, strata and collapse rules, calibrated weights, linearised variance, t interval,
quality class and disclosure control as every cell of ``estimate_round``: the subject's formatie
and cells stand in for the location's (as in ``coping``, where a measure's FTE stands in for the
hidden FTE).

Respondents ``r``: the vo locations that answered per subject. A location that answered the
total only (``totaal``), or gave no answer to the question, is an **item non-respondent** for
these estimates (methods.md §2.8): it is not counted as zero, it is left out, and the strata are
built on the item respondents alone, so that ``w_i = X_h / sum_{r_h} x_i`` rises to cover the
stratum's unit and item non-respondents alike. The assumption is the design's own, missing at
random within strata: within a stratum, the locations that answered per subject have the same
subject rates (in expectation) as those that did not. A location that answered per subject and
reports no formatie in ``s`` (it does not teach it) is a respondent with ``f_{s,i} = y_{s,i} = 0``
for ``s``: it is part of the estimate of the subject's formatie, not a non-respondent. That is why
this module runs the parts of ``estimate_round`` itself instead of calling it: a response of
``estimate_round`` must have a formatie > 0.

All subjects are estimated on the same respondents, so their strata, weights, response rates and
degrees of freedom are the same, and their FTE add up to the respondents' shortage FTE.

Counts: ``n_responding`` of a subject cell is the domain's item respondents (the sample of the
estimate); disclosure's R1 (and R2, whose contributions are zero anyway) counts only the
respondents that **contribute** to the subject (formatie or shortage in it), so that a subject
taught at one location of a region is never published as that location's figure.

Disclosure: each subject's cells (the nation and every onderwijsregio) are protected as
``estimate_round`` protects its cells (R1, R2 on every measure, secondary suppression in the
linked table nation → regions, the LP audit). On top of that, as in ``coping``: the subjects of one
domain add up (about) to the domain's vo shortage, which is published elsewhere; so in every domain
where one subject is suppressed at least one more is (``complement_subjects``), and again across
the regions of one subject with the subject's national cell as their total, to a fixed point.

Output: ``estimate_round``'s cell columns, function ``leraar``, breakdown ``vak`` (domain
``vak=<code>``: the nation) and ``vak:<breakdown>`` (domain ``vak=<code>|<col>=<value>``), every
measure of ``estimate_round``. ``item_response`` counts, per domain, the vo respondents that
answered per subject and those that did not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from tekort_stats import frame as frame_mod
from tekort_stats.cells import cell_table
from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.domains import NATIONAL, linearised_functions, partitions
from tekort_stats.estimate import Settings, _block, _protect_function, _sample
from tekort_stats.frame import COMPONENTS, InputError
from tekort_stats.linked import complete_groups, mark_secondary
from tekort_stats.strata import build_strata
from tekort_stats.variance import design_df
from tekort_stats.visibility import NOT_ASSESSED

FUNCTION = "leraar"
SECTOR = "vo"
PER_VAK = "per_vak"  # answered per subject: an item respondent
TOTAAL = "totaal"  # answered the total only: an item non-respondent
NOT_GIVEN = ""  # no answer to the question: an item non-respondent too
SUBJECT = "vak"
SUBJECT_COLUMNS = ("location_id", "subject", "formatie_fte", *COMPONENTS)
ANSWER_COLUMNS = ("location_id", "subject_answer")
DEFAULT_BREAKDOWNS = ("onderwijsregio",)
SUPPRESSED = (PRIMARY, SECONDARY)
TOTAL_MEASURE = "tekort"


def breakdown_name(breakdown: str) -> str:
    """The stored breakdown of a subject cell: ``vak`` (national) or ``vak:<breakdown>``."""
    return SUBJECT if breakdown == NATIONAL else f"{SUBJECT}:{breakdown}"


def domain_name(code: str, domain: str) -> str:
    """The stored domain of a subject cell: ``vak=<code>`` or ``vak=<code>|<domain>``."""
    return f"{SUBJECT}={code}" if domain == NATIONAL else f"{SUBJECT}={code}|{domain}"


def vo_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The part of the frame the subjects are estimated on: the vo locations."""
    return frame[frame["sector"].astype(str) == SECTOR].reset_index(drop=True)


def respondents(frame: pd.DataFrame, answers: pd.DataFrame, subjects: pd.DataFrame) -> list[str]:
    """The item respondents (sorted): vo locations in the frame that answered per subject and
    gave at least one subject's figures. Everyone else is an item non-respondent."""
    _require(answers, ANSWER_COLUMNS, "answers")
    _require(subjects, SUBJECT_COLUMNS, "subjects")
    vo = set(vo_frame(frame)["location_id"].astype(str))
    given = set(subjects["location_id"].astype(str))
    per_vak = answers.loc[answers["subject_answer"] == PER_VAK, "location_id"].astype(str)
    return sorted({c for c in per_vak if c in vo and c in given})


def _require(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks columns: {', '.join(missing)}")


def prepare_subjects(subjects: pd.DataFrame, respondents_: Sequence[str]) -> pd.DataFrame:
    """The respondents' subject rows with numeric FTE, validated like responses (§1.7) except
    that a subject's formatie may be 0 (a subject the location does not teach)."""
    df = subjects[list(SUBJECT_COLUMNS)].copy()
    df["location_id"] = df["location_id"].astype(str)
    df["subject"] = df["subject"].astype(str)
    df = df[df["location_id"].isin(set(respondents_))]
    for col in ("formatie_fte", *COMPONENTS):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    problems = []
    where = list(zip(df["location_id"], df["subject"], strict=True))
    values = df[["formatie_fte", *COMPONENTS]].to_numpy()
    dup = df.duplicated(["location_id", "subject"], keep=False).to_numpy()
    problems += [
        f"subjects: location {c}, subject {s}: more than one row"
        for (c, s), d in zip(where, dup, strict=True)
        if d
    ]
    for (c, s), row in zip(where, values, strict=True):
        f, ro, rv = row[0], row[1], row[2]
        if np.isnan(row).any():
            problems.append(f"subjects: location {c}, subject {s}: missing figure")
        elif (row < 0).any():
            problems.append(f"subjects: location {c}, subject {s}: negative figure")
        elif ro + rv > f + 1e-9:
            problems.append(f"subjects: location {c}, subject {s}: vacancies exceed formatie")
    if problems:
        raise InputError("\n".join(problems[:50]))
    return df.sort_values(["location_id", "subject"], kind="stable").reset_index(drop=True)


def _subject_sample(fr, responding, rows: pd.DataFrame, code: str) -> frame_mod.FunctionSample:
    """Subject ``code``'s formatie and cells aligned to the frame (0 where not given)."""
    pos = pd.Index(fr["location_id"])
    mine = rows[rows["subject"] == code]
    idx = pos.get_indexer(mine["location_id"])
    formatie, comps = frame_mod.aligned_figures(len(fr), idx, mine)
    return frame_mod.FunctionSample(FUNCTION, responding, formatie, comps)


def _contributors(sample):
    """The sample restricted to the respondents that contribute to the subject (formatie or
    shortage in it): the units disclosure control counts."""
    keep = (sample.f > 0) | np.any([v != 0 for v in sample.y.values()], axis=0)
    return dataclasses.replace(
        sample,
        w=sample.w[keep],
        f=sample.f[keep],
        x=sample.x[keep],
        y={m: v[keep] for m, v in sample.y.items()},
        stratum=sample.stratum[keep],
        board=sample.board[keep],
        index=sample.index[keep],
    )


def estimate_subjects(
    frame: pd.DataFrame,
    answers: pd.DataFrame,
    subjects: pd.DataFrame,
    breakdowns: Sequence[str] = DEFAULT_BREAKDOWNS,
    *,
    codes: Sequence[str] | None = None,
    settings: Settings | None = None,
    total_status: Mapping | None = None,
) -> pd.DataFrame:
    """The cells of every subject × domain × measure (``estimate_round``'s columns).

    ``frame``: the round's location frame (``estimate_round``'s columns; only its vo locations
    are used). ``answers``: one row per (unit) responding location with ``location_id`` and
    ``subject_answer`` (``per_vak`` / ``totaal`` / ``""``). ``subjects``: one row per location ×
    subject with ``location_id, subject, formatie_fte`` and the four cells (rows of locations
    that did not answer per subject are ignored). ``codes``: the subjects to estimate, in order
    (default: every subject given); a subject nobody contributes to has no cells.
    ``total_status`` (optional): (breakdown, domain) of ``estimate_round`` (``("national",
    "national")``, ``("onderwijsregio", "onderwijsregio=X")``) -> disclosure status of the vo
    shortage cell that the domain's subjects add up to (default published)."""
    settings = settings or Settings()
    fr = frame_mod.prepare_frame(vo_frame(frame))
    who = respondents(fr, answers, subjects)
    if not who:
        return pd.DataFrame()
    rows = prepare_subjects(subjects, who)
    codes = list(codes) if codes is not None else sorted(rows["subject"].unique())
    specs = [NATIONAL] + sorted({b for b in breakdowns if b != NATIONAL})
    parts = partitions(fr, specs)
    board_code = pd.factorize(fr["board_id"], sort=True)[0]
    x_frame = fr["formation_fte"].to_numpy()
    n_frames = [np.bincount(p.code, minlength=len(p.keys)) for p in parts]
    f_frames = [np.bincount(p.code, weights=x_frame, minlength=len(p.keys)) for p in parts]
    responding = fr["location_id"].isin(who).to_numpy()
    # the strata and weights of the item respondents: the item non-respondents are re-weighted
    # away within their stratum (after the collapse rules, as for any response)
    st = build_strata(fr, responding)
    samples = [_sample(fr, _subject_sample(fr, responding, rows, c), board_code, st) for c in codes]
    first = samples[0]
    df = design_df(len(first.index), int(np.count_nonzero(st.n_h)))
    measures = list(frame_mod.MEASURES)
    estimates = [
        linearised_functions(
            samples, part, measures, df, settings.level, settings.small_domain_intervals
        )
        for part in parts
    ]
    # the design's own counts: the item respondents per domain (the same for every subject)
    n_resp = [np.bincount(p.code[first.index], minlength=len(p.keys)) for p in parts]
    pair = [p.code[first.index] * (first.board.max() + 1) + first.board for p in parts]
    n_boards = [
        np.bincount(pd.unique(k) // (first.board.max() + 1), minlength=len(p.keys))
        for k, p in zip(pair, parts, strict=True)
    ]
    f_resp = [
        np.bincount(p.code[first.index], weights=first.x, minlength=len(p.keys)) for p in parts
    ]
    blocks = []
    for si, (code, sample) in enumerate(zip(codes, samples, strict=True)):
        mine = _contributors(sample)
        if len(mine.index) == 0:
            continue  # nobody teaches the subject: nothing to estimate
        status, _n_loc, _n_b, _audit = _protect_function(parts, mine, settings)
        if not settings.disclosure_control:
            status = np.full(status.shape, NOT_ASSESSED)
        offset = 0
        for pi, part in enumerate(parts):
            k = len(part.keys)
            named = dataclasses.replace(
                part,
                breakdown=breakdown_name(part.breakdown),
                keys=[domain_name(code, key) for key in part.keys],
            )
            blocks.append(
                _block(
                    FUNCTION,
                    named,
                    measures,
                    estimates[pi][si],
                    n_resp[pi],
                    n_frames[pi],
                    n_boards[pi],
                    f_frames[pi],
                    f_resp[pi],
                    status[offset : offset + k],
                    {},
                    df,
                    settings,
                )
            )
            offset += k
    if not blocks:
        return pd.DataFrame()
    cells = cell_table(blocks)
    for col in ("function", "breakdown", "domain", "measure", "disclosure_status"):
        cells[col] = cells[col].astype(str)
    if not settings.disclosure_control:
        return cells
    return complement_subjects(cells, total_status or {})


def _split_domain(breakdown: str, domain: str) -> tuple[str, str, str]:
    """(subject code, estimate_round's breakdown, estimate_round's domain) of a subject cell."""
    head, _, rest = domain.partition("|")
    code = head.split("=", 1)[1]
    inner = breakdown.split(":", 1)[1] if ":" in breakdown else NATIONAL
    return code, inner, rest or NATIONAL


def complement_subjects(cells: pd.DataFrame, total_status: Mapping) -> pd.DataFrame:
    """Secondary suppression across subjects (methods.md §3.3 R3), per domain: a cell's status
    is its domain's, for every measure (as in ``estimate_round``). Groups: the subjects of one
    domain (nation, or one region), whose total is the domain's vo shortage (suppressed where
    ``total_status`` says so; never suppressed here); and the regions of one subject × breakdown,
    whose total is the subject's national cell. A group holding exactly one suppressed cell gets
    a second: its open member with the smallest positive shortage FTE (a zero member protects
    nothing), else its total if that is a subject cell. Repeated to a fixed point."""
    cells = cells.reset_index(drop=True).copy()
    if cells.empty:
        return cells
    heads = cells[cells["measure"] == TOTAL_MEASURE]
    keys = list(zip(heads["breakdown"], heads["domain"], strict=True))
    suppressed = heads["disclosure_status"].isin(SUPPRESSED).to_numpy().copy()
    fte = heads["fte"].fillna(0.0).to_numpy()
    by_domain: dict = {}  # (breakdown, domain) of estimate_round -> subject cells
    by_subject: dict = {}  # (code, breakdown) -> region cells
    national: dict = {}  # code -> the subject's national cell
    for i, (b, d) in enumerate(keys):
        code, inner, dom = _split_domain(b, d)
        by_domain.setdefault((inner, dom), []).append(i)
        if inner == NATIONAL:
            national[code] = i
        else:
            by_subject.setdefault((code, inner), []).append(i)
    # (members, the index of the group's total among the cells or None, its fixed status)
    groups = [
        (np.array(m), None, total_status.get(k, PUBLISHED) in SUPPRESSED)
        for k, m in by_domain.items()
    ]
    groups += [(np.array(m), national.get(c), False) for (c, _b), m in by_subject.items()]
    added = complete_groups(suppressed, fte, groups)
    new = {keys[i] for i in np.flatnonzero(added)}
    rows = np.array(
        [(b, d) in new for b, d in zip(cells["breakdown"], cells["domain"], strict=True)],
        dtype=bool,
    )
    return mark_secondary(cells, rows)


def item_response(
    frame: pd.DataFrame,
    answers: pd.DataFrame,
    subjects: pd.DataFrame,
    breakdowns: Sequence[str] = DEFAULT_BREAKDOWNS,
) -> pd.DataFrame:
    """Per domain (``estimate_round``'s breakdown and domain, the nation first): how
    many vo (unit) respondents answered per subject (``n_per_vak``, the item respondents), the
    total only (``n_totaal``) or not at all (``n_not_given``), the frame's vo locations
    (``n_frame``) and the item response rate ``n_per_vak / n_responding``."""
    fr = frame_mod.prepare_frame(vo_frame(frame))
    who = set(respondents(fr, answers, subjects))
    ans = answers[answers["location_id"].astype(str).isin(set(fr["location_id"]))]
    kind = dict(zip(ans["location_id"].astype(str), ans["subject_answer"], strict=True))
    loc = fr["location_id"].to_numpy()
    per_vak = np.array([c in who for c in loc])
    answered = np.array([c in kind for c in loc])
    totaal = np.array([kind.get(c) == TOTAAL for c in loc]) & ~per_vak
    not_given = answered & ~per_vak & ~totaal
    specs = [NATIONAL] + sorted({b for b in breakdowns if b != NATIONAL})
    tables = []
    for part in partitions(fr, specs):
        k = len(part.keys)
        counts = {
            name: np.bincount(part.code, weights=mask.astype(float), minlength=k).astype(int)
            for name, mask in (
                ("n_per_vak", per_vak),
                ("n_totaal", totaal),
                ("n_not_given", not_given),
                ("n_responding", answered),
            )
        }
        n_frame = np.bincount(part.code, minlength=k)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = counts["n_per_vak"] / counts["n_responding"]
        tables.append(
            pd.DataFrame(
                {
                    "breakdown": part.breakdown,
                    "domain": part.keys,
                    **counts,
                    "n_frame": n_frame,
                    "item_response_rate": np.where(counts["n_responding"] > 0, rate, np.nan),
                }
            )
        )
    return pd.concat(tables, ignore_index=True)
