"""Build the inputs of tekort_stats for a round: the population frame and the responses.

The frame holds every location of the round's sectors in the register. Its `formation_fte` is
the formatie the location reported in this round; else the latest it reported before; else the
DUO pupil count divided by the sector's pupils per FTE (tekort.registry.staffing) — the stand-in
for DUO's FTE per location. Schoolweging bands are national tertiles of the bao locations' CBS
schoolweging (methods.md §2.1); locations without a CBS value are in band "none".

Responses are per location × function. Teachers (`leraar`) are the locations' own registrations.
School leaders (`schoolleider`) are registered per board (methods.md §1.6), but the core's frame is
per location: each board's school-leader formatie and four cells are allocated to the board's
locations in the frame in proportion to their frame `formation_fte` (share_i = f_i / Σ_board f), so
that a board's allocated totals equal what it reported and every location of a responding board
responds for `schoolleider`. The shares follow the frame's teacher formatie, not the pupils: the
frame's formatie is the calibration total of the estimator, so the allocation adds no second
auxiliary. Allocated school-leader figures are an estimation device, never shown per location.
`build_inputs(round_, functions=FUNCTIONS)` includes them; the default is teachers only.
"""

import hashlib

import pandas as pd
from django.db.models import Min

from tekort.registry import schoolweging
from tekort.registry.models import Location, PupilCount, Sector
from tekort.registry.staffing import PUPILS_PER_FTE
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration

CORE_SECTOR = {
    Sector.BAO: "bao",
    Sector.SBO: "sbo",
    Sector.SO: "so",
    Sector.VSO: "vso",
    Sector.SO_VSO: "(v)so",
    Sector.VO: "vo",
}
CELLS = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
FUNCTION = "leraar"
SCHOOL_LEADER = "schoolleider"
FUNCTIONS = (FUNCTION, SCHOOL_LEADER)


def schoolweging_bands(values: pd.Series, is_cbs: pd.Series, is_bao: pd.Series) -> pd.Series:
    """low / middle / high by national tertiles of the bao CBS values; 'none' without a CBS value.

    The rule is the register's (tekort.registry.schoolweging), applied to the frame's bao values.
    """
    cuts = schoolweging.tertile_cut_points(values[is_cbs & is_bao].astype(float))
    return pd.Series(schoolweging.bands(values, is_cbs, cuts), index=values.index)


def build_inputs(
    round_: Round, functions: tuple[str, ...] = (FUNCTION,)
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame and the responses of a round, as tekort_stats expects them (see its README).

    ``functions``: which functions' responses to include (``FUNCTIONS`` for teachers and the
    allocated school leaders).
    """
    locations = pd.DataFrame.from_records(
        Location.objects.filter(sector__in=round_.sectors)
        .annotate(onderwijsregio=Min("board__onderwijsregios__name"))
        .values(
            "code",
            "board_id",
            "sector",
            "municipality_id",
            "municipality__labour_market_region_id",
            "municipality__province_id",
            "municipality__is_g5",
            "schoolweging",
            "schoolweging_is_demo",
            "onderwijsregio",
        )
        .order_by("code")
    )
    responses = pd.DataFrame.from_records(
        Registration.objects.filter(
            round=round_, submitted_at__isnull=False, location__sector__in=round_.sectors
        )
        .values("location_id", "formatie", *CELLS)
        .order_by("location_id"),
        columns=["location_id", "formatie", *CELLS],
    )
    earlier = dict(
        Registration.objects.filter(
            round__peildatum__lt=round_.peildatum, submitted_at__isnull=False
        )
        .order_by("round__peildatum")
        .values_list("location_id", "formatie")
    )
    pupils = dict(
        PupilCount.objects.filter(pupils__isnull=False, year__lte=round_.peildatum.year)
        .order_by("year")
        .values_list("location_id", "pupils")
    )
    current = dict(zip(responses["location_id"], responses["formatie"], strict=True))

    def formation(code, sector):
        if code in current:
            return float(current[code])
        if code in earlier:
            return float(earlier[code])
        return max(pupils.get(code, 0) / PUPILS_PER_FTE[sector], 1.0)

    is_cbs = locations["schoolweging"].notna() & ~locations["schoolweging_is_demo"]
    frame = pd.DataFrame(
        {
            "location_id": locations["code"],
            "board_id": locations["board_id"],
            "sector": locations["sector"].map(CORE_SECTOR),
            "municipality_code": locations["municipality_id"],
            "labour_market_region": locations["municipality__labour_market_region_id"],
            "onderwijsregio": locations["onderwijsregio"].fillna("(geen)"),
            "g5": locations["municipality__is_g5"].astype(bool),
            "schoolweging_band": schoolweging_bands(
                locations["schoolweging"].fillna(0), is_cbs, locations["sector"] == Sector.BAO
            ),
            "formation_fte": [
                formation(c, s) for c, s in zip(locations["code"], locations["sector"], strict=True)
            ],
            "province": locations["municipality__province_id"],
        }
    )
    answers = pd.DataFrame(
        {
            "location_id": responses["location_id"],
            "function": FUNCTION,
            "formatie_fte": responses["formatie"].astype(float),
            **{cell: responses[cell].astype(float) for cell in CELLS},
        }
    )
    parts = []
    if FUNCTION in functions:
        parts.append(answers)
    if SCHOOL_LEADER in functions:
        parts.append(school_leader_responses(round_, frame))
    answers = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return frame, answers


def school_leader_responses(round_: Round, frame: pd.DataFrame) -> pd.DataFrame:
    """The boards' school-leader figures allocated to their frame locations by formation share."""
    columns = ["location_id", "function", "formatie_fte", *CELLS]
    boards = pd.DataFrame.from_records(
        SchoolLeaderRegistration.objects.filter(round=round_, submitted_at__isnull=False)
        .values("board_id", "formatie", *CELLS)
        .order_by("board_id"),
        columns=["board_id", "formatie", *CELLS],
    )
    if boards.empty:
        return pd.DataFrame(columns=columns)
    located = frame[["location_id", "board_id", "formation_fte"]].merge(boards, on="board_id")
    share = located["formation_fte"] / located.groupby("board_id")["formation_fte"].transform("sum")
    return pd.DataFrame(
        {
            "location_id": located["location_id"],
            "function": SCHOOL_LEADER,
            "formatie_fte": located["formatie"].astype(float) * share,
            **{cell: located[cell].astype(float) * share for cell in CELLS},
        }
    )[columns].sort_values("location_id", ignore_index=True)


def fingerprint(frame: pd.DataFrame, responses: pd.DataFrame, **parameters) -> str:
    """SHA-256 over the canonical CSV of both inputs and the run's parameters."""
    digest = hashlib.sha256()
    for table in (frame, responses):
        canonical = table.sort_values(list(table.columns[:2])).reset_index(drop=True)
        digest.update(canonical.to_csv(index=False, float_format="%.10g").encode())
    digest.update(repr(sorted(parameters.items())).encode())
    return digest.hexdigest()
