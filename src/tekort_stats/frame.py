"""The population frame and the responses: column contract, validation and canonical order.

Every input is sorted by ``location_id`` (then ``function``) before anything else happens, so a
permutation of the input rows changes nothing in the output (bit-identical).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# the cells' names are defined once (tekort_stats.shortage_cells), re-exported here
from tekort_stats.shortage_cells import COMPONENTS, MEASURES  # noqa: F401

FRAME_COLUMNS = (
    "location_id",
    "board_id",
    "sector",
    "municipality_code",
    "labour_market_region",
    "onderwijsregio",
    "g5",
    "schoolweging_band",
    "formation_fte",
)
# province, landsdeel: geography of the collapse rules; sector_group (po / vo) and school_type
# (the letters' bao / sbo / (v)so / vo): further breakdowns of the published cells
OPTIONAL_FRAME_COLUMNS = ("province", "landsdeel", "sector_group", "school_type")

RESPONSE_COLUMNS = ("location_id", "function", "formatie_fte", *COMPONENTS)

BANDS = ("low", "middle", "high")
NO_BAND = "none"  # e.g. vo locations, which have no CBS schoolweging
SMALL_SECTORS = ("sbo", "so", "vso", "(v)so")  # geography = province (G5 cities still separate)


class InputError(ValueError):
    """Raised with one line per offending row, so that the caller can show the reasons."""


def _require(df: pd.DataFrame, columns, what: str):
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks columns: {', '.join(missing)}")


def prepare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the frame and return it sorted by location_id with a clean index."""
    _require(frame, FRAME_COLUMNS, "frame")
    keep = [c for c in (*FRAME_COLUMNS, *OPTIONAL_FRAME_COLUMNS) if c in frame.columns]
    df = frame[keep].copy()
    problems = []
    dup = df["location_id"].duplicated(keep=False)
    problems += [f"frame: location {v}: appears more than once" for v in df.loc[dup, "location_id"]]
    bad = ~(pd.to_numeric(df["formation_fte"], errors="coerce") > 0)
    problems += [
        f"frame: location {v}: formation_fte must be > 0" for v in df.loc[bad, "location_id"]
    ]
    if problems:
        raise InputError("\n".join(problems[:50]))
    df["formation_fte"] = df["formation_fte"].astype(float)
    df["g5"] = df["g5"].astype(bool)
    band = df["schoolweging_band"].astype(object).where(df["schoolweging_band"].notna(), NO_BAND)
    unknown = ~band.isin((*BANDS, NO_BAND))
    if unknown.any():
        raise InputError(
            "\n".join(
                f"frame: location {i}: schoolweging_band {b!r} not one of {BANDS}"
                for i, b in zip(df.loc[unknown, "location_id"], band[unknown], strict=True)
            )
        )
    df["schoolweging_band"] = band.astype(str)
    for col in (
        "board_id",
        "sector",
        "municipality_code",
        "labour_market_region",
        "onderwijsregio",
        *[c for c in OPTIONAL_FRAME_COLUMNS if c in df.columns],
    ):
        df[col] = df[col].astype(str)
    return df.sort_values("location_id", kind="stable").reset_index(drop=True)


def prepare_responses(responses: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate responses (§1.7 edits 1–2) against the frame; return them sorted.

    A row with any missing component or formatie is item non-response: the location does not
    respond for that function (§2.8). Rows that break an edit are rejected with reasons.
    """
    _require(responses, RESPONSE_COLUMNS, "responses")
    df = responses[list(RESPONSE_COLUMNS)].copy()
    df["function"] = df["function"].astype(str)
    for col in ("formatie_fte", *COMPONENTS):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    problems = []
    known = pd.Index(frame["location_id"])
    if known.is_unique:  # always after prepare_frame; a hash lookup, same answer as isin
        unknown = pd.Series(known.get_indexer(df["location_id"]) < 0, index=df.index)
    else:
        unknown = ~df["location_id"].isin(frame["location_id"])
    problems += [
        f"responses: location {v}: not in the frame" for v in df.loc[unknown, "location_id"]
    ]
    dup = df.duplicated(["location_id", "function"], keep=False)
    problems += [
        f"responses: location {v}, function {f}: more than one row"
        for v, f in zip(df.loc[dup, "location_id"], df.loc[dup, "function"], strict=True)
    ]
    comps = df[list(COMPONENTS)].to_numpy()
    neg = np.any(comps < 0, axis=1)
    problems += [f"responses: location {v}: negative component" for v in df.loc[neg, "location_id"]]
    f = df["formatie_fte"].to_numpy()
    nonpos = f <= 0
    problems += [
        f"responses: location {v}: formatie_fte must be > 0" for v in df.loc[nonpos, "location_id"]
    ]
    over = (df["regulier_openstaand"] + df["regulier_verborgen"]).to_numpy() > f + 1e-9
    problems += [
        f"responses: location {v}: vacancies exceed formatie" for v in df.loc[over, "location_id"]
    ]
    if problems:
        raise InputError("\n".join(problems[:50]))
    complete = df[["formatie_fte", *COMPONENTS]].notna().all(axis=1)
    df = df[complete]
    return df.sort_values(["location_id", "function"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class FunctionSample:
    """One function's respondents aligned to the frame (frame order = sorted location_id)."""

    function: str
    responding: np.ndarray  # bool per frame location
    formatie: np.ndarray  # f_i per frame location (0 where not responding)
    components: dict  # component name -> FTE per frame location (0 where not responding)


def function_samples(frame: pd.DataFrame, responses: pd.DataFrame) -> list[FunctionSample]:
    """Split the responses per function (sorted) and align them to the frame."""
    out = []
    pos = pd.Index(frame["location_id"])
    for function, rows in responses.groupby("function", sort=True):
        idx = pos.get_indexer(rows["location_id"])
        responding = np.zeros(len(frame), dtype=bool)
        responding[idx] = True
        formatie, comps = aligned_figures(len(frame), idx, rows)
        out.append(FunctionSample(str(function), responding, formatie, comps))
    return out


def aligned_figures(n: int, idx: np.ndarray, rows: pd.DataFrame) -> tuple[np.ndarray, dict]:
    """The rows' formatie and components at frame positions ``idx`` of a frame of ``n``
    locations, 0 elsewhere: (formatie, component name -> FTE), as a FunctionSample holds them."""
    formatie = np.zeros(n)
    formatie[idx] = rows["formatie_fte"].to_numpy()
    comps = {}
    for c in COMPONENTS:
        v = np.zeros(n)
        v[idx] = rows[c].to_numpy()
        comps[c] = v
    return formatie, comps
